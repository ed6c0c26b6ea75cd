import { describe, expect, test } from "vitest";
import { createInngestEmulator } from "../../src/testing/index.js";

const NOW = Date.UTC(2026, 0, 15, 12);
const API = "https://api.inngest.com";

interface V1Event {
  internal_id: string;
  name: string;
  received_at: string;
}

function world(now = () => NOW) {
  return createInngestEmulator({ now, seed: { apps: [{ id: "a", functions: [{ id: "on-ping", event: "a/ping" }] }], runs: [] } });
}

async function send(emulator: ReturnType<typeof world>, events: unknown[]) {
  const res = await emulator.fetch("https://inn.gs/e/key", { method: "POST", body: JSON.stringify(events) });
  return ((await res.json()) as { ids: string[] }).ids;
}

async function list(emulator: ReturnType<typeof world>, query = "") {
  const res = await emulator.fetch(`${API}/v1/events${query}`);
  return { status: res.status, body: (await res.json()) as { data: V1Event[]; metadata: Record<string, string> } };
}

describe("GET /v1/events", () => {
  test("lists received events newest first, not cached, internal ones left out", async () => {
    let now = NOW;
    const emulator = world(() => now);
    const [first] = await send(emulator, [{ name: "a/ping" }]);
    now += 1_000;
    const [second] = await send(emulator, [{ name: "a/pong" }]);
    await emulator.fetch(`${API}/v2/apps/a/functions/on-ping/invoke`, { method: "POST", body: '{"data":{}}' });
    const res = await emulator.fetch(`${API}/v1/events`);
    expect(res.headers.get("cache-control")).toBeNull();
    const body = (await res.json()) as { data: V1Event[]; metadata: Record<string, string> };
    expect(body.data.map((e) => e.internal_id)).toEqual([second, first]);
    expect(body.metadata).toEqual({ fetched_at: "2026-01-15T12:00:01Z" });
  });

  test("pages with the last internal id as cursor, and clamps limit to 1..51 (0 or junk is 20)", async () => {
    const emulator = world();
    const ids = await send(emulator, Array.from({ length: 60 }, (_, i) => ({ name: "a/ping", data: { i } })));
    const newestFirst = [...ids].sort().reverse();
    const page1 = await list(emulator, "?limit=2");
    expect(page1.body.data.map((e) => e.internal_id)).toEqual(newestFirst.slice(0, 2));
    const page2 = await list(emulator, `?limit=2&cursor=${page1.body.data[1]!.internal_id}`);
    expect(page2.body.data.map((e) => e.internal_id)).toEqual(newestFirst.slice(2, 4));
    for (const [limit, count] of [["0", 20], ["ten", 20], ["-3", 1], ["500", 51]] as const) {
      expect((await list(emulator, `?limit=${limit}`)).body.data, limit).toHaveLength(count);
    }
  });

  test("filters by name and by received_after/received_before; the window defaults to the last hour", async () => {
    let now = NOW - 2 * 3_600_000;
    const emulator = world(() => now);
    await send(emulator, [{ name: "a/old" }]);
    now = NOW;
    await send(emulator, [{ name: "a/ping" }, { name: "a/pong" }]);
    expect((await list(emulator)).body.data.map((e) => e.name).sort()).toEqual(["a/ping", "a/pong"]);
    expect((await list(emulator, "?name=a/pong")).body.data.map((e) => e.name)).toEqual(["a/pong"]);
    const since = new Date(NOW - 3 * 3_600_000).toISOString();
    expect((await list(emulator, `?received_after=${since}`)).body.data).toHaveLength(3);
    const before = new Date(NOW - 3_600_000).toISOString();
    expect((await list(emulator, `?received_after=${since}&received_before=${before}`)).body.data.map((e) => e.name)).toEqual(["a/old"]);
  });

  test("a bad cursor or time is an error in the body of an HTTP 200 (the v1 cache drops the status)", async () => {
    const emulator = world();
    const cursor = await list(emulator, "?cursor=nope");
    expect(cursor).toEqual({ status: 200, body: { error: "Invalid cursor query parameter", data: null, status: 400 } });
    const before = await list(emulator, "?received_before=yesterday");
    // The handler names received_after for either parameter.
    expect(before.body).toEqual({ error: "Invalid received_after query parameter", data: null, status: 400 });
  });

  test("the seeded world's runs come with the events that triggered them", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const run = emulator.runs.list({ status: "RUNNING" }).find((r) => r.eventIds.length > 0)!;
    const event = (await (await emulator.fetch(`${API}/v1/events/${run.eventIds[0]}`)).json()) as { data: V1Event };
    expect(event.data).toMatchObject({ internal_id: run.eventIds[0], name: run.eventName });
    const runs = (await (await emulator.fetch(`${API}/v1/events/${run.eventIds[0]}/runs`)).json()) as { data: { run_id: string }[] };
    expect(runs.data.map((r) => r.run_id)).toEqual([run.id]);
    const v2 = (await (await emulator.fetch(`${API}/v2/events/${run.eventIds[0]}/runs`)).json()) as { data: { id: string }[] };
    expect(v2.data.map((r) => r.id)).toEqual([run.id]);
    expect(emulator.events).toHaveLength(0); // what the test sent: nothing yet
  });
});

describe("GET /v2/events/{eventId}/runs", () => {
  test("limit is 1..40, 0 meaning 20", async () => {
    const emulator = world();
    const [id] = await send(emulator, [{ name: "a/ping" }]);
    const ok = (await (await emulator.fetch(`${API}/v2/events/${id}/runs?limit=0`)).json()) as { page: unknown };
    expect(ok.page).toEqual({ limit: 20 });
    const over = await emulator.fetch(`${API}/v2/events/${id}/runs?limit=41`);
    expect(await over.json()).toEqual({ errors: [{ code: "invalid_field_format", message: "Limit cannot exceed 40" }] });
  });
});
