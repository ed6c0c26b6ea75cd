// README.md is a new user's path: it must stay short, its links must lead somewhere, and its quick start
// must run as written. The quick start runs for real, as a user runs it: `node quickstart.mjs` with
// INNGEST_DEV pointing at the emulator served over HTTP (the built package: npm test builds it first).
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { createInngestEmulator } from "inngest-rest/testing";

const README = readFileSync("README.md", "utf8");

/** The first fenced block of a language after a heading. */
function firstBlockAfter(heading: string, language: string): string {
  const section = README.slice(README.indexOf(`\n## ${heading}\n`));
  const match = new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(section);
  if (!match) throw new Error(`no \`\`\`${language} block after "## ${heading}"`);
  return match[1]!;
}

test("README stays a user's path: at most 16 KB", () => {
  expect(Buffer.byteLength(README)).toBeLessThanOrEqual(16 * 1024);
});

test("every relative link in README leads to a file or folder of the repository", () => {
  const targets = [...README.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((href) => !/^[a-z]+:/.test(href));
  expect(targets.length).toBeGreaterThan(10);
  expect(targets.filter((href) => !existsSync(href.split("#")[0]!))).toEqual([]);
});

test("README keeps exactly the two set-up commands of a fresh machine", () => {
  const setup = firstBlockAfter("Set up (fresh machine)", "sh").trim().split("\n").map((line) => line.replace(/\s+#.*$/, ""));
  expect(setup).toEqual(["npm ci && npm run demo", "npm ci && npm test"]);
  const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;
  expect(scripts["demo"]).toBeDefined();
  expect(scripts["test"]).toBeDefined();
});

test("the docs site's landing page shows the same quick start, so the test below covers both", () => {
  const landing = readFileSync("docs/site/index.md", "utf8");
  expect(landing).toContain("```js\n" + firstBlockAfter("Quick start", "js") + "```");
});

test("the quick start runs as written against the emulator", async () => {
  const emulator = createInngestEmulator();
  const server = await emulator.listen();
  // Beside node_modules, so `import "inngest-rest"` resolves as in a user's project.
  const file = join("node_modules", ".cache", "readme-quickstart.mjs");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, firstBlockAfter("Quick start", "js"));
  try {
    const env = { PATH: process.env["PATH"] ?? "", INNGEST_DEV: server.url };
    const { stdout } = await promisify(execFile)(process.execPath, [file], { env, timeout: 30_000 });
    expect(stdout).toMatch(/^sent [0-9A-Z]{26}\n/);
    expect(emulator.events.map((e) => e.name)).toEqual(["app/user.signup", "app/order.created", "app/order.created"]);
    const failedRuns = stdout.trim().split("\n").slice(1);
    expect(failedRuns.length).toBeGreaterThan(0);
    expect(failedRuns.every((line) => /^[0-9A-Z]{26} \S+ \S+$/.test(line))).toBe(true);
  } finally {
    await server.close();
  }
}, 60_000);
