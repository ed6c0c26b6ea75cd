import { describe, expect, test } from "vitest";
import { BadRequestError, createInngestClient, InngestError, NotFoundError, ValidationError } from "../src/index.js";
import { caught, json, wire, type Handler } from "./helpers/wire.js";

const signingKey = "signkey-prod-00112233445566778899aabbccddeeff";

function api(handler: Handler) {
  const w = wire(handler);
  return { ...w, events: createInngestClient({ signingKey, fetch: w.fetch, retryBaseDelay: 1 }).events };
}

const EVENT_ID = "01J5Z8K4MZ0000000000000000";
const v1Metadata = { fetched_at: "2026-08-22T10:00:05.101Z", cached_until: "2026-08-22T10:00:10.101Z" };
/** `cqrs.Event` as encoding/json writes it (pkg/cqrs/events.go): snake_case, `id`/`user`/`ts`/`v` omitempty. */
const wireEvent = (internalId: string, extra: Record<string, unknown> = {}) => ({
  internal_id: internalId,
  account_id: "2a8d9c3e-0000-4000-8000-000000000001",
  environment_id: "2a8d9c3e-0000-4000-8000-000000000002",
  source: "key",
  source_id: "2a8d9c3e-0000-4000-8000-000000000003",
  received_at: "2026-08-22T10:00:00.123456789Z",
  name: "app/user.signup",
  data: { userId: "u_1" },
  ...extra,
});

describe("events.get: GET /v1/events/{eventId}", () => {
  test("reads the snake_case cqrs.Event into a camelCase ReceivedEvent", async () => {
    const { events, requests } = api(() => json({ data: wireEvent(EVENT_ID, { id: "signup-u_1", user: { email: "a@b.c" }, ts: 1755856800000, v: "2026-01-01.1" }), metadata: v1Metadata }));
    const event = await events.get(EVENT_ID);
    expect(requests.map((r) => [r.method, r.url.href, r.body])).toEqual([["GET", `https://api.inngest.com/v1/events/${EVENT_ID}`, undefined]]);
    expect(event).toEqual({
      internalId: EVENT_ID,
      id: "signup-u_1",
      name: "app/user.signup",
      data: { userId: "u_1" },
      user: { email: "a@b.c" },
      ts: 1755856800000,
      version: "2026-01-01.1",
      receivedAt: "2026-08-22T10:00:00.123456789Z",
      source: "key",
      sourceId: "2a8d9c3e-0000-4000-8000-000000000003",
    });
  });

  test("omitted id, user, ts and v read null; a nil data map (JSON null) reads {}; unknown fields are ignored", async () => {
    const { events } = api(() => json({ data: wireEvent(EVENT_ID, { data: null, source_id: null, brand_new: 1 }), metadata: v1Metadata }));
    expect(await events.get(EVENT_ID)).toMatchObject({ id: null, user: null, ts: null, version: null, data: {}, sourceId: null });
  });

  test("a missing event is v1's 404 'Event not found': a NotFoundError after one request", async () => {
    const { events, requests } = api(() => json({ error: "Event not found", data: null, status: 404 }, 404));
    const err = await caught(events.get(EVENT_ID));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ status: 404, apiMessage: "Event not found" });
    expect(requests).toHaveLength(1);
  });

  test("a missing event behind v1's cache (HTTP 200, status 404 in the body) is a NotFoundError too", async () => {
    // pkg/api/apiv1/cache.go copies the handler's body but not its status.
    const { events, requests } = api(() => json({ error: "Event not found", data: null, status: 404 }, 200));
    const err = await caught(events.get(EVENT_ID));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ status: 404, apiMessage: "Event not found", path: `/v1/events/${EVENT_ID}` });
    expect(requests).toHaveLength(1);
  });

  test("an id that is not a ULID is v1's 400 'Invalid event ID'", async () => {
    const { events } = api(() => json({ error: "Invalid event ID: nope", data: null, status: 400 }, 400));
    expect(await caught(events.get("nope"))).toBeInstanceOf(BadRequestError);
  });

  test("an id is one percent-encoded segment; '', '.', '..' are refused before the wire", async () => {
    const { events, requests } = api(() => json({ data: wireEvent(EVENT_ID), metadata: v1Metadata }));
    await events.get("../runs/x?y");
    expect(requests[0]!.url.pathname).toBe("/v1/events/..%2Fruns%2Fx%3Fy");
    for (const id of ["", ".", "..", undefined]) expect(await caught(events.get(id as string))).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(1);
  });
});

describe("events.list: GET /v1/events, paged by the last internal_id", () => {
  const ids = Array.from({ length: 5 }, (_, i) => `01J5Z8K4MZ00000000000000${String(9 - i).padStart(2, "0")}`);
  /** The handler's paging (pkg/cqrs/manager/cqrs.go): `internal_id < cursor ORDER BY internal_id DESC LIMIT n`, no cursor in the answer. */
  const server: Handler = (req) => {
    const limit = Number(req.url.searchParams.get("limit") ?? 20);
    const cursor = req.url.searchParams.get("cursor");
    const page = ids.filter((id) => !cursor || id < cursor).slice(0, limit);
    return json({ data: page.map((id) => wireEvent(id)), metadata: { fetched_at: v1Metadata.fetched_at } });
  };

  test("walks every page, each cursor the last event's internalId, and stops at a short page", async () => {
    const { events, requests } = api(server);
    const all = [];
    for await (const event of events.list({ limit: 2 })) all.push(event.internalId);
    expect(all).toEqual(ids);
    expect(requests.map((r) => r.url.search)).toEqual(["?limit=2", `?limit=2&cursor=${ids[1]}`, `?limit=2&cursor=${ids[3]}`]);
  });

  test("a last page exactly `limit` long costs one more request, which comes back empty", async () => {
    const { events, requests } = api(server);
    expect(await events.list({ limit: 5 }).toArray(100)).toHaveLength(5);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.url.searchParams.get("cursor")).toBe(ids[4]);
  });

  test("without a limit, a page shorter than the server's default of 20 is the last", async () => {
    const { events, requests } = api(server);
    const page = await events.list();
    expect(page.data).toHaveLength(5);
    expect(page.hasMore).toBe(false);
    expect(page.hasNextPage()).toBe(false);
    expect(requests[0]!.url.search).toBe("");
  });

  test("sends the filters under v1's names (received_after / received_before), and only those given", async () => {
    const { events, requests } = api(server);
    await events.list({ name: "app/user.signup", from: new Date("2026-08-21T00:00:00Z"), until: "2026-08-22T00:00:00+02:00", cursor: ids[2] });
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({
      name: "app/user.signup",
      received_after: "2026-08-21T00:00:00.000Z",
      received_before: "2026-08-21T22:00:00.000Z",
      cursor: ids[2],
    });
  });

  test.each([0, 52, 100, 1.5, -1, Number.NaN])("limit %s is a ValidationError before the wire (the server would clamp it silently)", async (limit) => {
    const { events, requests } = api(server);
    const err = (await caught(events.list({ limit }).then((p) => p))) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues).toEqual([{ path: "limit", message: "must be an integer from 1 to 51 (it is the page size)" }]);
    expect(requests).toHaveLength(0);
  });

  test("limit 1 and 51 are sent as given", async () => {
    const { events, requests } = api(server);
    await events.list({ limit: 1 });
    await events.list({ limit: 51 });
    expect(requests.map((r) => r.url.searchParams.get("limit"))).toEqual(["1", "51"]);
  });

  test("a bad time or an empty name is a ValidationError naming each, before the wire", async () => {
    const { events, requests } = api(server);
    const err = (await caught(events.list({ from: "yesterday", until: new Date(Number.NaN), name: "" }).then((p) => p))) as ValidationError;
    expect(err.issues.map((i) => i.path)).toEqual(["name", "from", "until"]);
    expect(requests).toHaveLength(0);
  });

  test("until before from is a ValidationError (v1 would answer an empty list)", async () => {
    const { events, requests } = api(server);
    const err = (await caught(events.list({ from: "2026-08-22T00:00:00Z", until: "2026-08-21T00:00:00Z" }).then((p) => p))) as ValidationError;
    expect(err.issues).toEqual([{ path: "until", message: "must not be before `from`" }]);
    expect(requests).toHaveLength(0);
  });

  test("a cursor that is not a ULID is v1's 400 'Invalid cursor query parameter'", async () => {
    const { events } = api(() => json({ error: "Invalid cursor query parameter", data: null, status: 400 }, 400));
    expect(await caught(events.list({ cursor: "nope" }).then((p) => p))).toBeInstanceOf(BadRequestError);
  });

  test("an answer that is not a list is an InngestError naming the field", async () => {
    const { events } = api(() => json({ data: [{ name: "x" }] }));
    const err = await caught(events.list().then((p) => p));
    expect(err).toBeInstanceOf(InngestError);
    expect((err as Error).message).toMatch(/^Unexpected response shape from GET \/v1\/events: data\.0\.internal_id/);
  });
});

describe("events.runs: GET /v2/events/{eventId}/runs", () => {
  const wireRun = (id: string) => ({ id, function: { id: "f", name: "F" }, app: { id: "app" }, status: "RUNNING", queuedAt: "2026-08-22T10:00:00Z", startedAt: "2026-08-22T10:00:00Z", trigger: { eventIds: [EVENT_ID] } });

  test("a PagePromise of Run that follows page.cursor while hasMore", async () => {
    const { events, requests } = api((_r, n) =>
      n === 1
        ? json({ data: [wireRun("r1"), wireRun("r2")], metadata: {}, page: { cursor: "c2", hasMore: true, limit: 2 } })
        : json({ data: [wireRun("r3")], metadata: {}, page: { limit: 2 } }),
    );
    const runs = await events.runs(EVENT_ID, { limit: 2 }).toArray(10);
    expect(runs.map((r) => [r.id, r.status, r.functionId, r.eventId])).toEqual([
      ["r1", "running", "f", EVENT_ID],
      ["r2", "running", "f", EVENT_ID],
      ["r3", "running", "f", EVENT_ID],
    ]);
    expect(requests.map((r) => [r.url.pathname, r.url.search])).toEqual([
      [`/v2/events/${EVENT_ID}/runs`, "?limit=2"],
      [`/v2/events/${EVENT_ID}/runs`, "?limit=2&cursor=c2"],
    ]);
  });

  test("an event that triggered nothing: protojson omits data and hasMore", async () => {
    const { events, requests } = api(() => json({ metadata: {}, page: { limit: 20 } }));
    const page = await events.runs(EVENT_ID);
    expect(page.data).toEqual([]);
    expect(page.hasNextPage()).toBe(false);
    expect(requests[0]!.url.search).toBe("");
  });

  test("includeOutput: true asks for each run's output", async () => {
    const { events, requests } = api(() => json({ data: [{ ...wireRun("r1"), output: { ok: true } }], page: {} }));
    const page = await events.runs(EVENT_ID, { includeOutput: true });
    expect(requests[0]!.url.search).toBe("?includeOutput=true");
    expect(page.data[0]!.output).toEqual({ ok: true });
  });

  test.each([0, 41, 2.5])("limit %s is outside 1-40: a ValidationError before the wire", async (limit) => {
    const { events, requests } = api(() => json({}));
    const err = (await caught(events.runs(EVENT_ID, { limit }).then((p) => p))) as ValidationError;
    expect(err.issues).toEqual([{ path: "limit", message: "must be an integer from 1 to 40 (it is the page size)" }]);
    expect(requests).toHaveLength(0);
  });

  test("an id is one percent-encoded segment; '', '.', '..' are a rejected promise, never a throw, and send nothing", async () => {
    const { events, requests } = api(() => json({ data: [], page: {} }));
    await events.runs("a/../b");
    expect(requests[0]!.url.pathname).toBe("/v2/events/a%2F..%2Fb/runs");
    for (const id of ["", ".", ".."]) {
      const pending = events.runs(id);
      expect(await caught(pending.then((p) => p))).toBeInstanceOf(ValidationError);
    }
    expect(requests).toHaveLength(1);
  });

  test("an id that is not a ULID is the server's 400 invalid_field_format, not retried", async () => {
    const { events, requests } = api(() => json({ errors: [{ code: "invalid_field_format", message: "Event ID must be a valid ULID" }] }, 400));
    expect(await caught(events.runs("nope").then((p) => p))).toBeInstanceOf(BadRequestError);
    expect(requests).toHaveLength(1);
  });
});
