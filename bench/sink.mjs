// The sink: a minimal Inngest stand-in on 127.0.0.1, run in its own process by run.mjs (fork),
// so its CPU time is not counted in the client's process. Answers only what the benchmarks call:
//   POST /e/:key          -> {"ids":[...one per event],"status":200}
//   GET  /v2/runs?limit=&cursor=  -> protojson v2 envelope over 10,000 synthetic runs
// Anything else is a 404 and is counted, so run.mjs can prove nobody phoned elsewhere.
// It listens twice: on `port` it answers at once (loopback), on `slowPort` each answer waits
// SLOW_MS first, like a nearby region would (figures 7 and 8).
import http from "node:http";

const TOTAL_RUNS = 10_000;
const SLOW_MS = 20;
const counters = { events: 0, eventPosts: 0, runPages: 0, unexpected: [] };

// --- Event API -------------------------------------------------------------------------
// ULID-shaped ids (26 Crockford base32 chars), unique per event, made cheaply from a counter.
const B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const PREFIX = "01JBENCH"; // 8 chars; 18 more follow
let nextId = 0;
function ulidish() {
  let n = nextId++;
  let tail = "";
  for (let i = 0; i < 18; i++) {
    tail = B32[n & 31] + tail;
    n = Math.floor(n / 32);
  }
  return PREFIX + tail;
}

/** Counts events in a body without building them: an array of objects or one object. */
function countEvents(text) {
  const value = JSON.parse(text); // a real server parses the body too
  return Array.isArray(value) ? value.length : 1;
}

function eventAnswer(count) {
  let out = '{"ids":[';
  for (let i = 0; i < count; i++) out += (i ? ',"' : '"') + ulidish() + '"';
  return out + '],"status":200}';
}

// --- REST v2 runs --------------------------------------------------------------------------
const BASE_TIME = Date.UTC(2026, 10, 1);
function run(i) {
  const q = new Date(BASE_TIME + i * 1000);
  return {
    id: `01JRUN${String(i).padStart(20, "0")}`,
    function: { id: `fn-${i % 7}`, name: `Function ${i % 7}`, app: { id: "bench-app" } },
    app: { id: "bench-app" },
    status: ["COMPLETED", "FAILED", "RUNNING", "CANCELLED", "QUEUED"][i % 5],
    queuedAt: q.toISOString(),
    startedAt: new Date(q.getTime() + 25).toISOString(),
    ...(i % 5 === 2 || i % 5 === 4 ? {} : { endedAt: new Date(q.getTime() + 5025).toISOString(), durationMs: "5000" }),
    trigger: { eventIds: [`01JEVT${String(i).padStart(20, "0")}`], eventName: "app/user.signup" },
  };
}

/** Page bodies by offset, built once per page size (JSON text, so serving costs only a write). */
const pageCache = new Map();
function page(offset, limit) {
  const key = `${offset}:${limit}`;
  let body = pageCache.get(key);
  if (!body) {
    const data = [];
    for (let i = offset; i < Math.min(TOTAL_RUNS, offset + limit); i++) data.push(run(i));
    const hasMore = offset + limit < TOTAL_RUNS;
    body = JSON.stringify({
      data,
      metadata: { fetchedAt: new Date(BASE_TIME).toISOString() },
      page: { ...(hasMore ? { cursor: Buffer.from(`o:${offset + limit}`).toString("base64url") } : {}), hasMore, limit },
    });
    pageCache.set(key, body);
  }
  return body;
}

function sendNow(res, status, body) {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function handle(req, res, delay) {
  const url = req.url ?? "/";
  const send = delay ? (res, status, body) => setTimeout(() => sendNow(res, status, body), delay) : sendNow;
  if (req.method === "POST" && url.startsWith("/e/")) {
    const parts = [];
    req.on("data", (c) => parts.push(c));
    req.on("end", () => {
      let count;
      try {
        count = countEvents(Buffer.concat(parts).toString("utf8"));
      } catch {
        return send(res, 400, '{"ids":[],"status":400,"error":"bad json"}');
      }
      counters.eventPosts++;
      counters.events += count;
      send(res, 200, eventAnswer(count));
    });
    return;
  }
  if (req.method === "GET" && url.startsWith("/v2/runs")) {
    const q = new URL(url, "http://sink").searchParams;
    const limit = Math.min(100, Math.max(1, Number(q.get("limit") ?? 20) || 20));
    const cursor = q.get("cursor");
    const offset = cursor ? Number(Buffer.from(cursor, "base64url").toString().slice(2)) : 0;
    counters.runPages++;
    req.resume();
    return send(res, 200, page(offset, limit));
  }
  counters.unexpected.push(`${req.method} ${url.replace(/\/e\/[^/?]+/, "/e/***")}`);
  req.resume();
  send(res, 404, '{"errors":[{"code":"not_found","message":"not served by the bench sink"}]}');
}

function listen(delay) {
  const server = http.createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (req, res) => handle(req, res, delay));
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// Pre-build the pages run.mjs will ask for, so the first round is not the sink's warm-up.
for (let o = 0; o < TOTAL_RUNS; o += 100) page(o, 100);

process.on("message", (msg) => {
  if (msg === "stats") process.send?.({ type: "stats", ...counters });
  if (msg === "reset") Object.assign(counters, { events: 0, eventPosts: 0, runPages: 0, unexpected: [] });
  if (msg === "stop") process.exit(0);
});
process.on("disconnect", () => process.exit(0));

const [fast, slow] = await Promise.all([listen(0), listen(SLOW_MS)]);
process.send?.({ type: "ready", port: fast.address().port, slowPort: slow.address().port, slowMs: SLOW_MS });
