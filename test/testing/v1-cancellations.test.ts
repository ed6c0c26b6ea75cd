import { describe, expect, test } from "vitest";
import { createInngestEmulator } from "../../src/testing/index.js";

const NOW = Date.UTC(2026, 0, 15, 12);
const API = "https://api.inngest.com";
const MIN = 60_000;

function world() {
  const emulator = createInngestEmulator({
    now: () => NOW,
    seed: {
      apps: [{ id: "etl", functions: [{ id: "import", event: "etl/file.uploaded" }, { id: "export", event: "etl/export" }] }],
      runs: [
        { functionId: "import", status: "RUNNING", queuedAt: NOW - 30 * MIN },
        { functionId: "import", status: "QUEUED", queuedAt: NOW - 20 * MIN },
        { functionId: "import", status: "RUNNING", queuedAt: NOW - 90 * MIN }, // before the window
        { functionId: "import", status: "COMPLETED", queuedAt: NOW - 25 * MIN }, // ended already
        { functionId: "export", status: "RUNNING", queuedAt: NOW - 30 * MIN }, // another function
      ],
    },
  });
  return emulator;
}

async function post(emulator: ReturnType<typeof world>, body: unknown) {
  const res = await emulator.fetch(`${API}/v1/cancellations`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { data: Record<string, unknown>; error?: string } };
}

const window = { started_after: new Date(NOW - 60 * MIN).toISOString(), started_before: new Date(NOW).toISOString() };

describe("POST /v1/cancellations", () => {
  test("cancels the function's running and queued runs queued in the window, and answers the cancellation", async () => {
    const emulator = world();
    const { status, body } = await post(emulator, { app_id: "etl", function_id: "etl-import", ...window });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      name: null,
      function_id: "etl-import", // the function's slug
      function_internal_id: emulator.apps.get("etl")!.functions[0]!.internalId,
      app_id: emulator.apps.get("etl")!.internalId,
      started_after: "2026-01-15T11:00:00Z",
      started_before: "2026-01-15T12:00:00Z",
      kind: "bulk_run",
      cause: "API",
      queue_name: null,
    });
    expect(body.data).not.toHaveProperty("if");
    const statuses = emulator.runs.list().map((r) => [r.functionId, Math.round((NOW - r.queuedAt) / MIN), r.status]);
    expect(statuses).toEqual([
      ["import", 20, "CANCELLED"],
      ["import", 25, "COMPLETED"],
      ["import", 30, "CANCELLED"],
      ["export", 30, "RUNNING"],
      ["import", 90, "RUNNING"],
    ]);
  });

  test("an if expression cancels only the runs whose triggering event matches", async () => {
    const emulator = createInngestEmulator({ now: () => NOW, seed: { apps: [{ id: "etl", functions: [{ id: "import", event: "etl/file.uploaded" }] }], runs: [] } });
    await emulator.fetch("https://inn.gs/e/key", {
      method: "POST",
      body: JSON.stringify([{ name: "etl/file.uploaded", data: { tenant: "acme" } }, { name: "etl/file.uploaded", data: { tenant: "other" } }]),
    });
    const { body } = await post(emulator, { app_id: "etl", function_id: "etl-import", started_before: new Date(NOW).toISOString(), if: "event.data.tenant == 'acme'" });
    expect(body.data["if"]).toBe("event.data.tenant == 'acme'");
    const byTenant = emulator.runs.list().map((r) => [emulator.events.find((e) => e.id === r.eventIds[0])?.data["tenant"], r.status]);
    expect(byTenant.sort()).toEqual([["acme", "CANCELLED"], ["other", "QUEUED"]]);
  });

  test.each([
    ["event.data.tenant == 'acme' && event.data.size > 10", ["big-acme"]],
    ["event.data.tenant == 'acme' || event.name == 'etl/file.uploaded'", ["big-acme", "other", "small-acme"]],
    ['!(event.data["tenant"] == "acme")', ["other"]],
    ["event.data.missing == 1", []], // a missing field is an evaluation error: no match
    ["event.data.size >= 5 && event.data.size <= 5", ["small-acme"]],
  ])("the if expression %s matches %j", async (expression, cancelled) => {
    const emulator = createInngestEmulator({ now: () => NOW, seed: { apps: [{ id: "etl", functions: [{ id: "import", event: "etl/file.uploaded" }] }], runs: [] } });
    await emulator.fetch("https://inn.gs/e/key", {
      method: "POST",
      body: JSON.stringify([
        { name: "etl/file.uploaded", data: { label: "big-acme", tenant: "acme", size: 50 } },
        { name: "etl/file.uploaded", data: { label: "small-acme", tenant: "acme", size: 5 } },
        { name: "etl/file.uploaded", data: { label: "other", tenant: "other", size: 50 } },
      ]),
    });
    const { status } = await post(emulator, { app_id: "etl", function_id: "etl-import", started_before: new Date(NOW).toISOString(), if: expression });
    expect(status).toBe(200);
    const labelOf = (id: string | undefined) => emulator.events.find((e) => e.id === id)?.data["label"];
    expect(emulator.runs.list({ status: "CANCELLED" }).map((r) => labelOf(r.eventIds[0])).sort()).toEqual(cancelled);
  });

  test("validation errors come back together, one per line, as errors.Join writes them", async () => {
    const emulator = world();
    expect(await post(emulator, {})).toEqual({
      status: 400,
      body: { error: "app_id is required\nfunction_id is required\nstarted_before is required", data: null, status: 400 },
    });
    const future = await post(emulator, { app_id: "etl", function_id: "etl-import", started_before: new Date(NOW + 60_000).toISOString() });
    expect(future.body.error).toBe("started_before must be in the past");
    const backwards = await post(emulator, { app_id: "etl", function_id: "etl-import", started_after: window.started_before, started_before: window.started_after });
    expect(backwards.body.error).toBe("started_after must be before started_before");
    // camelCase fields are not the body's fields: Go matches case, not underscores.
    expect((await post(emulator, { appId: "etl", functionId: "import", startedBefore: window.started_before })).body.error).toMatch(/^app_id is required/);
    expect(await post(emulator, "not json")).toEqual({ status: 400, body: { error: "Invalid cancellation request", data: null, status: 400 } });
    expect((await post(emulator, { app_id: "etl", function_id: "nope", ...window })).body).toEqual({ error: "function not found", data: null, status: 404 });
    expect((await post(emulator, { app_id: "etl", function_id: "etl-import", ...window, if: "event.data.x ==" })).body.error).toMatch(/^invalid expression: /);
  });
});

describe("GET and DELETE /v1/cancellations", () => {
  test("lists the cancellations; deleting one answers ok, then a 404", async () => {
    const emulator = world();
    const created = (await post(emulator, { app_id: "etl", function_id: "etl-import", ...window })).body.data;
    const listed = (await (await emulator.fetch(`${API}/v1/cancellations`)).json()) as { data: { id: string }[] };
    expect(listed.data.map((c) => c.id)).toEqual([created["id"]]);
    const del = await emulator.fetch(`${API}/v1/cancellations/${String(created["id"])}`, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(((await del.json()) as { data: unknown }).data).toEqual({ ok: true });
    const again = await emulator.fetch(`${API}/v1/cancellations/${String(created["id"])}`, { method: "DELETE" });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: "Cancellation not found", data: null, status: 404 });
    const bad = await emulator.fetch(`${API}/v1/cancellations/nope`, { method: "DELETE" });
    expect(await bad.json()).toEqual({ error: "Invalid cancellation ID", data: null, status: 400 });
  });
});
