#!/usr/bin/env node
// Where the client-side time goes, without a network: each layer of a send or a page fetch timed
// alone with tinybench, against a stub `fetch` that answers at once (the SDK's `fetch` option).
// Diagnostic only (not part of `npm run bench`):  node bench/micro.mjs
// Differences between rows are the cost of one layer, e.g. "ky" minus "raw stub" = ky's overhead.
import { Bench } from "tinybench";
import ky from "ky";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..");
const { createInngestClient } = await import(pathToFileURL(path.join(ROOT, "dist/index.js")).href);
const URL_ = "http://127.0.0.1:9/e/bench-key";
const headers = { "content-type": "application/json" };

const ids = (n) => `{"ids":[${Array.from({ length: n }, (_, i) => `"01JBENCH${String(i).padStart(18, "0")}"`).join(",")}],"status":200}`;
const ONE_ANSWER = ids(1);
const CHUNK_ANSWER = ids(512);
const answer = (text) => new Response(text, { status: 200, headers: { "content-type": "application/json" } });

// The same synthetic runs page the sink serves (100 runs, protojson v2).
const BASE = Date.UTC(2026, 10, 1);
const runs = Array.from({ length: 100 }, (_, i) => ({
  id: `01JRUN${String(i).padStart(20, "0")}`,
  function: { id: `fn-${i % 7}`, name: `Function ${i % 7}`, app: { id: "bench-app" } },
  app: { id: "bench-app" },
  status: "COMPLETED",
  queuedAt: new Date(BASE + i * 1000).toISOString(),
  startedAt: new Date(BASE + i * 1000 + 25).toISOString(),
  endedAt: new Date(BASE + i * 1000 + 5025).toISOString(),
  durationMs: "5000",
  trigger: { eventIds: [`01JEVT${String(i).padStart(20, "0")}`], eventName: "app/user.signup" },
}));
const PAGE = JSON.stringify({ data: runs, metadata: { fetchedAt: new Date(BASE).toISOString() }, page: { cursor: "abc", hasMore: true, limit: 100 } });

const ONE = { name: "app/user.signup", data: { userId: "u_1234", plan: "pro", referrer: "newsletter" } };
const ONE_BODY = `[${JSON.stringify(ONE)}]`;
const CHUNK = Array.from({ length: 512 }, (_, i) => ({ name: "app/row.synced", data: { i, userId: `u_${i}`, plan: i % 3 ? "free" : "pro", tags: ["bulk", "bench"] } }));

const stubOne = async () => answer(ONE_ANSWER);
const stubChunk = async () => answer(CHUNK_ANSWER);
const stubPage = async () => answer(PAGE);
const sdkOne = createInngestClient({ eventKey: "k", signingKey: "signkey-test-12345678", baseUrl: "http://127.0.0.1:9", fetch: stubOne });
const sdkChunk = createInngestClient({ eventKey: "k", baseUrl: "http://127.0.0.1:9", fetch: stubChunk, concurrency: 1 });
const sdkPage = createInngestClient({ signingKey: "signkey-test-12345678", baseUrl: "http://127.0.0.1:9", fetch: stubPage });

const bench = new Bench({ time: 700, warmupTime: 200, timestampProvider: "hrtimeNow", throws: true });
bench
  // --- one event: the request path ---
  .add("send1: raw stub fetch(url, init) + json()", async () => {
    await (await stubOne(URL_, { method: "POST", headers, body: ONE_BODY })).json();
  })
  .add("send1: new Request(url, init) (what fetch() builds)", () => new Request(URL_, { method: "POST", headers, body: ONE_BODY }))
  .add("send1: new Request(new Request(url, init)) (Request re-wrapped)", () => new Request(new Request(URL_, { method: "POST", headers, body: ONE_BODY })))
  .add("send1: ky(url, {fetch: stub, retry 0, timeout false}) + text()", async () => {
    await (await ky(URL_, { method: "POST", headers, body: ONE_BODY, fetch: stubOne, retry: 0, timeout: false, throwHttpErrors: false })).text();
  })
  .add("send1: ky with a signal (AbortController per call, as the SDK does)", async () => {
    const ac = new AbortController();
    await (await ky(URL_, { method: "POST", headers, body: ONE_BODY, fetch: stubOne, retry: 0, timeout: false, throwHttpErrors: false, signal: ac.signal })).text();
  })
  .add("send1: inngest-rest events.send(one) with fetch: stub", async () => {
    await sdkOne.events.send(ONE);
  })
  .add("send1: AbortController + setTimeout/clearTimeout", () => {
    const ac = new AbortController();
    const t = setTimeout(() => ac.abort(), 30_000);
    clearTimeout(t);
  })
  .add("send1: event-id seed (getRandomValues(10) + btoa)", () => `${Date.now()},${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(10))))}`)
  // --- 512 events: validation + serialisation ---
  .add("chunk512: JSON.stringify(512 events) + stub", async () => {
    await (await stubChunk(URL_, { method: "POST", headers, body: JSON.stringify(CHUNK) })).json();
  })
  .add("chunk512: inngest-rest events.send(512 events) with fetch: stub", async () => {
    await sdkChunk.events.send(CHUNK);
  })
  // --- one runs page: parsing ---
  .add("page100: stub + JSON.parse (raw)", async () => {
    const body = await (await stubPage(URL_)).json();
    if (body.data.length !== 100) throw new Error("page");
  })
  .add("page100: inngest-rest runs.list({limit:100}) first page with fetch: stub", async () => {
    const page = await sdkPage.runs.list({ limit: 100 });
    if (page.data.length !== 100) throw new Error("page");
  });

await bench.run();
const base = {};
console.log(`node ${process.version}; mean µs per op (p50 in brackets)\n`);
for (const t of bench.tasks) {
  const r = t.result;
  const group = t.name.split(":")[0];
  base[group] ??= r.latency.mean;
  console.log(`${(r.latency.mean * 1000).toFixed(1).padStart(9)} µs  [${(r.latency.p50 * 1000).toFixed(1).padStart(8)}]  ${t.name}`);
}
