// What issue 17's audit and the real dev server showed the emulator getting wrong, each held here on the wire.
// The real server's side is watched by test/real/differential.test.ts.
import { describe, expect, test } from "vitest";
import { createInngestEmulator, type EmulatorSeed } from "../../src/testing/index.js";

const NOW = Date.UTC(2026, 0, 15, 12);
const API = "http://localhost:8288";

const SEED: EmulatorSeed = {
  runs: [
    { functionId: "import", status: "QUEUED", queuedAt: NOW - 60_000 },
    { functionId: "import", status: "COMPLETED", queuedAt: NOW - 120_000 },
  ],
  apps: [
    { id: "etl", functions: [{ id: "import", event: "etl/import" }] },
    { id: "old", archived: true, functions: [{ id: "sync", event: "old/sync" }] },
  ],
};

const world = () => createInngestEmulator({ now: () => NOW, seed: SEED });
const get = async (emulator: ReturnType<typeof world>, path: string, init?: RequestInit) => {
  const res = await emulator.fetch(`${API}${path}`, init);
  const text = await res.text();
  return { status: res.status, allow: res.headers.get("allow"), type: res.headers.get("content-type"), text, body: text && /^[[{]/.test(text) ? JSON.parse(text) : text };
};

describe("the emulator as the real dev server answers", () => {
  test("an archived app's functions are not found, listed or invoked", async () => {
    const emulator = world();
    expect((await get(emulator, "/v2/apps/old/functions/sync")).status).toBe(404);
    expect((await get(emulator, "/v2/apps/old/functions")).body.data ?? []).toEqual([]); // protojson omits an empty list
    expect((await get(emulator, "/v2/apps/old/functions/sync/invoke", { method: "POST", body: '{"data":{}}' })).status).toBe(404);
  });

  test("GET /v2/runs: `until` is inclusive, STARTED_AT lists queued runs, an empty timeField= and order= are the default", async () => {
    const emulator = world();
    const queued = emulator.runs.list({ status: "QUEUED" })[0]!;
    const until = new Date(queued.queuedAt).toISOString();
    const ids = async (query: string) => (await get(emulator, `/v2/runs?${query}`)).body.data.map((r: { id: string }) => r.id);
    expect(await ids(`until=${until}&from=${new Date(NOW - 3_600_000).toISOString()}`)).toContain(queued.id);
    expect(await ids("timeField=STARTED_AT")).toContain(queued.id);
    expect((await get(emulator, "/v2/runs?timeField=&order=")).status).toBe(200);
  });

  test("GET /v2/events/{id}/runs ignores every filter but cursor, limit and includeOutput", async () => {
    const emulator = world();
    const completed = emulator.runs.list({ status: "COMPLETED" })[0]!;
    const res = await get(emulator, `/v2/events/${completed.eventIds[0]}/runs?status=FAILED&from=2099-01-01T00:00:00Z`);
    expect(res.body.data.map((r: { id: string }) => r.id)).toEqual([completed.id]);
  });

  test("a reused invoke key answers 409 with the first run and makes no second run", async () => {
    const emulator = world();
    const invoke = () => get(emulator, "/v2/apps/etl/functions/import/invoke", { method: "POST", body: '{"data":{"a":1},"idempotencyKey":"k1"}' });
    const first = await invoke();
    const before = (await get(emulator, "/v1/events?name=inngest/function.invoked")).body;
    const second = await invoke();
    expect([first.status, second.status, second.body.data.runId]).toEqual([200, 409, first.body.data.runId]);
    expect(emulator.runs.list({ functionId: "import" })).toHaveLength(3); // two seeded, one invoked
    // Internal events are not listed, but each can be read by id. (The second call's event is stored too, as on the
    // dev server; no route shows it.)
    const run = emulator.runs.get(first.body.data.runId)!;
    expect((await get(emulator, `/v1/events/${run.eventIds[0]}`)).body.data.name).toBe("inngest/function.invoked");
    expect(before.data).toEqual([]);
  });

  test("a batch resent under the same seed keeps its ids and runs, and the event log lists it twice", async () => {
    const emulator = world();
    const body = JSON.stringify([{ name: "etl/import", data: { n: 1 } }]);
    const headers = { "x-inngest-event-id-seed": `${NOW},AAAAAAAAAAAAAA==` };
    const post = async () => (await get(emulator, "/e/key", { method: "POST", body, headers })).body.ids;
    const [first, second] = [await post(), await post()];
    expect(second).toEqual(first);
    expect(emulator.runs.list({ eventId: first[0] })).toHaveLength(1);
    expect(emulator.events).toHaveLength(1);
    const log = (await get(emulator, "/v1/events?name=etl/import")).body.data.map((e: { internal_id: string }) => e.internal_id);
    expect(log.filter((id: string) => id === first[0])).toEqual([first[0], first[0]]);
  });

  test("v1: an empty signal is a 500, a wrong method is chi's empty 405, an answer over 1 KB is not cached", async () => {
    const emulator = world();
    expect((await get(emulator, "/v1/signals", { method: "POST", body: '{"signal":""}' })).body).toEqual({ error: "Failed to receive signal", data: null, status: 500 });
    const wrong = await get(emulator, "/v1/events/01ARZ3NDEKTSV4RRFFQ69G5FAV", { method: "PUT" });
    expect([wrong.status, wrong.allow, wrong.text]).toEqual([405, "GET", ""]);
    const sent = async (pad: number) => (await get(emulator, "/e/key", { method: "POST", body: JSON.stringify({ name: "etl/x", data: { pad: "x".repeat(pad) } }) })).body.ids[0];
    const again = async (id: string) => {
      await get(emulator, `/v1/events/${id}`);
      return (await get(emulator, `/v1/events/${id}`)).type;
    };
    expect(await again(await sent(10))).toBe("text/plain; charset=utf-8"); // the cached copy
    expect(await again(await sent(1_500))).toBe("application/json"); // fetched anew
  });

  test("a bulk cancellation finds the function by its stored slug, in any app; its bare id is a 404 even in its own app", async () => {
    const emulator = world();
    const body = (functionId: string) => JSON.stringify({ app_id: "another-app", function_id: functionId, started_before: new Date(NOW).toISOString() });
    expect((await get(emulator, "/v1/cancellations", { method: "POST", body: body("etl-import") })).body.data).toMatchObject({
      function_id: "etl-import",
      account_id: "00000000-0000-4000-a000-000000000000",
    });
    expect((await get(emulator, "/v1/cancellations", { method: "POST", body: body("import") })).status).toBe(404);
    // Watched on the dev server: `complete` in its own app `real-app` is "function not found".
    const own = JSON.stringify({ app_id: "etl", function_id: "import", started_before: new Date(NOW).toISOString() });
    expect((await get(emulator, "/v1/cancellations", { method: "POST", body: own })).status).toBe(404);
  });
});
