// A contender process. run.mjs forks one per library (`rest`: inngest-rest and raw fetch, which
// never loads the official package; `official`: the official `inngest` package only), so neither
// library's process-wide side effects (AsyncLocalStorage hooks, OpenTelemetry setup, JIT state)
// land on the other. run.mjs sends {id, task, iterations, warmup}; the worker times the task with
// tinybench and answers {id, mean, p50, runs}. Every task checks its own result.
import { Bench } from "tinybench";
import { pathToFileURL } from "node:url";
import path from "node:path";

const SINK = process.env.BENCH_SINK_URL; // http://127.0.0.1:PORT (no trailing slash)
// The same sink, answering each request SLOW_MS later (figures 7 and 8: a nearby region).
const SLOW_SINK = process.env.BENCH_SLOW_SINK_URL;
const ROOT = path.resolve(import.meta.dirname, "..");
const EVENT_KEY = "bench-key";
const SIGNING_KEY = "signkey-test-12345678";
const HASHED = "signkey-test-b2ed992186a5cb19f6668aade821f502c1d00970dfd0e35128d51bac4649916c";

// ---- inputs, identical for every contender --------------------------------------------------
const oneEvent = () => ({ name: "app/user.signup", data: { userId: "u_1234", plan: "pro", referrer: "newsletter" } });
function manyEvents(n) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = { name: "app/row.synced", data: { i, userId: `u_${i}`, plan: i % 3 ? "free" : "pro", tags: ["bulk", "bench"] } };
  return out;
}

// ---- contenders -----------------------------------------------------------------------------
// "rest" tasks use dist/index.js; "cand" tasks use BENCH_CANDIDATE (run.mjs --candidate <esm file>),
// a candidate build of the SDK to compare in the same interleaved run.
const clients = new Map();
async function restClient(which = "rest", sink = SINK) {
  const key = `${which} ${sink}`;
  if (!clients.has(key)) {
    const file = which === "cand" ? process.env.BENCH_CANDIDATE : path.join(ROOT, "dist/index.js");
    if (!file) throw new Error("no BENCH_CANDIDATE given");
    const { createInngestClient } = await import(pathToFileURL(path.resolve(file)).href);
    // The SDK's defaults (batchSize 512, concurrency 4): what a user gets without tuning.
    clients.set(key, createInngestClient({ eventKey: EVENT_KEY, signingKey: SIGNING_KEY, baseUrl: sink }));
  }
  return clients.get(key);
}

let official;
async function officialClient() {
  if (!official) {
    const { Inngest } = await import("inngest");
    // isDev:false + eventKey + baseUrl: cloud mode pointed at the sink, so no dev-server probing;
    // run.mjs checks after the run that the sink saw nothing but POST /e/.
    official = new Inngest({ id: "bench", eventKey: EVENT_KEY, baseUrl: `${SINK}/`, isDev: false });
  }
  return official;
}

async function rawPost(body, sink = SINK) {
  const res = await fetch(`${sink}/e/${EVENT_KEY}`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const json = await res.json();
  if (res.status !== 200 || json.status !== 200) throw new Error(`raw POST failed: ${res.status}`);
  return json.ids;
}

const ONE = oneEvent();
const BULK = manyEvents(50_000);
const CHUNK = 512;

function expect(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
}

/** Each task is one timed operation. */
const tasks = {
  // Figure 1: one event per send. The raw body is byte-for-byte what inngest-rest posts.
  async "rest.send1"(which = "rest") {
    const c = await restClient(which);
    return async () => {
      const { ids } = await c.events.send(ONE);
      expect(ids.length === 1, "rest.send1 ids");
    };
  },
  async "fetch.send1"() {
    const body = `[${JSON.stringify({ name: ONE.name, data: ONE.data })}]`;
    return async () => {
      const ids = await rawPost(body);
      expect(ids.length === 1, "fetch.send1 ids");
    };
  },
  async "official.send1"() {
    const c = await officialClient();
    return async () => {
      const { ids } = await c.send(ONE);
      expect(ids.length === 1, "official.send1 ids");
    };
  },

  // Figure 2: 50,000 events, one call (512 per POST, 4 in flight) vs 512-event chunks posted one after another.
  async "rest.send50k"(which = "rest", sink = SINK) {
    const c = await restClient(which, sink);
    return async () => {
      const { ids } = await c.events.send(BULK);
      expect(ids.length === BULK.length && typeof ids[49_999] === "string", "rest.send50k ids");
    };
  },
  async "fetch.send50k"() {
    return async () => {
      const ids = [];
      for (let i = 0; i < BULK.length; i += CHUNK) {
        for (const id of await rawPost(JSON.stringify(BULK.slice(i, i + CHUNK)))) ids.push(id);
      }
      expect(ids.length === BULK.length, "fetch.send50k ids");
    };
  },

  // Context for figure 2: what bounded concurrency alone buys here (raw fetch, 4 chunks in flight).
  async "fetch.send50k.c4"(sink = SINK) {
    return async () => {
      const ids = new Array(BULK.length);
      let next = 0;
      const lane = async () => {
        while (next < BULK.length) {
          const start = next;
          next += CHUNK;
          const got = await rawPost(JSON.stringify(BULK.slice(start, start + CHUNK)), sink);
          for (let i = 0; i < got.length; i++) ids[start + i] = got[i];
        }
      };
      await Promise.all([lane(), lane(), lane(), lane()]);
      expect(typeof ids[BULK.length - 1] === "string", "fetch.send50k.c4 ids");
    };
  },

  // Figure 4: walking 10,000 runs, 100 per page.
  async "rest.page"(which = "rest", sink = SINK) {
    const c = await restClient(which, sink);
    return async () => {
      let n = 0;
      for await (const run of c.runs.list({ limit: 100 })) if (run.id) n++;
      expect(n === 10_000, `rest.page saw ${n}`);
    };
  },
  async "fetch.page"(sink = SINK) {
    const headers = { authorization: `Bearer ${HASHED}` };
    return async () => {
      let n = 0;
      let cursor = "";
      for (;;) {
        const res = await fetch(`${sink}/v2/runs?limit=100&cursor=${encodeURIComponent(cursor)}`, { headers });
        if (res.status !== 200) throw new Error(`raw page failed: ${res.status}`);
        const body = await res.json();
        for (const run of body.data ?? []) if (run.id) n++;
        if (!body.page?.hasMore || !body.page.cursor) break;
        cursor = body.page.cursor;
      }
      expect(n === 10_000, `fetch.page saw ${n}`);
    };
  },
};

for (const name of ["send1", "send50k", "page"]) tasks[`cand.${name}`] = () => tasks[`rest.${name}`]("cand");

// Figures 7 and 8: the same work against the sink that answers 20 ms later. The raw baselines are
// the best simple hand-written loops: 4 chunks in flight for events, one page after another for runs
// (a cursor cannot be fetched before the page that carries it).
tasks["rest.send50k.slow"] = () => tasks["rest.send50k"]("rest", SLOW_SINK);
tasks["cand.send50k.slow"] = () => tasks["rest.send50k"]("cand", SLOW_SINK);
tasks["fetch.send50k.c4.slow"] = () => tasks["fetch.send50k.c4"](SLOW_SINK);
tasks["rest.page.slow"] = () => tasks["rest.page"]("rest", SLOW_SINK);
tasks["cand.page.slow"] = () => tasks["rest.page"]("cand", SLOW_SINK);
tasks["fetch.page.slow"] = () => tasks["fetch.page"](SLOW_SINK);

const prepared = new Map();
async function timeTask(name, iterations, warmup) {
  let fn = prepared.get(name);
  if (!fn) {
    fn = await tasks[name]();
    prepared.set(name, fn);
  }
  const bench = new Bench({
    iterations,
    time: 0,
    warmup: warmup > 0,
    warmupIterations: Math.max(1, warmup),
    warmupTime: 0,
    timestampProvider: "hrtimeNow",
    throws: true,
  });
  bench.add(name, fn);
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== "completed") throw r.error ?? new Error(`${name}: ${r.state}`);
  return { mean: r.latency.mean, p50: r.latency.p50, runs: bench.tasks[0].runs };
}


if (process.send) {
  process.on("message", async (msg) => {
    if (msg?.task === undefined) return;
    try {
      const out = await timeTask(msg.task, msg.iterations, msg.warmup ?? 0);
      process.send({ id: msg.id, ok: true, ...out });
    } catch (err) {
      process.send({ id: msg.id, ok: false, error: String(err?.stack ?? err) });
    }
  });
  process.on("disconnect", () => process.exit(0));
  process.send({ ready: true });
}
