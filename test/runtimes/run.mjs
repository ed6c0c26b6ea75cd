#!/usr/bin/env node
// Runs the BUILT package (dist/, from `npx tsup`) for real in every runtime it claims, each against
// its own fake Inngest on 127.0.0.1 (server.mjs), with the same scenario (scenario.mjs): send 5
// events with batchSize 2, walk runs.list({ limit: 2 }) with `for await`, and make one send fail
// with a 401. Each check then looks at both sides: what the scenario returned, and what the server
// received. Runtimes:
//
//   neutral  esbuild bundles dist/index.js and dist/testing.js for platform=neutral: no Node built-in
//            import, no Buffer/process outside readEnv (testing: import("node:http") in listen())
//   node     one Node process: require("inngest-rest") (CJS) and import("inngest-rest") (ESM),
//            both send; errors cross copies (instanceof and is*Error, Symbol.for branding)
//   workerd  miniflare 4 (devDependency): a module Worker bundling dist/index.js, no nodejs_compat
//   edge     @edge-runtime/vm (devDependency): an IIFE bundle evaluated in EdgeVM
//   edge-emulator  the SDK driven through inngest-rest/testing inside EdgeVM, no network
//   deno     deno 2 from the npm registry, cached under ~/.cache/inngest-rest-deno/<version>
//   bun      bun 1 from the npm registry, cached under ~/.cache/inngest-rest-bun/<version>
//
// Usage: node test/runtimes/run.mjs [--json report.json] [--only workerd,deno]
// Writes a vitest-JSON-compatible report (one suite per runtime) and exits 1 if any check failed.
// dist/ must exist (.ci/run builds first); a runtime that cannot be installed or started is a
// failed check that says why, never a skip.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { startFakeInngest, PAGE_2_CURSOR, RUN_IDS } from "./server.mjs";
import { BAD_EVENT_KEY, EVENT_COUNT, EVENT_KEY, EVENT_NAME, EXPECTED_BEARER, SIGNING_KEY } from "./scenario.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const DIST = join(ROOT, "dist");
const ENTRIES = join(HERE, "entries");
const CACHE = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
const DENO_VERSION = "2.9.6";
const BUN_VERSION = "1.4.5";
const WORKERD_COMPAT_DATE = "2026-07-01";
const CHILD_TIMEOUT_MS = 60_000;
const requireFromRoot = createRequire(join(ROOT, "package.json"));

// ---------------------------------------------------------------------------------------------
// Arguments, report

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const jsonFile = opt("--json");
const only = opt("--only")?.split(",").map((s) => s.trim());

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const PASS = paint(32, "✓");
const FAIL = paint(31, "✗");

/** @type {{name: string, status: string, message: string, startTime: number, endTime: number, assertionResults: object[]}[]} */
const suites = [];

/**
 * One runtime = one suite of checks. `fn` gets `check(title, ok, detail)` and `note(text)`; an
 * exception out of `fn` becomes a failed check carrying its message.
 */
async function suite(key, name, fn) {
  if (only && !only.includes(key)) return;
  const startTime = Date.now();
  const assertionResults = [];
  console.log(`\n${paint(1, name)}`);
  const check = (title, ok, detail = "") => {
    const status = ok ? "passed" : "failed";
    assertionResults.push({
      ancestorTitles: [name],
      fullName: `${name} › ${title}`,
      title,
      status,
      duration: Date.now() - startTime,
      failureMessages: ok ? [] : [String(detail || "failed")],
    });
    console.log(`  ${ok ? PASS : FAIL} ${title}`);
    if (!ok && detail) console.log(String(detail).replace(/^/gm, "      "));
    return ok;
  };
  const note = (text) => console.log(paint(2, `    · ${text}`));
  try {
    await fn({ check, note });
  } catch (err) {
    // The message and where it came from; the whole stack is noise in a CI log.
    check(`${key}: runs to the end`, false, err instanceof Error ? (err.stack ?? "").split("\n").slice(0, 12).join("\n") : String(err));
  }
  if (assertionResults.length === 0) check(`${key}: made at least one check`, false, "no check ran");
  const endTime = Date.now();
  const failed = assertionResults.filter((a) => a.status === "failed").length;
  const status = failed ? "failed" : "passed";
  console.log(`  ${failed ? FAIL : PASS} ${key}: ${assertionResults.length - failed} ok, ${failed} failing, ${((endTime - startTime) / 1000).toFixed(1)} s`);
  suites.push({ name: `test/runtimes › ${name}`, status, message: failed ? `${failed} check(s) failed` : "", startTime, endTime, assertionResults });
}

function writeReport() {
  const all = suites.flatMap((s) => s.assertionResults);
  const numFailedTests = all.filter((a) => a.status === "failed").length;
  const report = {
    numTotalTestSuites: suites.length,
    numPassedTestSuites: suites.filter((s) => s.status === "passed").length,
    numFailedTestSuites: suites.filter((s) => s.status === "failed").length,
    numPendingTestSuites: 0,
    numTotalTests: all.length,
    numPassedTests: all.length - numFailedTests,
    numFailedTests,
    numPendingTests: 0,
    numTodoTests: 0,
    startTime: suites[0]?.startTime ?? Date.now(),
    success: numFailedTests === 0 && suites.length > 0,
    testResults: suites,
  };
  if (jsonFile) {
    mkdirSync(dirname(jsonFile), { recursive: true });
    writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Runs a command; never rejects. Kills it (and reports so) after `timeoutMs`. */
function run(cmd, args, { cwd = ROOT, env = process.env, timeoutMs = CHILD_TIMEOUT_MS } = {}) {
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let child;
    try {
      child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    } catch (err) {
      resolve({ code: null, stdout, stderr: String(err), timedOut });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (err) => (stderr += `\n${err.message}`));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** The JSON a child printed on its "@@RESULT " line; throws with the child's output otherwise. */
function resultOf(label, out) {
  const line = out.stdout.split("\n").find((l) => l.startsWith("@@RESULT "));
  if (!line) {
    const why = out.timedOut ? `timed out after ${CHILD_TIMEOUT_MS / 1000} s` : `exited with ${out.code ?? out.signal}`;
    throw new Error(`${label} printed no result (${why}).\nstdout: ${tail(out.stdout)}\nstderr: ${tail(out.stderr)}`);
  }
  return JSON.parse(line.slice("@@RESULT ".length));
}

const tail = (text, n = 1500) => (text.length > n ? `…${text.slice(-n)}` : text).trim() || "(empty)";
const show = (v) => JSON.stringify(v);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function withServer(fn) {
  const server = await startFakeInngest();
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

/**
 * Installs `pkg@version` once per machine under ~/.cache/inngest-rest-<name>/<version> (like
 * .ci/node.sh does for Node) and returns `{ bin, home }`: a binary that answers `--version` with it.
 */
async function ensureTool(name, pkg, version, candidates, note) {
  const home = join(CACHE, `inngest-rest-${name}`, version);
  const find = async () => {
    for (const rel of candidates) {
      const bin = join(home, "node_modules", rel);
      if (!existsSync(bin)) continue;
      const out = await run(bin, ["--version"], { timeoutMs: 20_000 });
      if (out.code === 0 && out.stdout.includes(version)) return bin;
    }
    return undefined;
  };
  let bin = await find();
  if (bin) {
    note(`${name} ${version}: cached at ${home}`);
    return { bin, home };
  }
  const started = Date.now();
  const out = await run(
    "npm",
    ["install", "--prefix", home, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error", `${pkg}@${version}`],
    { timeoutMs: 300_000 },
  );
  bin = await find();
  if (!bin) {
    throw new Error(
      `could not install ${pkg}@${version} into ${home} (npm exit ${out.code}${out.timedOut ? ", timed out" : ""}; ` +
        `looked for ${candidates.join(", ")}).\n${(out.stderr || out.stdout).trim().split("\n").slice(0, 6).join("\n")}`,
    );
  }
  note(`${name} ${version}: installed from the npm registry into ${home} in ${seconds(Date.now() - started)}`);
  return { bin, home };
}

function version(pkg) {
  try {
    return JSON.parse(readFileSync(requireFromRoot.resolve(`${pkg}/package.json`), "utf8")).version;
  } catch {
    return "?";
  }
}

/** Bundles `entry` (which imports ../../../dist/index.js) with its dependencies inlined. */
async function bundle(entry, options) {
  const esbuild = requireFromRoot("esbuild");
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    outfile: "out.js",
    ...options,
  });
  const output = result.outputFiles.find((f) => f.path.endsWith(".js"));
  return { code: output.text, meta: Object.values(result.metafile.outputs)[0] };
}

// ---------------------------------------------------------------------------------------------
// dist/ must be there (.ci/run builds it first); say so when it is older than src/.

if (!existsSync(join(DIST, "index.js")) || !existsSync(join(DIST, "index.cjs"))) {
  await suite("build", "dist/ is built", ({ check }) => {
    check("dist/index.js and dist/index.cjs exist", false, `missing under ${DIST}: run \`npx tsup\` first`);
  });
  writeReport();
  process.exit(1);
}
{
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, d) => Math.max(m, d.isDirectory() ? newest(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs), 0);
  const srcTime = newest(join(ROOT, "src"));
  if (srcTime > statSync(join(DIST, "index.js")).mtimeMs) {
    console.log(paint(33, `warning: src/ changed after ${relative(process.cwd(), join(DIST, "index.js"))} was built: run \`npx tsup\` to test the current code`));
  }
}

// ---------------------------------------------------------------------------------------------
// The checks every runtime's scenario must pass, on both sides of the wire.

/**
 * @param {(title: string, ok: boolean, detail?: string) => boolean} check
 * @param {string} label prefix for titles ("" or "CJS: ")
 * @param {RegExp} runtime what the scenario must report as its runtime
 * @param {any} r the scenario's result
 * @param {{method: string, path: string, query: Record<string, string[]>, headers: Record<string, any>, body: string}[]} requests
 */
function verifyScenario(check, label, runtime, r, requests) {
  check(
    `${label}scenario ran inside ${r?.runtime ?? "?"} and finished`,
    !!r && runtime.test(r.runtime ?? "") && r.crash === null,
    r?.crash ? `crashed: ${r.crash}` : `runtime reported ${show(r?.runtime)}, expected ${runtime}`,
  );

  const expectedIds = Array.from({ length: EVENT_COUNT }, (_, i) => `evt-${i}`);
  check(`${label}events.send of 5 events resolved to 5 ids in input order`, isDeepStrictEqual(r?.ids, expectedIds), `got ${show(r?.ids)}`);

  const posts = requests.filter((q) => q.method === "POST" && q.path === `/e/${EVENT_KEY}`);
  const chunks = posts.map((q) => {
    try {
      return JSON.parse(q.body);
    } catch {
      return q.body;
    }
  });
  const problems = [];
  if (posts.length !== 3) problems.push(`${posts.length} POSTs to /e/<key>, expected 3`);
  const indexes = chunks.map((c) => (Array.isArray(c) ? c.map((e) => e?.data?.i) : "not an array")).sort((a, b) => a[0] - b[0]);
  if (!isDeepStrictEqual(indexes, [[0, 1], [2, 3], [4]])) problems.push(`chunks (by data.i) ${show(indexes)}, expected [[0,1],[2,3],[4]]`);
  if (!chunks.flat().every((e) => e?.name === EVENT_NAME)) problems.push("an event lost its name");
  const seeds = posts.map((q) => q.headers["x-inngest-event-id-seed"]);
  if (!seeds.every((s) => typeof s === "string" && /^\d{13},[A-Za-z0-9+/]+=*$/.test(s))) problems.push(`seeds ${show(seeds)}`);
  if (new Set(seeds).size !== seeds.length) problems.push(`seeds repeat across chunks ${show(seeds)}`);
  if (!posts.every((q) => String(q.headers["content-type"]).startsWith("application/json"))) problems.push("content-type is not application/json");
  check(`${label}server got 3 POST /e/<eventKey> of 2+2+1 events, each with its own x-inngest-event-id-seed`, problems.length === 0, problems.join("; "));

  const runIds = r?.runs?.map((x) => x.id);
  check(
    `${label}for await over runs.list({ limit: 2 }) walked 3 runs across 2 pages`,
    isDeepStrictEqual(runIds, RUN_IDS) && r.runs.every((x) => x.status === "completed" && x.functionId === "runtime-fn"),
    `got ${show(r?.runs)}`,
  );

  const gets = requests.filter((q) => q.method === "GET" && q.path === "/v2/runs");
  const getProblems = [];
  if (gets.length !== 2) getProblems.push(`${gets.length} GET /v2/runs, expected 2`);
  if (gets[0] && !isDeepStrictEqual(gets[0].query, { limit: ["2"] })) getProblems.push(`first query ${show(gets[0].query)}`);
  if (gets[1] && !isDeepStrictEqual(gets[1].query, { limit: ["2"], cursor: [PAGE_2_CURSOR] })) getProblems.push(`second query ${show(gets[1].query)}`);
  const auths = gets.map((q) => q.headers.authorization);
  if (!auths.every((a) => a === EXPECTED_BEARER)) getProblems.push(`authorization ${show(auths)}`);
  check(`${label}server got GET /v2/runs?limit=2, then &cursor=<page 2>, each with Authorization: Bearer <hashed signing key>`, getProblems.length === 0, getProblems.join("; "));

  // runs.get is the first answer the scenario reads with zod: the SDK's lazy import() of its schemas ran here.
  const one = requests.filter((q) => q.method === "GET" && q.path === `/v2/runs/${RUN_IDS[0]}`);
  check(
    `${label}runs.get read run-1 with the schemas it loads on first use (a dynamic import of zod)`,
    isDeepStrictEqual(r?.run, { id: RUN_IDS[0], status: "completed", durationMs: 1000 }) && one.length === 1,
    `got ${show(r?.run)}; server got ${one.length} GET /v2/runs/${RUN_IDS[0]}`,
  );

  const e = r?.error;
  const refused = requests.filter((q) => q.method === "POST" && q.path === `/e/${BAD_EVENT_KEY}`);
  check(
    `${label}a 401 rejects with AuthenticationError: instanceof InngestError, isInngestError, no key in message or stack`,
    !!e?.thrown &&
      e.name === "AuthenticationError" &&
      e.status === 401 &&
      e.path === "/e/***" &&
      e.instanceOfInngestError &&
      e.instanceOfAuthenticationError &&
      e.isInngestError &&
      e.leakedKeys.length === 0 &&
      refused.length === 1,
    `error ${show(e)}; server got ${refused.length} POST to the refused key`,
  );

  const known = posts.length + gets.length + one.length + refused.length;
  const others = requests.filter((q) => !posts.includes(q) && !gets.includes(q) && !one.includes(q) && !refused.includes(q));
  const rawKey = requests.filter((q) => JSON.stringify(q).includes(SIGNING_KEY));
  check(
    `${label}server got nothing else (${known} requests), and never the raw signing key`,
    others.length === 0 && rawKey.length === 0,
    [others.length ? `unexpected: ${show(others.map((q) => `${q.method} ${q.path}`))}` : "", rawKey.length ? "the raw signing key was sent" : ""].filter(Boolean).join("; "),
  );
}

// ---------------------------------------------------------------------------------------------
// 6. Neutral platform: the built ESM must bundle with no Node built-in.

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isBuiltin = (s) => typeof s === "string" && (s.startsWith("node:") || NODE_BUILTINS.has(s));

/**
 * Bundles a dist file for platform=neutral (Node built-ins left external, so they show up instead
 * of failing the build) and lists every way the output reaches Node: imports of built-ins, free
 * `process`/`Buffer` (found by esbuild's scope-aware `define`), `.process`/`.Buffer` member reads,
 * and `node:` specifiers. `allowed(kind, fnName, detail)` may excuse one.
 */
async function nodeReferences(file, allowed) {
  const acorn = requireFromRoot("acorn");
  const MARK = "__neutral_check_free_";
  const { code, meta } = await bundle(file, {
    format: "esm",
    external: [...NODE_BUILTINS, "node:*"],
    define: {
      process: `${MARK}process`,
      Buffer: `${MARK}Buffer`,
      "globalThis.process": `${MARK}process`,
      "globalThis.Buffer": `${MARK}Buffer`,
      global: `${MARK}global`,
    },
  });
  const found = [];
  const add = (kind, fn, detail, node) => {
    if (allowed(kind, fn, detail)) return;
    const at = node ? code.slice(Math.max(0, node.start - 40), node.end + 40).replace(/\s+/g, " ") : "";
    found.push(`${kind} ${detail}${fn === null ? "" : ` in ${fn ?? "top level"}`}${at ? `: …${at}…` : ""}`);
  };
  // What esbuild left external (every Node built-in shows up here); where it sits is found below.
  for (const imp of meta.imports) add(`bundle ${imp.kind}`, null, show(imp.path));

  const ast = acorn.parse(code, { ecmaVersion: "latest", sourceType: "module" });
  const fnName = (node, parent) =>
    node.id?.name ??
    (parent?.type === "VariableDeclarator" && parent.id.type === "Identifier" ? parent.id.name : undefined) ??
    ((parent?.type === "Property" || parent?.type === "MethodDefinition" || parent?.type === "PropertyDefinition") && !parent.computed
      ? (parent.key.name ?? parent.key.value)
      : undefined) ??
    "(anonymous)";
  // const NAME = "literal" per function, so `const specifier = "node:http"; import(specifier)` is read.
  const walk = (node, parent, fns, consts) => {
    if (!node || typeof node.type !== "string") return;
    let scopeFns = fns;
    let scopeConsts = consts;
    if (/Function/.test(node.type)) {
      scopeFns = [...fns, fnName(node, parent)];
      scopeConsts = new Map(consts);
    }
    const fn = scopeFns.at(-1);
    if (node.type === "VariableDeclarator" && node.id.type === "Identifier" && node.init?.type === "Literal") scopeConsts.set(node.id.name, node.init.value);
    if (node.type === "Identifier" && node.name.startsWith(MARK)) add("free identifier", fn, node.name.slice(MARK.length), node);
    if (node.type === "MemberExpression") {
      const prop = node.computed ? (node.property.type === "Literal" ? node.property.value : undefined) : node.property.name;
      if (prop === "process" || prop === "Buffer") add("member read", fn, `.${prop}`, node);
    }
    if (node.type === "ImportExpression") {
      const src = node.source.type === "Literal" ? node.source.value : node.source.type === "Identifier" ? scopeConsts.get(node.source.name) : undefined;
      if (src === undefined || isBuiltin(src)) add("dynamic import", fn, show(src ?? "(computed specifier)"), node);
    }
    if (node.type === "CallExpression" && node.callee.type === "Identifier" && /^(__)?require$/.test(node.callee.name)) {
      add("require call", fn, show(node.arguments[0]?.value ?? "(computed)"), node);
    }
    if (node.type === "Literal" && typeof node.value === "string" && node.value.startsWith("node:") && /^node:[a-z_/]+$/.test(node.value)) {
      add("specifier string", fn, show(node.value), node);
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === "type" || key === "start" || key === "end") continue;
      if (Array.isArray(child)) for (const c of child) walk(c, node, scopeFns, scopeConsts);
      else if (child && typeof child === "object") walk(child, node, scopeFns, scopeConsts);
    }
  };
  walk(ast, undefined, [], new Map());
  return { found, bytes: code.length };
}

await suite("neutral", "neutral platform: dist bundled by esbuild --platform=neutral reaches no Node API", async ({ check, note }) => {
  // readEnv (src/internal/config.ts) is the one guarded env lookup: it reads globalThis.process?.env.
  const inReadEnv = (kind, fn) => kind === "member read" && fn === "readEnv";
  const index = await nodeReferences(join(DIST, "index.js"), inReadEnv);
  note(`dist/index.js + ky + zod/mini: ${(index.bytes / 1024).toFixed(1)} KiB unminified`);
  check("dist/index.js: no Node built-in import, no Buffer/process/global outside readEnv()", index.found.length === 0, index.found.join("\n"));

  const testing = join(DIST, "testing.js");
  if (!existsSync(testing)) {
    note("dist/testing.js not built: the emulator entry was not checked");
    return;
  }
  // listen() may load node:http on demand (Node, Bun, Deno); emulator.fetch needs nothing.
  const inListen = (kind, fn, detail) =>
    inReadEnv(kind, fn) ||
    (detail === '"node:http"' && (kind === "bundle dynamic-import" || (fn === "listen" && (kind === "dynamic import" || kind === "specifier string"))));
  const emulator = await nodeReferences(testing, inListen);
  check(
    'dist/testing.js: no Node built-in import except import("node:http") inside listen(), no Buffer/process outside readEnv()',
    emulator.found.length === 0,
    emulator.found.join("\n"),
  );
});

// ---------------------------------------------------------------------------------------------
// 5. Node: CJS and ESM copies in one process.

await suite("node", `Node ${process.version}: require("inngest-rest") (CJS) and import("inngest-rest") (ESM) in one process`, async ({ check, note }) => {
  await withServer((cjsServer) =>
    withServer(async (esmServer) => {
      const started = Date.now();
      const out = await run(process.execPath, [join(ENTRIES, "node-dual.mjs"), cjsServer.url, esmServer.url], { cwd: ROOT });
      const r = resultOf("node", out);
      note(`child node ran in ${seconds(Date.now() - started)}`);
      if (r.crash) check("node: both copies load", false, r.crash);
      const resolvedOk =
        r.resolved.require === join(DIST, "index.cjs") && r.resolved.import === new URL(`file://${join(DIST, "index.js")}`).href;
      check('exports map: require → dist/index.cjs, import → dist/index.js', resolvedOk, show(r.resolved));
      const node = new RegExp(`^node ${process.versions.node.replace(/\./g, "\\.")}$`);
      verifyScenario(check, "CJS: ", node, r.cjs, cjsServer.requests);
      verifyScenario(check, "ESM: ", node, r.esm, esmServer.requests);
      const cross = r.cross ?? {};
      const bad = Object.entries(cross).filter(([, v]) => v !== true).map(([k]) => k);
      check(
        "errors cross copies: instanceof InngestError/AuthenticationError and isInngestError hold both ways, and only for the right classes",
        r.cross !== null && bad.length === 0,
        `failed: ${bad.join(", ") || "(no result)"}`,
      );
    }),
  );
});

// ---------------------------------------------------------------------------------------------
// 1. Cloudflare workerd through miniflare.

await suite("workerd", `Cloudflare workerd ${version("workerd")} via miniflare ${version("miniflare")}: module Worker, no nodejs_compat`, async ({ check, note }) => {
  // Built-ins stay external here, so that one would reach workerd and fail to load there.
  const { code, meta } = await bundle(join(ENTRIES, "worker.mjs"), { format: "esm", external: [...NODE_BUILTINS, "node:*"] });
  note(`worker bundle (dist/index.js + ky + zod/mini + scenario): ${(code.length / 1024).toFixed(1)} KiB`);
  const compatibilityFlags = [];
  check(
    "worker bundles for platform=neutral with nothing left to import (no node:*), and loads with no compatibility flags",
    meta.imports.length === 0 && compatibilityFlags.length === 0,
    `imports left: ${show(meta.imports)}`,
  );
  const { Miniflare } = await import(requireFromRoot.resolve("miniflare"));
  await withServer(async (server) => {
    const started = Date.now();
    let mf;
    let r;
    try {
      mf = new Miniflare({
        modules: [{ type: "ESModule", path: join(HERE, "worker.js"), contents: code }],
        compatibilityDate: WORKERD_COMPAT_DATE,
        compatibilityFlags,
      });
      const res = await mf.dispatchFetch(`http://worker.test/?base=${encodeURIComponent(server.url)}`);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`worker answered ${res.status}: ${tail(text)}`);
      r = JSON.parse(text);
    } catch (err) {
      check("workerd loads the Worker and answers", false, err?.message ?? String(err));
      return;
    } finally {
      await mf?.dispose().catch(() => undefined);
    }
    note(`workerd started, ran the scenario and stopped in ${seconds(Date.now() - started)}; in the worker typeof process = ${r.globals.process}, typeof Buffer = ${r.globals.Buffer}`);
    verifyScenario(check, "", /^workerd /, r, server.requests);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Vercel Edge through @edge-runtime/vm.

await suite("edge", `Vercel Edge via @edge-runtime/vm ${version("@edge-runtime/vm")}: IIFE bundle in EdgeVM`, async ({ check, note }) => {
  const { code } = await bundle(join(ENTRIES, "edge.mjs"), { format: "iife", external: [...NODE_BUILTINS, "node:*"] });
  const { EdgeVM } = await import(requireFromRoot.resolve("@edge-runtime/vm"));
  await withServer(async (server) => {
    const started = Date.now();
    const vm = new EdgeVM();
    const globals = vm.evaluate("({ process: typeof process, require: typeof require, EdgeRuntime: typeof EdgeRuntime })");
    check(
      'inside the VM: typeof process === "undefined" and typeof require === "undefined"',
      globals.process === "undefined" && globals.require === "undefined" && globals.EdgeRuntime === "string",
      show(globals),
    );
    let r;
    try {
      vm.evaluate(code);
      r = JSON.parse(await vm.evaluate(`__inngestRestScenario(${JSON.stringify(server.url)})`));
    } catch (err) {
      check("EdgeVM evaluates the bundle and runs the scenario", false, `${err?.name}: ${err?.message ?? String(err)}`);
      return;
    }
    note(`EdgeVM ran the scenario in ${seconds(Date.now() - started)}`);
    verifyScenario(check, "", /^edge-runtime /, r, server.requests);
  });
});

await suite("edge-emulator", `Vercel Edge via @edge-runtime/vm: the SDK against inngest-rest/testing, no network`, async ({ check, note }) => {
  const { code } = await bundle(join(ENTRIES, "edge-emulator.mjs"), { format: "iife", external: [...NODE_BUILTINS, "node:*"] });
  const { EdgeVM } = await import(requireFromRoot.resolve("@edge-runtime/vm"));
  const started = Date.now();
  const vm = new EdgeVM();
  vm.evaluate(code);
  const r = JSON.parse(await vm.evaluate("__inngestRestEmulatorScenario()"));
  note(`EdgeVM ran the emulator scenario in ${seconds(Date.now() - started)}`);
  check("runs inside EdgeVM (no process, no Buffer)", r.globals.process === "undefined" && r.globals.Buffer === "undefined" && r.globals.EdgeRuntime === "string", show(r.globals));
  check(
    "1,025 events through a 503 and a lost response: 1,025 ids, each stored once, in input order",
    r.send.ids === 1025 && r.send.uniqueIds === 1025 && r.send.stored === 1025 && r.send.storedInOrder,
    show(r.send),
  );
  check("for await walks every running run across pages", r.list.running === r.list.expected && r.list.running > 0, show(r.list));
  check("cancel turns the run cancelled; it has no pending jobs left", r.cancel.status === "cancelled" && r.jobs === 0, show({ cancel: r.cancel, jobs: r.jobs }));
  check("replay creates a new queued run", r.replay.isNew && r.replay.world === "QUEUED", show(r.replay));
  check("apps.list returns the active apps", r.apps === r.expectedApps && r.apps > 0, show({ apps: r.apps, expected: r.expectedApps }));
  check("a missing run is a NotFoundError (v2 answers 404)", r.missing.isNotFound && r.missing.status === 404, show(r.missing));
});

// ---------------------------------------------------------------------------------------------
// 3. Deno, 4. Bun: the built ESM imported as it ships; ky and zod/mini come from node_modules.

await suite("deno", `Deno ${DENO_VERSION}: deno run of dist/index.js (--allow-net=127.0.0.1 --allow-read, no --allow-env)`, async ({ check, note }) => {
  let deno;
  try {
    deno = await ensureTool("deno", "deno", DENO_VERSION, ["deno/deno", "@deno/linux-x64-glibc/deno", ".bin/deno"], note);
  } catch (err) {
    check(`deno ${DENO_VERSION} installs from the npm registry and starts`, false, err.message);
    return;
  }
  await withServer(async (server) => {
    const started = Date.now();
    const env = { ...process.env, DENO_DIR: join(deno.home, "deno-dir"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
    const out = await run(
      deno.bin,
      ["run", "--no-prompt", "--no-lock", "--allow-net=127.0.0.1", `--allow-read=${ROOT}`, join(ENTRIES, "cli.mjs"), server.url],
      { env },
    );
    const r = resultOf("deno", out);
    note(`deno ran the scenario in ${seconds(Date.now() - started)}`);
    verifyScenario(check, "", new RegExp(`^deno ${DENO_VERSION.replace(/\./g, "\\.")}$`), r, server.requests);
  });
});

await suite("bun", `Bun ${BUN_VERSION}: bun run of dist/index.js`, async ({ check, note }) => {
  let bun;
  try {
    bun = await ensureTool("bun", "bun", BUN_VERSION, ["bun/bin/bun.exe", "@oven/bun-linux-x64/bin/bun", "@oven/bun-linux-x64-baseline/bin/bun", ".bin/bun"], note);
  } catch (err) {
    check(`bun ${BUN_VERSION} installs from the npm registry and starts`, false, err.message);
    return;
  }
  await withServer(async (server) => {
    const started = Date.now();
    const out = await run(bun.bin, ["--no-install", join(ENTRIES, "cli.mjs"), server.url], {
      env: { ...process.env, DO_NOT_TRACK: "1", NO_COLOR: "1", BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0" },
    });
    const r = resultOf("bun", out);
    note(`bun ran the scenario in ${seconds(Date.now() - started)}`);
    verifyScenario(check, "", new RegExp(`^bun ${BUN_VERSION.replace(/\./g, "\\.")}$`), r, server.requests);
  });
});

// ---------------------------------------------------------------------------------------------

const report = writeReport();
// Not the "N passed, N failed" shape on purpose: .ci/count.mjs prints the one closing line.
console.log(`\nruntimes: ${report.numPassedTestSuites} of ${report.numTotalTestSuites} green; checks: ${report.numPassedTests} ok, ${report.numFailedTests} failing`);
process.exit(report.success ? 0 : 1);
