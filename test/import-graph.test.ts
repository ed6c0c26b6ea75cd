import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type Metafile } from "esbuild";
import { afterAll, describe, expect, test } from "vitest";

// zod/mini is about 90 ES modules, 80% of what this SDK's cold import was. It is loaded on the first
// answer that needs a full check (src/wire/load.ts; an event the quick check refuses: event-envelope.ts),
// never at import, and never on the hot paths: a send of valid events, a page of runs the quick
// reader takes.

const ROOT = join(import.meta.dirname, "..");
const isZod = (path: string) => path === "zod" || path.startsWith("zod/");

/** Every module esbuild bundles from `entry` (ky and zod left out), with its imports and their kinds. */
async function importsOf(entry: string): Promise<Metafile["inputs"]> {
  const { metafile } = await build({
    entryPoints: [join(ROOT, entry)],
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "neutral",
    splitting: true,
    outdir: "out",
    external: ["ky", "zod", "zod/*"],
    logLevel: "silent",
  });
  return metafile.inputs;
}

/**
 * The modules reached from `entry` through static imports only, each with the chain that reaches
 * it, and the ones among them that import zod statically. Found by esbuild (what tsup builds with):
 * it resolves `./x.js` to `x.ts` and drops type-only imports exactly as the build does, and its
 * metafile tells a static `import` from a dynamic `import()`. Reading dist/ instead would need a
 * fresh build, and would only show that some chunk imports zod, not which source file does.
 */
async function staticZodImporters(entry: string): Promise<Map<string, string[]>> {
  const inputs = await importsOf(entry);
  const chains = new Map<string, string[]>([[entry, [entry]]]);
  const found = new Map<string, string[]>();
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const imp of inputs[file]?.imports ?? []) {
      if (imp.kind !== "import-statement") continue;
      if (imp.external && isZod(imp.path)) found.set(file, chains.get(file)!);
      if (imp.external || chains.has(imp.path)) continue;
      chains.set(imp.path, [...chains.get(file)!, imp.path]);
      queue.push(imp.path);
    }
  }
  return found;
}

describe("importing inngest-rest does not load zod", () => {
  test("no module that src/index.ts imports statically imports zod (zod is reached through import() only)", async () => {
    const found = await staticZodImporters("src/index.ts");
    const chains = [...found.values()].map((chain) => chain.join(" -> "));
    expect(chains, "these modules load zod at import; reach their schemas through loadSchemas() (src/wire/load.ts)").toEqual([]);
  });

  test("the schemas module is reached only through loadSchemas()'s import()", async () => {
    // Says which import broke the laziness, where the guard above names every module behind it.
    const importers = Object.entries(await importsOf("src/index.ts")).flatMap(([file, input]) =>
      input.imports.filter((i) => i.path === "src/wire/schemas.ts").map((i) => `${file} (${i.kind})`),
    );
    expect(importers).toEqual(["src/wire/load.ts (dynamic-import)"]);
  });
});

// The built package (dist/, from `npm test`'s pretest), run in fresh Node processes: what a user's
// app loads. ESM: a module-load hook logs every URL. CJS: tsup bundles the schemas behind a
// `require` run on first use, so `require.cache` tells whether zod was loaded.
describe("the built package, in a fresh Node process", () => {
  const dir = mkdtempSync(join(tmpdir(), "inngest-rest-imports-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, "loaded.log");
  // registerHooks (Node >= 22.15) runs the hook in the thread; register (Node 20) is deprecated after it.
  writeFileSync(
    join(dir, "register.mjs"),
    `import * as module from "node:module";
import { appendFileSync } from "node:fs";
const load = (url, context, next) => { appendFileSync(${JSON.stringify(log)}, url + "\\n"); return next(url, context); };
if (module.registerHooks) module.registerHooks({ load });
else module.register("./hooks.mjs", import.meta.url);
`,
  );
  writeFileSync(
    join(dir, "hooks.mjs"),
    `import { appendFileSync } from "node:fs";
export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + "\\n"); return next(url, context); }
`,
  );

  // Counts zod modules (and the ESM schema chunk) loaded: after import, after a send and paging
  // 250 runs (read by the quick reader), and after apps.list() (which needs zod).
  const scenario = (load: string, ext: string, loaded: string) => `
    const count = () => { const l = ${loaded}; return { zod: l.filter((u) => u.includes("/node_modules/zod/")).length, schemas: l.some((u) => /schemas-[^/]*\\.js$/.test(u)) }; };
    const { createInngestClient } = ${load}(${JSON.stringify(`${ROOT}/dist/index.${ext}`)});
    const out = { imported: count() };
    const { createInngestEmulator } = ${load}(${JSON.stringify(`${ROOT}/dist/testing.${ext}`)});
    const emulator = createInngestEmulator();
    const inngest = createInngestClient({ fetch: emulator.fetch, eventKey: "test", signingKey: "signkey-test-00" });
    await inngest.events.send({ name: "app/user.signup", data: { userId: "u_1" } });
    let runs = 0;
    for await (const run of inngest.runs.list({ limit: 100 })) runs++;
    out.hot = { ...count(), runs };
    await inngest.apps.list();
    out.apps = count();
    console.log(JSON.stringify(out));`;
  type Counts = { zod: number; schemas: boolean };
  const run = (file: string, code: string, args: string[] = []) => {
    writeFileSync(join(dir, file), code);
    writeFileSync(log, "");
    const child = spawnSync(process.execPath, [...args, file], { cwd: dir, encoding: "utf8", timeout: 30_000 });
    expect(child.status, child.stderr).toBe(0);
    return JSON.parse(child.stdout) as { imported: Counts; hot: Counts & { runs: number }; apps: Counts };
  };

  test("ESM: import(), a send and a page of runs load no zod; the first apps.list() loads it", () => {
    const loaded = `readFileSync(${JSON.stringify(log)}, "utf8").split("\\n")`;
    const got = run("esm.mjs", `import { readFileSync } from "node:fs";\n${scenario("await import", "js", loaded)}`, ["--import", "./register.mjs"]);
    expect(got.hot.runs).toBe(250);
    expect([got.imported.schemas, got.hot.schemas, got.apps.schemas]).toEqual([false, false, true]);
    expect([got.imported.zod, got.hot.zod]).toEqual([0, 0]);
    expect(got.apps.zod).toBeGreaterThan(0);
  });

  test("CJS: require(), a send and a page of runs load no zod; the first apps.list() loads it", () => {
    const got = run("cjs.cjs", `(async () => {${scenario("require", "cjs", "Object.keys(require.cache)")}})();`);
    expect(got.hot.runs).toBe(250);
    expect([got.imported.zod, got.hot.zod]).toEqual([0, 0]);
    expect(got.apps.zod).toBeGreaterThan(0);
  });
});
