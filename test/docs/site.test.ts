// The docs site as a reader sees it: headless Chromium opens the built site (docs/api) from a local
// static server, follows the landing page to every page it links (each guide, the CLI page, the
// reference), and keeps a screenshot of each. The assertions are what a reader would trip over.
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Browser, launchBrowser, VIEWPORT } from "./browser.js";
import { serveFolder, type StaticServer } from "./static-server.js";

const SITE = "docs/api";
const SCREENS = ".ci/reports/screens";
const IN_PAGE = readFileSync(new URL("./in-page.js", import.meta.url), "utf8");

interface PageReport {
  readonly path: string;
  readonly title: string;
  readonly rawLinks: string[];
  readonly wrappedCode: { lines: number; rendered: number; start: string }[];
  readonly brokenNames: string[];
  readonly mostThrows: number;
  readonly pageWidth: number;
  readonly links: { href: string; inContent: boolean }[];
  readonly consoleErrors: string[];
}

let server: StaticServer;
let browser: Browser;
const reports: PageReport[] = [];

/** Opens one page, collects its console errors, measures it in the page, and screenshots it. */
async function visit(path: string): Promise<PageReport> {
  const page = await browser.context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  page.on("response", (res) => {
    if (res.status() >= 400) consoleErrors.push(`HTTP ${res.status()} for ${new URL(res.url()).pathname}`);
  });
  const response = await page.goto(server.url + path, { waitUntil: "load" });
  if (response?.status() !== 200) consoleErrors.push(`HTTP ${response?.status()} for ${path}`);
  // typedoc's scripts build the sidebar after load.
  // A sidebar that never renders is an error of the page (the mid-word check would otherwise see no names).
  await page.waitForSelector(".tsd-navigation a", { timeout: 10_000 }).catch(() => consoleErrors.push(`sidebar never rendered on ${path}`));
  const measured = (await page.evaluate(IN_PAGE)) as Omit<PageReport, "path" | "consoleErrors">;
  const name = path.replace(/^\//, "").replace(/[^\w.-]+/g, "_") || "index.html";
  await page.screenshot({ path: join(SCREENS, `${name}.png`) });
  await page.screenshot({ path: join(SCREENS, `${name}.full.png`), fullPage: true });
  await page.close();
  return { path, consoleErrors, ...measured };
}

/** The local pages the landing page's content links to, as paths without fragments. */
function pagesLinkedFrom(landing: PageReport): string[] {
  const paths = landing.links
    .filter((link) => link.inContent)
    .map((link) => new URL(link.href).pathname)
    .filter((path) => path.endsWith(".html") && path !== "/index.html");
  return [...new Set(paths)];
}

beforeAll(async () => {
  if (!existsSync(join(SITE, "index.html"))) throw new Error(`${SITE}/index.html is missing: run \`npm run docs\` first`);
  mkdirSync(SCREENS, { recursive: true });
  server = await serveFolder(SITE);
  browser = await launchBrowser();
  const landing = await visit("/index.html");
  reports.push(landing);
  for (const path of pagesLinkedFrom(landing)) reports.push(await visit(path));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Each page's non-empty findings, keyed by path, so a failure names the page. */
function findings<T>(pick: (r: PageReport) => T[]): Record<string, T[]> {
  return Object.fromEntries(reports.map((r) => [r.path, pick(r)] as const).filter(([, found]) => found.length > 0));
}

describe("the docs site in Chromium at 1280 px", () => {
  test("the landing page links every guide and the CLI page", () => {
    const guides = readdirSync(join(SITE, "documents")).map((file) => `/documents/${file}`);
    const visited = reports.map((r) => decodeURIComponent(r.path));
    expect(guides.filter((guide) => !visited.includes(guide))).toEqual([]);
    expect(visited).toContain("/documents/The_command_line.html");
  });

  test("no page shows raw link syntax as text", () => {
    expect(findings((r) => r.rawLinks)).toEqual({});
  });

  test("no page logs a console error", () => {
    expect(findings((r) => r.consoleErrors)).toEqual({});
  });

  test("every local link on every visited page answers 200, and its fragment exists", async () => {
    const hrefs = [...new Set(reports.flatMap((r) => r.links.map((l) => l.href)))];
    const bodies = new Map<string, Promise<{ status: number; text: string }>>();
    const fetchPage = (url: string) => {
      if (!bodies.has(url)) bodies.set(url, fetch(url).then(async (res) => ({ status: res.status, text: await res.text() })));
      return bodies.get(url)!;
    };
    const broken: string[] = [];
    for (const href of hrefs) {
      const url = new URL(href);
      const { status, text } = await fetchPage(url.origin + url.pathname);
      const fragment = decodeURIComponent(url.hash.slice(1));
      if (status !== 200) broken.push(`${href}: HTTP ${status}`);
      else if (fragment && !text.includes(`id="${fragment}"`) && !text.includes(`name="${fragment}"`)) broken.push(`${href}: no #${fragment}`);
    }
    expect(broken).toEqual([]);
  });

  test("no code block wraps: long lines scroll", () => {
    expect(findings((r) => r.wrappedCode)).toEqual({});
  });

  test("no page is wider than the window: wide tables and code scroll in place", () => {
    expect(reports.filter((r) => r.pageWidth > VIEWPORT.width).map((r) => `${r.path}: ${r.pageWidth} px`)).toEqual([]);
  });

  test("no sidebar name breaks mid-word", () => {
    expect(findings((r) => r.brokenNames)).toEqual({});
  });

  test("a method's throws are one list, not one section per error", () => {
    expect(reports.filter((r) => r.mostThrows > 1).map((r) => r.path)).toEqual([]);
    expect(reports.some((r) => r.path.includes("Runs.html") || r.mostThrows === 1)).toBe(true);
    // The Throws lists were found at all (a selector that stopped matching would leave every count at 0).
    expect(Math.max(...reports.map((r) => r.mostThrows))).toBe(1);
  });
});
