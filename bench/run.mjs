#!/usr/bin/env node
// inngest-rest benchmarks: `npm run bench` (installs bench/ deps, builds dist/, then runs this).
//
// Every figure is a ratio against a baseline measured in the same run. Contenders are interleaved
// (A B, B A, A B, ...) round by round, each round's ratio is taken, and the median of those ratios is
// reported with its spread, because these machines are shared and noisy: absolute times are context.
//
// Processes: sink.mjs (the fake Inngest, own process), worker "rest" (inngest-rest + raw fetch; never
// loads the official package), worker "official" (the official `inngest` only), one fresh
// `node --expose-gc` per memory measurement, one fresh `node` per cold-import sample.
//
// Flags: --quick (fewer rounds, for a smoke test), --json <file> (write raw results),
//        --only <n,n> (figures by number: 1,2,3,4,5,6,7,8,9; 7 and 8 run against the sink's 20 ms port;
//        9 is the CLI as whole processes, bench/cli.mjs, against Inngest's dev server and Go CLI),
//        --candidate <esm file> (also measure a candidate build of the SDK, e.g. an esbuild bundle of a
//        fix, in figures 1, 2, 4, 5 and 6, in the same interleaved rounds: rows marked CANDIDATE).
// Diagnostics (not run here): bench/profile.mjs (CPU profile of one task), bench/micro.mjs (layers
// of a send and a page fetch against a stub fetch, no network).
import { fork, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, "..");
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const QUICK = flag("--quick");
const CANDIDATE = value("--candidate") ? path.resolve(value("--candidate")) : undefined;
const ONLY = value("--only")?.split(",").map(Number);
const want = (n) => !ONLY || ONLY.includes(n);
const started = performance.now();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const log = (...a) => process.stderr.write(`${a.join(" ")}\n`);

// ---- processes --------------------------------------------------------------------------------
const children = new Set();
function track(child) {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}
process.on("exit", () => {
  for (const c of children) c.kill();
});

const sink = track(fork(path.join(HERE, "sink.mjs"), { stdio: ["ignore", "inherit", "inherit", "ipc"] }));
const [ready] = await once(sink, "message");
const SINK = `http://127.0.0.1:${ready.port}`;
const SLOW_SINK = `http://127.0.0.1:${ready.slowPort}`;
const childEnv = { ...process.env, BENCH_SINK_URL: SINK, BENCH_SLOW_SINK_URL: SLOW_SINK };
// Nothing from the shell may point either SDK elsewhere or switch modes.
for (const k of Object.keys(childEnv)) if (k.startsWith("INNGEST_")) delete childEnv[k];
if (CANDIDATE) childEnv.BENCH_CANDIDATE = CANDIDATE;

const sinkStats = async () => {
  sink.send("stats");
  for (;;) {
    const [m] = await once(sink, "message");
    if (m.type === "stats") return m;
  }
};

async function startWorker(name) {
  const w = track(fork(path.join(HERE, "worker.mjs"), [name], { env: childEnv, cwd: HERE, stdio: ["ignore", "inherit", "inherit", "ipc"] }));
  await once(w, "message");
  let next = 0;
  const pending = new Map();
  w.on("message", (m) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m);
    else p.reject(new Error(`${name} worker: ${m.error}`));
  });
  w.once("exit", (code) => {
    for (const p of pending.values()) p.reject(new Error(`${name} worker exited (${code})`));
  });
  return {
    run(task, iterations, warmup = 0) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.send({ id, task, iterations, warmup });
      });
    },
  };
}

/**
 * Runs the contenders round by round, rotating who goes first, after one unrecorded warm-up call each.
 * Returns per contender the per-round mean ms/op, and per-round ratios of contender[0] to each other.
 */
async function interleave(label, contenders, { rounds, iterations, warmup }) {
  log(`· ${label}: warm-up`);
  for (const c of contenders) await c.worker.run(c.task, Math.max(1, Math.ceil(iterations / 2)), warmup);
  const times = contenders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = contenders.map((_, i) => i);
    // Rotate the starting contender, and reverse every other round: A B C, C B A / B C A, ...
    for (let k = 0; k < r % contenders.length; k++) order.push(order.shift());
    if (r % 2) order.reverse();
    for (const i of order) times[i].push((await contenders[i].worker.run(contenders[i].task, iterations)).mean);
  }
  const ratios = contenders.slice(1).map((_, j) => times[0].map((t, r) => t / times[j + 1][r]));
  log(`  ${label}: ${contenders.map((c, i) => `${c.task} ${median(times[i]).toFixed(3)} ms`).join(", ")}`);
  return { times, ratios };
}

// ---- results table ----------------------------------------------------------------------------
const rows = [];
const raw = {};
const pair = (a, b) => a.map((t, r) => t / b[r]);
const fmtRatio = (rs) => {
  const s = [...rs].sort((a, b) => a - b);
  const lo = s[Math.floor((s.length - 1) * 0.25)];
  const hi = s[Math.ceil((s.length - 1) * 0.75)];
  return `${median(rs).toFixed(2)}x (IQR ${lo.toFixed(2)}-${hi.toFixed(2)})`;
};
function row(figure, rest, baseline, ratio, target, met) {
  rows.push({ figure, rest, baseline, ratio, target, met: met === undefined ? "" : met ? "yes" : "**NO**" });
}
const ms = (x) => (x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(3)} ms`);

// ---- figures 1, 2, 4: time --------------------------------------------------------------------
const R = (full, quick) => (QUICK ? quick : full);
let restW;
let officialW;
if (want(1) || want(2) || want(4) || want(7) || want(8)) restW = await startWorker("rest");
if (want(1)) officialW = await startWorker("official");

if (want(1)) {
  const iterations = R(200, 50);
  const { times, ratios } = await interleave(
    "1 one event per send",
    [
      { worker: restW, task: "rest.send1" },
      { worker: restW, task: "fetch.send1" },
      { worker: officialW, task: "official.send1" },
      ...(CANDIDATE ? [{ worker: restW, task: "cand.send1" }] : []),
    ],
    { rounds: R(15, 4), iterations, warmup: R(300, 50) },
  );
  raw.send1 = { iterations, times, ratios };
  const [a, f, o] = times.map(median);
  row(`1a. one event per send, sequential (${iterations} sends/round, ms per send)`, ms(a), `raw fetch ${ms(f)}`, fmtRatio(ratios[0]), "<= 1.30x", median(ratios[0]) <= 1.3);
  row("1b. one event per send, sequential (ms per send)", ms(a), `official inngest ${ms(o)}`, fmtRatio(ratios[1]), "< 1.00x (faster)", median(ratios[1]) < 1);
  // The same pair in ONE process (worker "both" loads both packages), as an app that serves Inngest
  // functions with the official SDK and calls the REST API with this one would run them.
  const both = await startWorker("both");
  const one = await interleave(
    "1c one event per send, both packages in one process",
    [
      { worker: both, task: "rest.send1" },
      { worker: both, task: "official.send1" },
    ],
    { rounds: R(9, 3), iterations, warmup: R(300, 50) },
  );
  raw.send1OneProcess = { iterations, times: one.times, ratios: one.ratios };
  row("1c. context: one event per send, both packages loaded in one process", ms(median(one.times[0])), `official inngest ${ms(median(one.times[1]))}`, fmtRatio(one.ratios[0]), "< 1.00x (faster)", median(one.ratios[0]) < 1);
  if (CANDIDATE) {
    const c = pair(times[3], times[1]);
    row("1a'. CANDIDATE build: one event per send", ms(median(times[3])), `raw fetch ${ms(f)}`, fmtRatio(c), "<= 1.30x", median(c) <= 1.3);
    const co = pair(times[3], times[2]);
    row("1b'. CANDIDATE build: one event per send", ms(median(times[3])), `official inngest ${ms(o)}`, fmtRatio(co), "< 1.00x (faster)", median(co) < 1);
  }
}

if (want(2)) {
  const { times, ratios } = await interleave(
    "2 50,000 events in one send",
    [
      { worker: restW, task: "rest.send50k" },
      { worker: restW, task: "fetch.send50k" },
      { worker: restW, task: "fetch.send50k.c4" },
      ...(CANDIDATE ? [{ worker: restW, task: "cand.send50k" }] : []),
    ],
    { rounds: R(9, 3), iterations: 1, warmup: 1 },
  );
  raw.send50k = { times, ratios };
  const [a, f, f4] = times.map(median);
  row("2. 50,000 events in one send (batchSize 512, concurrency 4)", ms(a), `raw fetch, 512-event chunks in sequence ${ms(f)}`, fmtRatio(ratios[0]), "<= 0.80x", median(ratios[0]) <= 0.8);
  const c4 = times[2].map((t, r) => t / times[1][r]);
  if (CANDIDATE) {
    const c = pair(times[3], times[1]);
    row("2'. CANDIDATE build: 50,000 events in one send", ms(median(times[3])), `raw fetch in sequence ${ms(f)}`, fmtRatio(c), "<= 0.80x", median(c) <= 0.8);
  }
  row("2b. context: raw fetch with 4 chunks in flight vs in sequence (what concurrency alone buys here)", "", `raw 4 in flight ${ms(f4)}`, fmtRatio(c4), "", undefined);
}

if (want(4)) {
  const { times, ratios } = await interleave(
    "4 paging 10,000 runs",
    [
      { worker: restW, task: "rest.page" },
      { worker: restW, task: "fetch.page" },
      ...(CANDIDATE ? [{ worker: restW, task: "cand.page" }] : []),
    ],
    { rounds: R(11, 3), iterations: 1, warmup: 2 },
  );
  raw.page = { times, ratios };
  const [a, f] = times.map(median);
  row("4. paging 10,000 runs, 100 per page (for await over runs.list)", ms(a), `raw fetch loop ${ms(f)}`, fmtRatio(ratios[0]), "<= 1.30x", median(ratios[0]) <= 1.3);
  if (CANDIDATE) {
    const c = pair(times[2], times[1]);
    row("4'. CANDIDATE build: paging 10,000 runs", ms(median(times[2])), `raw fetch loop ${ms(f)}`, fmtRatio(c), "<= 1.30x", median(c) <= 1.3);
  }
}

// ---- figures 7, 8: the same work against a sink that answers 20 ms later (a nearby region) -------
// What users feel on a real network: there the SDK's defaults should be as fast as the best simple
// hand-written loop. Few rounds: each is seconds of mostly waiting.
if (want(7)) {
  const { times, ratios } = await interleave(
    `7 50,000 events, sink answering after ${ready.slowMs} ms`,
    [
      { worker: restW, task: "rest.send50k.slow" },
      { worker: restW, task: "fetch.send50k.c4.slow" },
      ...(CANDIDATE ? [{ worker: restW, task: "cand.send50k.slow" }] : []),
    ],
    { rounds: R(5, 2), iterations: 1, warmup: 1 },
  );
  raw.send50kSlow = { times, ratios };
  const [a, f] = times.map(median);
  row(`7. 50,000 events in one send, sink answering after ${ready.slowMs} ms (SDK defaults)`, ms(a), `raw fetch, 4 chunks in flight ${ms(f)}`, fmtRatio(ratios[0]), "<= 1.05x", median(ratios[0]) <= 1.05);
  if (CANDIDATE) {
    const c = pair(times[2], times[1]);
    row(`7'. CANDIDATE build: 50,000 events, ${ready.slowMs} ms sink`, ms(median(times[2])), `raw fetch, 4 in flight ${ms(f)}`, fmtRatio(c), "<= 1.05x", median(c) <= 1.05);
  }
}

if (want(8)) {
  const { times, ratios } = await interleave(
    `8 paging 10,000 runs, ${ready.slowMs} ms per page`,
    [
      { worker: restW, task: "rest.page.slow" },
      { worker: restW, task: "fetch.page.slow" },
      ...(CANDIDATE ? [{ worker: restW, task: "cand.page.slow" }] : []),
    ],
    { rounds: R(3, 1), iterations: 1, warmup: 1 },
  );
  raw.pageSlow = { times, ratios };
  const [a, f] = times.map(median);
  row(`8. paging 10,000 runs, 100 per page, sink answering after ${ready.slowMs} ms`, ms(a), `raw fetch loop ${ms(f)}`, fmtRatio(ratios[0]), "<= 1.02x", median(ratios[0]) <= 1.02);
  if (CANDIDATE) {
    const c = pair(times[2], times[1]);
    row(`8'. CANDIDATE build: paging, ${ready.slowMs} ms per page`, ms(median(times[2])), `raw fetch loop ${ms(f)}`, fmtRatio(c), "<= 1.02x", median(c) <= 1.02);
  }
}

// ---- figure 3: memory ---------------------------------------------------------------------------
function runNode(args, { cwd = HERE, env = childEnv } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = track(spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] }));
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => {
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`node ${args.join(" ")} exited ${code}: ${err.slice(-2000)}`));
      else resolve({ out, wallMs });
    });
  });
}

if (want(3)) {
  log("· 3 heap growth while streaming an async generator");
  const mem = (count, mode, who) => runNode(["--expose-gc", path.join(HERE, "memory.mjs"), String(count), mode, who]).then((r) => JSON.parse(r.out));
  const peak = { rest50: [], rest200: [], fetch200: [], rest200c1: [] };
  for (let r = 0; r < R(3, 1); r++) {
    const jobs = [
      ["rest50", 50_000, "rest"],
      ["rest200", 200_000, "rest"],
      ["fetch200", 200_000, "fetch"],
      ["rest200c1", 200_000, "rest1"],
    ];
    if (r % 2) jobs.reverse();
    for (const [key, count, who] of jobs) peak[key].push(await mem(count, "peak", who));
  }
  const liveRuns = { rest50: [], rest200: [], fetch200: [] };
  for (let r = 0; r < R(2, 1); r++) {
    const jobs = [
      ["rest50", 50_000, "rest"],
      ["rest200", 200_000, "rest"],
      ["fetch200", 200_000, "fetch"],
    ];
    if (r % 2) jobs.reverse();
    for (const [key, count, who] of jobs) liveRuns[key].push(await mem(count, "live", who));
  }
  // Median (of 2: the mean) of each field over the live runs.
  const live = Object.fromEntries(
    Object.entries(liveRuns).map(([k, runs]) => [k, { peakGrowthMiB: median(runs.map((x) => x.peakGrowthMiB)), resultMiB: median(runs.map((x) => x.resultMiB)) }]),
  );
  raw.memory = { peak, live: liveRuns };
  const med = (xs, k) => median(xs.map((x) => x[k]));
  const p50 = med(peak.rest50, "peakGrowthMiB");
  const p200 = med(peak.rest200, "peakGrowthMiB");
  const f200 = med(peak.fetch200, "peakGrowthMiB");
  const ids200 = med(peak.rest200, "resultMiB");
  const mib = (x) => `${x.toFixed(1)} MiB`;
  row(
    "3a. 200,000 events from an async generator: peak heapUsed growth while sending (sampled, incl. uncollected garbage)",
    mib(p200),
    `raw fetch loop, same stream ${mib(f200)}`,
    `${(p200 / f200).toFixed(2)}x`,
    "<= 1.10x",
    p200 / f200 <= 1.1,
  );
  const c1 = med(peak.rest200c1, "peakGrowthMiB");
  row(
    "3d. context: the same with concurrency 1 (one chunk in flight, as the raw loop has; the default is 4)",
    mib(c1),
    `raw fetch loop ${mib(f200)}`,
    `${(c1 / f200).toFixed(2)}x`,
    "",
    undefined,
  );
  row("3b. flat in the count: peak growth 200,000 vs 50,000 events", mib(p200), `50,000 events ${mib(p50)}`, `${(p200 / p50).toFixed(2)}x`, "<= 1.25x (flat)", p200 / p50 <= 1.25);
  const w50 = live.rest50.peakGrowthMiB - live.rest50.resultMiB;
  const w200 = live.rest200.peakGrowthMiB - live.rest200.resultMiB;
  const wf = live.fetch200.peakGrowthMiB - live.fetch200.resultMiB;
  row(
    `3c. context: live heap (gc() before each sample) minus the ${mib(ids200)} of returned ids, 200,000 vs 50,000`,
    mib(w200),
    `50,000 events ${mib(w50)}; raw fetch 200,000 ${mib(wf)}`,
    `${(w200 / w50).toFixed(2)}x`,
    "<= 1.25x (flat)",
    w200 / w50 <= 1.25,
  );
}

// ---- figure 5: bundle size ------------------------------------------------------------------------
if (want(5)) {
  log("· 5 bundle size");
  const esbuild = await import("esbuild");
  const external = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
  const common = { bundle: true, minify: true, format: "esm", platform: "neutral", mainFields: ["module", "main"], target: "es2022", write: false, logLevel: "silent", external };
  const size = async (opts) => {
    const r = await esbuild.build({ ...common, ...opts });
    const code = r.outputFiles[0].contents;
    return { min: code.length, gzip: zlib.gzipSync(code, { level: 9 }).length };
  };
  const worker = (imp, call) => ({ contents: `${imp}\nexport default { async fetch() { ${call}; return new Response("ok"); } };`, resolveDir: HERE, sourcefile: "worker.js" });
  const whole = await size({ entryPoints: [path.join(ROOT, "dist/index.js")] });
  const restWorker = await size({ stdin: worker(`import { createInngestClient } from "../dist/index.js";`, `await createInngestClient({ eventKey: "k" }).events.send({ name: "a", data: {} })`) });
  const officialWorker = await size({ stdin: worker(`import { Inngest } from "inngest";`, `await new Inngest({ id: "x" }).send({ name: "a", data: {} })`) });
  // Shares: the whole bundle minus the same bundle with that dependency left out.
  const entry = { entryPoints: [path.join(ROOT, "dist/index.js")] };
  const ownOnly = await size({ ...entry, external: [...external, "ky", "zod", "zod/*"] });
  const noKy = await size({ ...entry, external: [...external, "ky"] });
  const noZod = await size({ ...entry, external: [...external, "zod", "zod/*"] });
  raw.bundle = { whole, restWorker, officialWorker, ownOnly, noKy, noZod };
  const kb = (b) => `${(b / 1000).toFixed(1)} KB`;
  row(
    "5. bundle, min+gzip: whole client (dist/index.js + ky + zod/mini) vs official inngest send-only Worker",
    kb(whole.gzip),
    `official ${kb(officialWorker.gzip)}`,
    `${(whole.gzip / officialWorker.gzip).toFixed(2)}x`,
    "<= 26.5 KB",
    whole.gzip <= 26_500,
  );
  row(
    "5b. context: shares of the whole client (whole minus the bundle without it, gzip)",
    `own code ${kb(ownOnly.gzip)} (${kb(ownOnly.min)} min)`,
    `ky ${kb(whole.gzip - noKy.gzip)}, zod/mini ${kb(whole.gzip - noZod.gzip)}; inngest-rest send-only Worker ${kb(restWorker.gzip)}`,
    "",
    "",
  );
  if (CANDIDATE) {
    const cand = await size({ entryPoints: [CANDIDATE] });
    raw.bundle.candidate = cand;
    row("5'. CANDIDATE build: bundle, min+gzip, whole client", `${(cand.gzip / 1000).toFixed(1)} KB`, `official ${(officialWorker.gzip / 1000).toFixed(1)} KB`, `${(cand.gzip / officialWorker.gzip).toFixed(2)}x`, "<= 26.5 KB", cand.gzip <= 26_500);
  }
}

// ---- figure 6: cold import --------------------------------------------------------------------------
function emptyModule() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "inngest-rest-bench-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "empty.mjs");
  writeFileSync(file, "export default 1;\n");
  return pathToFileURL(file).href;
}

if (want(6)) {
  log("· 6 cold import in fresh processes");
  // A bare specifier in both cases: inngest-rest by self-reference from the repo root (its exports map, dist/),
  // inngest from bench/node_modules. The time is measured inside the child, around the import() only.
  const probe = (code) => ["--input-type=module", "-e", `const t0 = performance.now(); ${code}; const t1 = performance.now(); process.stdout.write(JSON.stringify({ importMs: t1 - t0, sinceStart: t1 }));`];
  const variants = {
    rest: { cwd: ROOT, code: `await import("inngest-rest")` },
    official: { cwd: HERE, code: `await import("inngest")` },
    // Context: the floor (an empty module), and loading Node's fetch implementation (undici), which
    // Node does lazily on first touch of a fetch global; ky's import-time feature check touches it.
    empty: { cwd: HERE, code: `await import(${JSON.stringify(emptyModule())})` },
    undici: { cwd: HERE, code: `globalThis.Request` },
    ...(CANDIDATE ? { cand: { cwd: HERE, code: `await import(${JSON.stringify(pathToFileURL(CANDIDATE).href)})` } } : {}),
  };
  const sample = async (who) => {
    const r = await runNode(probe(variants[who].code), { cwd: variants[who].cwd });
    return { ...JSON.parse(r.out), wallMs: r.wallMs };
  };
  for (const who of Object.keys(variants)) await sample(who); // warm the file cache; not recorded
  const n = R(15, 3);
  const got = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let r = 0; r < n; r++) {
    const order = Object.keys(variants);
    if (r % 2) order.reverse();
    for (const who of order) got[who].push(await sample(who));
  }
  raw.coldImport = got;
  const { rest, official } = got;
  const ratios = rest.map((x, i) => x.importMs / official[i].importMs);
  const a = median(rest.map((x) => x.importMs));
  const o = median(official.map((x) => x.importMs));
  row(`6. cold import() in a fresh Node process (median of ${n} each)`, ms(a), `import("inngest") ${ms(o)}`, fmtRatio(ratios), "<= 0.30x", median(ratios) <= 0.3);
  const wa = median(rest.map((x) => x.wallMs));
  const wo = median(official.map((x) => x.wallMs));
  row("6b. context: whole process, spawn to exit", ms(wa), `inngest ${ms(wo)}`, `${(wa / wo).toFixed(2)}x`, "");
  if (CANDIDATE) {
    const c = got.cand.map((x, i) => x.importMs / official[i].importMs);
    row("6'. CANDIDATE build: cold import()", ms(median(got.cand.map((x) => x.importMs))), `import("inngest") ${ms(o)}`, fmtRatio(c), "<= 0.30x", median(c) <= 0.3);
  }
  const e = median(got.empty.map((x) => x.importMs));
  const u = median(got.undici.map((x) => x.importMs));
  row(
    "6c. context: floors in the same fresh processes",
    `empty module ${ms(e)}`,
    `first touch of globalThis.Request (Node loads its fetch, undici) ${ms(u)}`,
    `${(e / o).toFixed(2)}x / ${(u / o).toFixed(2)}x of inngest`,
    "",
  );
}

// ---- figure 9: a CLI call as a whole process (bench/cli.mjs) -----------------------------------------
if (want(9)) {
  const { cliFigure } = await import("./cli.mjs");
  const cliRun = await cliFigure({ rounds: R(21, 5), log });
  raw.cli = cliRun.raw;
  for (const r of cliRun.rows) row(r.figure, r.rest, r.baseline, r.ratio, r.target, r.met);
}

// ---- report -------------------------------------------------------------------------------------
const stats = await sinkStats();
sink.send("stop");
const cpus = os.cpus();
const elapsed = (performance.now() - started) / 1000;
const machine = [
  `node ${process.version} (${process.platform}-${process.arch})`,
  `CPU: ${cpus[0]?.model?.trim() ?? "unknown"}, ${cpus.length} cores (logical), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
  `load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
  `command: ${process.env.npm_lifecycle_event === "bench" ? "npm run bench, i.e. " : ""}node bench/run.mjs${argv.length ? ` ${argv.join(" ")}` : ""}${QUICK ? "  [--quick: fewer rounds, smoke test only]" : ""}${CANDIDATE ? "  [rows marked CANDIDATE time another build]" : ""}`,
  `bench time: ${elapsed.toFixed(0)} s (plus npm install + build)`,
  `sink: ${stats.eventPosts} event POSTs (${stats.events} events), ${stats.runPages} run pages, ${stats.unexpected.length} unexpected requests${stats.unexpected.length ? `: ${[...new Set(stats.unexpected)].slice(0, 5).join(", ")}` : ""}`,
];
const header = ["figure", "inngest-rest", "baseline", "ratio (median of rounds)", "target", "met?"];
const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
for (const r of rows) lines.push(`| ${[r.figure, r.rest, r.baseline, r.ratio, r.target, r.met].join(" | ")} |`);
process.stdout.write(`\n${lines.join("\n")}\n\n${machine.map((m) => `- ${m}`).join("\n")}\n`);

const jsonOut = value("--json");
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ rows, raw, machine, date: new Date().toISOString() }, null, 2));
if (stats.unexpected.length) {
  log("The sink saw requests it does not serve: a contender phoned somewhere else.");
  process.exitCode = 1;
}
process.exit();
