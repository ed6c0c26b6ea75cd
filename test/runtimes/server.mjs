// A small fake of Inngest's Event API and `GET /v2/runs` on 127.0.0.1, recording every request.
// One is started per runtime, so what it recorded is what that runtime sent.
//
//   POST /e/<EVENT_KEY>      → 200 {ids, status: 200}, one id per event: `evt-<data.i>`
//   POST /e/<any other key>  → 401 {error: "Event key <key> not found", status: 401} (echoes the key,
//                              so the SDK's redaction is tested too)
//   GET  /v2/runs            → page 1: run-1, run-2, {hasMore: true, cursor: "cursor-page-2"}
//   GET  /v2/runs?cursor=cursor-page-2 → page 2: run-3, {hasMore: false}
//   GET  /v2/runs/run-1      → {data: run-1}: read by zod, which the SDK loads on first use (import())
//   anything else            → 404
import http from "node:http";
import { EVENT_KEY } from "./scenario.mjs";

export const PAGE_2_CURSOR = "cursor-page-2";
export const RUN_IDS = ["run-1", "run-2", "run-3"];

const run = (n) => ({
  id: `run-${n}`,
  function: { id: "runtime-fn", name: "Runtime fn", app: { id: "runtime-app" } },
  status: "COMPLETED",
  queuedAt: "2026-11-28T10:00:00.000Z",
  startedAt: "2026-11-28T10:00:01.000Z",
  endedAt: "2026-11-28T10:00:02.000Z",
  durationMs: "1000",
  trigger: { eventIds: [`evt-${n - 1}`], eventName: "test/runtime.ping" },
});

/** Starts the fake; resolves to `{ url, requests, close }`. */
export async function startFakeInngest() {
  /** @type {{method: string, path: string, query: Record<string, string[]>, headers: Record<string, string|string[]|undefined>, body: string}[]} */
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const query = {};
    for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
    requests.push({ method: req.method ?? "", path: url.pathname, query, headers: req.headers, body });
    const send = (status, value) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };

    if (req.method === "POST" && url.pathname.startsWith("/e/")) {
      const key = decodeURIComponent(url.pathname.slice(3));
      if (key !== EVENT_KEY) return send(401, { error: `Event key ${key} not found`, status: 401 });
      let events;
      try {
        events = JSON.parse(body);
      } catch {
        return send(400, { error: "body is not JSON", status: 400 });
      }
      if (!Array.isArray(events)) events = [events];
      return send(200, { ids: events.map((e) => `evt-${e?.data?.i}`), status: 200 });
    }
    if (req.method === "GET" && url.pathname === "/v2/runs") {
      const cursor = url.searchParams.get("cursor");
      const metadata = { fetchedAt: new Date().toISOString(), cachedUntil: null };
      if (cursor === null) return send(200, { data: [run(1), run(2)], page: { cursor: PAGE_2_CURSOR, hasMore: true }, metadata });
      if (cursor === PAGE_2_CURSOR) return send(200, { data: [run(3)], page: { hasMore: false }, metadata });
      return send(400, { errors: [{ code: "invalid_cursor", message: `unknown cursor ${cursor}` }] });
    }
    if (req.method === "GET" && url.pathname === `/v2/runs/${RUN_IDS[0]}`) return send(200, { data: run(1), metadata: { fetchedAt: new Date().toISOString() } });
    return send(404, { errors: [{ code: "not_found", message: `no route ${req.method} ${url.pathname}` }] });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}
