// Figure 3: heap growth while inngest-rest sends N events read from an async generator.
// Run by run.mjs as `node --expose-gc bench/memory.mjs <count> <peak|live> <rest|fetch>` with BENCH_SINK_URL set,
// one fresh process per measurement. Prints one JSON line.
//   mode "peak": heapUsed is sampled every 256 events (inside the generator) and every 2 ms
//                (timer); the figure is max(heapUsed) - heapUsed after gc() before the send.
//                That includes garbage not yet collected, as a real process would hold it.
//   mode "live": no timer; every 4,096 events gc() runs and heapUsed is read right after it, so each
//                sample is live data only: what the send really keeps, without the collector's slack.
// contender "rest" (default) is inngest-rest's events.send(generator); "rest1" the same with
// concurrency 1 (one chunk in flight, as the raw loop has); "fetch" is the raw baseline:
// a loop reading the same generator into 512-event chunks, one POST after another, ids collected.
// After the send, the result ({ids}) is still referenced: gc() then gives the heap the result
// itself holds (N ids), which grows with N by design; the rest is the working set.
import path from "node:path";
import { pathToFileURL } from "node:url";

if (typeof gc !== "function") throw new Error("run with node --expose-gc");
const count = Number(process.argv[2] ?? 200_000);
const mode = process.argv[3] ?? "peak";
const contender = process.argv[4] ?? "rest";
const SINK = process.env.BENCH_SINK_URL;
const ROOT = path.resolve(import.meta.dirname, "..");

// BENCH_DIST: measure another build (an ESM file) instead of dist/index.js.
const { createInngestClient } = await import(pathToFileURL(path.resolve(process.env.BENCH_DIST ?? path.join(ROOT, "dist/index.js"))).href);
const client = createInngestClient({ eventKey: "bench-key", baseUrl: SINK, concurrency: contender === "rest1" ? 1 : 4 });

async function* events(n, onEvery) {
  for (let i = 0; i < n; i++) {
    if ((i & 255) === 0) onEvery(i);
    yield { name: "app/row.synced", data: { i, userId: `u_${i}`, plan: i % 3 ? "free" : "pro", tags: ["bulk", "bench"] } };
  }
}

const fullGc = () => {
  gc();
  gc();
};

// Warm-up: compile every path once (a real long-running process has), then settle the heap.
await client.events.send(events(4096, () => {}));
fullGc();
await new Promise((r) => setTimeout(r, 20));
fullGc();

const base = process.memoryUsage().heapUsed;
let peak = base;
const sample = () => {
  const h = process.memoryUsage().heapUsed;
  if (h > peak) peak = h;
};
const timer = mode === "peak" ? setInterval(sample, 2) : undefined;
const onEvery = (i) => {
  if (mode === "live") {
    if (i % 4096 !== 0) return;
    gc();
  }
  sample();
};

/** The raw baseline: what a careful hand-written loop over the same stream holds. */
async function rawSend(source) {
  const ids = [];
  let chunk = [];
  const post = async (batch) => {
    const res = await fetch(`${SINK}/e/bench-key`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(batch) });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`raw POST ${res.status}`);
    for (const id of body.ids) ids.push(id);
  };
  for await (const e of source) {
    chunk.push(e);
    if (chunk.length === 512) {
      const batch = chunk;
      chunk = [];
      await post(batch);
    }
  }
  if (chunk.length) await post(chunk);
  return { ids };
}

const t0 = performance.now();
let result = contender === "fetch" ? await rawSend(events(count, onEvery)) : await client.events.send(events(count, onEvery));
// The last sample, with the whole result alive. In "live" mode it too comes right after gc():
// without it, this one sample held whatever garbage the send left, and the figure moved with
// the collector's timing (it once grew with the count for a send that keeps less, not more).
if (mode === "live") gc();
sample();
const ms = performance.now() - t0;
clearInterval(timer);
if (result.ids.length !== count) throw new Error(`expected ${count} ids, got ${result.ids.length}`);
// A tick first: the module's suspended frame may still hold the last awaited value.
await new Promise((r) => setTimeout(r, 10));
fullGc();
const withResult = process.memoryUsage().heapUsed;
result = undefined;
await new Promise((r) => setTimeout(r, 10));
fullGc();
const after = process.memoryUsage().heapUsed;

process.stdout.write(
  JSON.stringify({
    count,
    mode,
    contender,
    ms,
    baseMiB: base / 2 ** 20,
    peakGrowthMiB: (peak - base) / 2 ** 20,
    resultMiB: (withResult - after) / 2 ** 20,
    leftoverMiB: (after - base) / 2 ** 20,
  }) + "\n",
);
process.exit(0);
