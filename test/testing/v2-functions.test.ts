import { describe, expect, test } from "vitest";
import { createInngestEmulator, type EmulatorAppSeed } from "../../src/testing/index.js";

const NOW = Date.UTC(2026, 0, 15, 12);
const API = "https://api.inngest.com";

const app: EmulatorAppSeed = {
  id: "shop",
  functions: [
    { id: "send-receipt", name: "Send receipt", event: "shop/order.placed" },
    { id: "nightly", cron: "0 3 * * *", retries: 2, concurrency: [{ limit: 5, key: "event.data.userId" }] },
    { id: "paused-one", event: "shop/x", paused: true },
    { id: "debounced", event: "shop/y", debounce: { period: "5s", key: "event.data.id" } },
    { id: "limited", event: "shop/z", rateLimit: { limit: 2, period: "1m" } },
  ],
};

function world(now = () => NOW) {
  return createInngestEmulator({ now, seed: { apps: [app], runs: [] } });
}

async function call(emulator: ReturnType<typeof world>, path: string, init?: RequestInit) {
  const res = await emulator.fetch(`${API}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const invoke = (emulator: ReturnType<typeof world>, fn: string, body: unknown) =>
  call(emulator, `/v2/apps/shop/functions/${fn}/invoke`, { method: "POST", body: JSON.stringify(body) });

describe("GET /v2/apps/{appId}/functions", () => {
  test("lists the app's functions with their triggers and configuration, as protojson writes them", async () => {
    const { status, body } = await call(world(), "/v2/apps/shop/functions");
    expect(status).toBe(200);
    const data = body["data"] as Record<string, unknown>[];
    expect(data).toHaveLength(5);
    const byId = new Map(data.map((fn) => [fn["id"], fn]));
    expect(byId.get("send-receipt")).toEqual({
      id: "send-receipt",
      name: "Send receipt",
      slug: "send-receipt",
      app: { id: "shop" },
      triggers: [{ type: "EVENT", value: "shop/order.placed" }],
      // No limits configured: the account's, which the dev server reports as -1. Optional bools stay when false.
      configuration: {
        retries: { value: 4, isDefault: true },
        concurrency: [{ scope: "ACCOUNT", limit: { value: -1, isPlanLimit: true } }],
      },
    });
    expect(byId.get("nightly")).toMatchObject({
      triggers: [{ type: "CRON", value: "0 3 * * *" }],
      configuration: {
        retries: { value: 2, isDefault: false },
        concurrency: [{ scope: "FUNCTION", limit: { value: 5, isPlanLimit: false }, key: "event.data.userId" }],
      },
    });
    expect(byId.get("paused-one")).toMatchObject({ isPaused: true });
    expect(byId.get("debounced")).toMatchObject({ configuration: { debounce: { period: "5s", key: "event.data.id" } } });
    expect(byId.get("limited")).toMatchObject({ configuration: { rateLimit: { limit: 2, period: "1m" } } });
    expect(body["page"]).toEqual({ limit: 20 });
  });

  test("pages with limit and the last function's internal id as cursor; an unknown app has no functions", async () => {
    const emulator = world();
    const first = await call(emulator, "/v2/apps/shop/functions?limit=3");
    const page = first.body["page"] as { cursor: string; hasMore: boolean };
    expect(page).toMatchObject({ hasMore: true, limit: 3, cursor: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const second = await call(emulator, `/v2/apps/shop/functions?limit=3&cursor=${page.cursor}`);
    expect(second.body["page"]).toEqual({ limit: 3 });
    const ids = [...(first.body["data"] as { id: string }[]), ...(second.body["data"] as { id: string }[])].map((f) => f.id);
    expect(new Set(ids).size).toBe(5);
    expect((await call(emulator, "/v2/apps/shop/functions?cursor=nope")).body).toEqual({
      errors: [{ code: "invalid_field_format", message: "Cursor is invalid" }],
    });
    expect((await call(emulator, "/v2/apps/nope/functions")).body).not.toHaveProperty("data");
  });
});

describe("GET /v2/apps/{appId}/functions/{functionId}", () => {
  test("finds a function by its id or by its slug (<appId>-<id>), and answers the id", async () => {
    const emulator = world();
    for (const id of ["send-receipt", "shop-send-receipt"]) {
      const { status, body } = await call(emulator, `/v2/apps/shop/functions/${id}`);
      expect(status).toBe(200);
      expect(body["data"]).toMatchObject({ id: "send-receipt", app: { id: "shop" } });
    }
    expect(await call(emulator, "/v2/apps/shop/functions/nope")).toEqual({
      status: 404,
      body: { errors: [{ code: "not_found", message: "Function not found" }] },
    });
    expect((await call(emulator, "/v2/apps/other/functions/send-receipt")).status).toBe(404);
  });
});

describe("POST /v2/apps/{appId}/functions/{functionId}/invoke", () => {
  test("creates a queued run triggered by an inngest/function.invoked event, and answers its id", async () => {
    const emulator = world();
    const { status, body } = await invoke(emulator, "send-receipt", { data: { orderId: "o_1" } });
    expect(status).toBe(200);
    const runId = (body["data"] as { runId: string }).runId;
    expect(body).toEqual({ data: { runId }, metadata: { fetchedAt: "2026-01-15T12:00:00Z" } });
    const run = emulator.runs.get(runId)!;
    expect(run).toMatchObject({ functionId: "send-receipt", status: "QUEUED", eventName: "inngest/function.invoked" });
    const event = await call(emulator, `/v1/events/${run.eventIds[0]}`);
    expect(event.body["data"]).toMatchObject({
      name: "inngest/function.invoked",
      data: { orderId: "o_1", _inngest: { type: "api", fn_id: emulator.apps.get("shop")!.functions[0]!.internalId } },
    });
    expect(emulator.events).toHaveLength(0); // not sent through the Event API
  });

  test("the event's _inngest has invoke_idempotency only when an idempotencyKey was given, as on the dev server", async () => {
    // Watched: a keyless invoke's inngest/function.invoked event has no invoke_idempotency; a keyed one has the
    // key's hash (`pkg/api/v2/endpoints_function.go` hashes only when the key is set; the field is omitempty).
    const emulator = world();
    const meta = async (body: unknown) => {
      const runId = ((await invoke(emulator, "send-receipt", body)).body["data"] as { runId: string }).runId;
      const event = await call(emulator, `/v1/events/${emulator.runs.get(runId)!.eventIds[0]}`);
      return ((event.body["data"] as { data: Record<string, unknown> }).data)["_inngest"] as Record<string, unknown>;
    };
    expect(await meta({ data: {} })).not.toHaveProperty("invoke_idempotency");
    expect(await meta({ data: {}, idempotencyKey: null })).not.toHaveProperty("invoke_idempotency");
    const keyed = await meta({ data: {}, idempotencyKey: "order-9" });
    expect(keyed["invoke_idempotency"]).toMatch(/^[0-9a-z]+$/);
    // The key alone is hashed: the same key on another function gives the same value.
    const runId = ((await invoke(emulator, "nightly", { data: {}, idempotencyKey: "order-9" })).body["data"] as { runId: string }).runId;
    const other = await call(emulator, `/v1/events/${emulator.runs.get(runId)!.eventIds[0]}`);
    expect((other.body["data"] as { data: { _inngest: Record<string, unknown> } }).data._inngest["invoke_idempotency"]).toBe(
      keyed["invoke_idempotency"],
    );
  });

  test("a reused idempotencyKey answers 409 with the first run's id, in the same body shape, and makes no run", async () => {
    const emulator = world();
    const first = await invoke(emulator, "send-receipt", { data: {}, idempotencyKey: "order-1" });
    const again = await invoke(emulator, "shop-send-receipt", { data: { other: true }, idempotency_key: "order-1" });
    expect(first.status).toBe(200);
    expect(again.status).toBe(409);
    expect(again.body).toEqual(first.body);
    expect(emulator.runs.list()).toHaveLength(1);
    // Per function: the same key on another function is a new run.
    expect((await invoke(emulator, "nightly", { data: {}, idempotencyKey: "order-1" })).status).toBe(200);
  });

  test("the key holds for 24 hours", async () => {
    let now = NOW;
    const emulator = world(() => now);
    await invoke(emulator, "send-receipt", { data: {}, idempotencyKey: "k" });
    now += 24 * 3_600_000 - 1;
    expect((await invoke(emulator, "send-receipt", { data: {}, idempotencyKey: "k" })).status).toBe(409);
    now += 1;
    expect((await invoke(emulator, "send-receipt", { data: {}, idempotencyKey: "k" })).status).toBe(200);
  });

  test.each([
    ["paused-one", "function_skipped", "Function invocation was skipped because the function is paused or draining."],
    ["debounced", "function_debounced", "Function invocation was debounced."],
  ])("flow control: %s answers 422 %s", async (fn, code, message) => {
    const emulator = world();
    expect(await invoke(emulator, fn, { data: {} })).toEqual({ status: 422, body: { errors: [{ code, message }] } });
    expect(emulator.runs.list()).toHaveLength(0);
  });

  test("a rate-limited function answers 422 rate_limited once its limit for the period is used", async () => {
    let now = NOW;
    const emulator = world(() => now);
    expect((await invoke(emulator, "limited", { data: {} })).status).toBe(200);
    expect((await invoke(emulator, "limited", { data: {} })).status).toBe(200);
    expect(await invoke(emulator, "limited", { data: {} })).toEqual({
      status: 422,
      body: { errors: [{ code: "rate_limited", message: "Function execution rate limit exceeded. Please try again later." }] },
    });
    now += 60_001;
    expect((await invoke(emulator, "limited", { data: {} })).status).toBe(200);
  });

  test("data is required; a field the request does not declare is refused by protojson", async () => {
    const emulator = world();
    expect(await invoke(emulator, "send-receipt", {})).toEqual({
      status: 400,
      body: { errors: [{ code: "missing_field", message: "Input data is required" }] },
    });
    const unknown = await emulator.fetch(`${API}/v2/apps/shop/functions/send-receipt/invoke`, {
      method: "POST",
      body: '{"data":{},"mode":"sync"}',
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ errors: [{ code: "api_error", message: 'proto: (line 1:12): unknown field "mode"' }] });
    expect((await invoke(emulator, "nope", { data: {} })).status).toBe(404);
  });
});
