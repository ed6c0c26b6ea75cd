#!/usr/bin/env node
// CPU profile of one benchmark task: where the client process spends its time.
//   node bench/profile.mjs <task> [iterations] [--keep]
//   tasks: rest.send1 fetch.send1 official.send1 rest.send50k fetch.send50k rest.page fetch.page
// Starts the sink, runs the task in a worker under `node --cpu-prof` (after a warm-up), and prints
// self time by package, the top functions by self time, and inclusive time of the SDK's entry points.
// --callers <fn> prints the stacks that call <fn> (e.g. --callers makeTransferable).
// --keep leaves the .cpuprofile (path printed) for Chrome DevTools / speedscope.
import { fork } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const HERE = import.meta.dirname;
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && all[i - 1] !== "--callers" && all[i - 1] !== "--file");
const given0 = process.argv.includes("--file");
const [task = "rest.send1", iterArg] = given0 && /^\d+$/.test(positional[0] ?? "") ? ["(file)", positional[0]] : positional;
const keep = process.argv.includes("--keep");
const iterations = Number(iterArg ?? (task.endsWith("send1") ? 3000 : 20));

// --file <x.cpuprofile> analyses an existing profile instead (iterations then = the divisor).
const given = process.argv.includes("--file") ? process.argv[process.argv.indexOf("--file") + 1] : undefined;
let file = given;
let dir;
let wall = NaN;
let res = { mean: NaN };
if (!given) {
  const sink = fork(path.join(HERE, "sink.mjs"));
  const [{ port }] = await once(sink, "message");
  dir = mkdtempSync(path.join(os.tmpdir(), "inngest-rest-prof-"));
  const env = { ...process.env, BENCH_SINK_URL: `http://127.0.0.1:${port}` };
  for (const k of Object.keys(env)) if (k.startsWith("INNGEST_")) delete env[k];

  // Warm-up in a first call, then the profiled call; the profile covers the whole process, so the
  // warm-up share is reported separately below (it is small for the default iteration counts).
  const worker = fork(path.join(HERE, "worker.mjs"), [], {
    env,
    cwd: HERE,
    execArgv: ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "200"],
  });
  await once(worker, "message");
  const ask = (msg) =>
    new Promise((resolve, reject) => {
      worker.once("message", (m) => (m.ok ? resolve(m) : reject(new Error(m.error))));
      worker.send(msg);
    });
  await ask({ id: 0, task, iterations: Math.max(1, Math.ceil(iterations / 10)), warmup: 0 });
  const t0 = performance.now();
  res = await ask({ id: 1, task, iterations, warmup: 0 });
  wall = performance.now() - t0;
  worker.disconnect();
  await once(worker, "exit");
  sink.send("stop");

  file = path.join(dir, readdirSync(dir).find((f) => f.endsWith(".cpuprofile")));
}
const prof = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const dt = new Map(); // node id -> ms of self time
for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + prof.timeDeltas[i] / 1000);

function category(n) {
  const { url, functionName } = n.callFrame;
  if (!url) {
    if (functionName === "(garbage collector)") return "GC";
    if (functionName === "(idle)") return "idle (waiting on the network/sink)";
    if (functionName === "(program)") return "(program: V8/native, not attributed)";
    return `native ${functionName}`;
  }
  if (/node_modules\/ky\//.test(url)) return "ky";
  if (/node_modules\/zod\//.test(url)) return "zod";
  if (/node_modules\/inngest\//.test(url)) return "inngest (official)";
  if (/node_modules\/tinybench\//.test(url)) return "tinybench";
  if (/\/dist\/index\.js/.test(url)) return "inngest-rest (dist/index.js)";
  if (/bench\/worker\.mjs/.test(url)) return "bench task code";
  if (/undici/.test(url)) return "undici (Node's fetch)";
  if (/node_modules\//.test(url)) return url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)[1];
  if (/^node:/.test(url)) return `node ${url.replace(/^node:internal\//, "").split("/")[0]}`;
  return url;
}

const cats = new Map();
const fns = new Map();
let total = 0;
for (const n of prof.nodes) {
  const self = dt.get(n.id) ?? 0;
  total += self;
  const c = category(n);
  cats.set(c, (cats.get(c) ?? 0) + self);
  const key = `${n.callFrame.functionName || "(anonymous)"}  ${c}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ""}`;
  fns.set(key, (fns.get(key) ?? 0) + self);
}

// Inclusive time of named functions (a recursive name counts once per stack).
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map();
for (const [id, self] of dt) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur);
    const name = `${n.callFrame.functionName || "(anonymous)"} [${category(n)}]`;
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + self);
  }
}

const busy = total - (cats.get("idle (waiting on the network/sink)") ?? 0);
const pct = (x) => `${((100 * x) / busy).toFixed(1)}%`;
const per = (x) => `${((x / iterations) * 1000).toFixed(1)} µs/op`;
console.log(`task ${task}: ${iterations} ops in the profiled call, ${wall.toFixed(0)} ms wall, mean ${res.mean.toFixed(3)} ms/op (profiling slows it)`);
console.log(`profile: ${total.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms busy (not idle). Per-op figures divide by ${iterations} and include warm-up + start-up.\n`);
console.log("self time by package (busy time = 100%):");
for (const [c, t] of [...cats].sort((a, b) => b[1] - a[1]).filter(([c]) => !c.startsWith("idle"))) {
  if (t / busy < 0.005) continue;
  console.log(`  ${pct(t).padStart(6)}  ${t.toFixed(0).padStart(6)} ms  ${per(t).padStart(14)}  ${c}`);
}
console.log("\ntop functions by self time:");
for (const [k, t] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  if (k.includes("(idle)")) continue;
  console.log(`  ${pct(t).padStart(6)}  ${per(t).padStart(14)}  ${k}`);
}
const focus = /\[(inngest-rest|ky|zod|inngest \(official\)|bench task code)/;
console.log("\ninclusive time (self + callees) of library functions:");
for (const [k, t] of [...inclusive].filter(([k]) => focus.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`  ${pct(t).padStart(6)}  ${per(t).padStart(14)}  ${k}`);
}
// --callers <name>: who calls a function (self time of <name> by calling stack, 4 frames up).
const who = process.argv.includes("--callers") ? process.argv[process.argv.indexOf("--callers") + 1] : undefined;
if (who) {
  const stacks = new Map();
  for (const [id, self] of dt) {
    const n = byId.get(id);
    if ((n.callFrame.functionName || "(anonymous)") !== who) continue;
    const chain = [];
    for (let cur = parent.get(id); cur !== undefined && chain.length < 6; cur = parent.get(cur)) {
      const p = byId.get(cur);
      chain.push(`${p.callFrame.functionName || "(anon)"}@${category(p)}:${p.callFrame.lineNumber + 1}`);
    }
    const key = chain.join(" < ");
    stacks.set(key, (stacks.get(key) ?? 0) + self);
  }
  console.log(`\ncallers of ${who}:`);
  for (const [k, t] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${per(t).padStart(14)}  ${k}`);
}
if (keep) console.log(`\nprofile kept: ${file}`);
else if (dir) rmSync(dir, { recursive: true, force: true });
