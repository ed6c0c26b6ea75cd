import { describe, expect, test } from "vitest";
import { createInngestEmulator, type InngestEmulator } from "../../src/testing/index.js";

const NOW = Date.UTC(2026, 0, 15, 12);
const API = "https://api.inngest.com";

interface V2Run {
  id: string;
  status: string;
  queuedAt: string;
  function: { id: string; name: string; app: { id: string } };
  app: { id: string };
  startedAt?: string;
  endedAt?: string;
  durationMs?: string;
  trigger: { eventIds: string[]; isBatch?: boolean; batchId?: string; cronSchedule?: string };
  output?: Record<string, unknown>;
}
/** protojson leaves out an empty `data` and `hasMore: false`. */
interface V2List<T> {
  data?: T[];
  metadata: { fetchedAt: string };
  page: { cursor?: string; hasMore?: true; limit: number };
}

async function get<T>(emulator: InngestEmulator, path: string): Promise<{ status: number; body: T }> {
  const res = await emulator.fetch(new Request(`${API}${path}`));
  return { status: res.status, body: (await res.json()) as T };
}

/** Follows `page.cursor` while `hasMore`, as an SDK iterator would. */
async function walk(emulator: InngestEmulator, query: string): Promise<{ runs: V2Run[]; pages: number }> {
  const runs: V2Run[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const sep = query ? "&" : "";
    const { body } = await get<V2List<V2Run>>(emulator, `/v2/runs?${query}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ""}`);
    runs.push(...(body.data ?? []));
    pages += 1;
    expect(body.page.cursor !== undefined).toBe(body.page.hasMore === true);
    cursor = body.page.cursor;
  } while (cursor);
  return { runs, pages };
}

describe("REST v2 runs", () => {
  test("walking every page of RUNNING runs with the cursor yields each seeded running run once, newest first", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const seeded = emulator.runs.list({ status: "RUNNING" });
    expect(seeded).toHaveLength(40);
    const { runs, pages } = await walk(emulator, "status=RUNNING&limit=7");
    expect(pages).toBe(6);
    expect(runs.map((r) => r.id)).toEqual(seeded.map((r) => r.id));
    const times = runs.map((r) => Date.parse(r.queuedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  test("all 250 seeded runs come back over pages of 100", async () => {
    const { runs, pages } = await walk(createInngestEmulator({ now: () => NOW }), "limit=100");
    expect(pages).toBe(3);
    expect(new Set(runs.map((r) => r.id)).size).toBe(250);
  });

  test("status is case-insensitive and repeatable; unknown statuses are a 400", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const { body } = await get<V2List<V2Run>>(emulator, "/v2/runs?status=failed&status=Cancelled&limit=100");
    expect(body.data).toHaveLength(30);
    expect(new Set(body.data?.map((r) => r.status))).toEqual(new Set(["FAILED", "CANCELLED"]));
    const bad = await get(emulator, "/v2/runs?status=sleeping");
    expect(bad).toEqual({ status: 400, body: { errors: [{ code: "invalid_field_format", message: "Status is invalid" }] } });
  });

  test.each([
    ["-1", "Limit must be at least 1"],
    ["101", "Limit cannot exceed 100"],
  ])("limit=%s is a 400 in the v2 error shape", async (limit, message) => {
    const res = await get(createInngestEmulator(), `/v2/runs?limit=${limit}`);
    expect(res).toEqual({ status: 400, body: { errors: [{ code: "invalid_field_format", message }] } });
  });

  test("limit=0 means the default, 20 (parseRunsPageOpts), on runs and apps alike", async () => {
    const emulator = createInngestEmulator({ seed: { apps: 25, runs: 30 } });
    expect((await get<V2List<V2Run>>(emulator, "/v2/runs?limit=0")).body).toMatchObject({ page: { limit: 20 } });
    expect((await get<V2List<V2Run>>(emulator, "/v2/runs?limit=0")).body.data).toHaveLength(20);
    expect((await get<V2List<unknown>>(emulator, "/v2/apps?limit=0")).body.data).toHaveLength(20);
  });

  test("a limit or flag grpc-gateway cannot parse is a 400 with code api_error and the parser's message", async () => {
    const emulator = createInngestEmulator();
    expect(await get(emulator, "/v2/runs?limit=ten")).toEqual({
      status: 400,
      body: { errors: [{ code: "api_error", message: 'parsing field "limit": strconv.ParseInt: parsing "ten": invalid syntax' }] },
    });
    expect(await get(emulator, "/v2/runs?include_output=yes")).toEqual({
      status: 400,
      body: { errors: [{ code: "api_error", message: 'parsing field "include_output": strconv.ParseBool: parsing "yes": invalid syntax' }] },
    });
  });

  test("functionId without appId is a 400: function ids are only unique within an app", async () => {
    const res = await get(createInngestEmulator(), "/v2/runs?functionId=billing-charge-card");
    expect(res).toEqual({
      status: 400,
      body: { errors: [{ code: "invalid_field_format", message: "appId is required when filtering by functionId" }] },
    });
  });

  test("an empty page leaves out data and hasMore, as protojson does, and keys come sorted", async () => {
    const emulator = createInngestEmulator({ now: () => NOW, seed: { runs: 0 } });
    const res = await emulator.fetch(`${API}/v2/runs`);
    expect(await res.text()).toBe('{"metadata":{"fetchedAt":"2026-01-15T12:00:00Z"},"page":{"limit":20}}');
  });

  test("the default page holds 20 runs, and a forged cursor is a 400", async () => {
    const emulator = createInngestEmulator();
    const { body } = await get<V2List<V2Run>>(emulator, "/v2/runs");
    expect(body.data).toHaveLength(20);
    expect(body.page).toMatchObject({ hasMore: true, limit: 20, cursor: expect.stringMatching(/^[\w-]+$/) });
    expect((await get(emulator, "/v2/runs?cursor=bm9wZQ")).status).toBe(400);
  });

  test("runs are protojson: enum names, int64 durationMs as a string, zero values omitted, output only on request", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const { body } = await get<V2List<V2Run>>(emulator, "/v2/runs?status=COMPLETED&limit=1&includeOutput=true");
    const run = body.data?.[0];
    const seeded = emulator.runs.get(run!.id)!;
    expect(run).toEqual({
      id: seeded.id,
      status: "COMPLETED",
      queuedAt: expect.any(String),
      startedAt: expect.any(String),
      endedAt: expect.any(String),
      durationMs: String(seeded.endedAt! - seeded.startedAt!),
      function: { id: seeded.functionId, name: expect.any(String) },
      app: { id: seeded.appId },
      // Always exactly one event id (toAPIRunListItem), and no event name.
      trigger: { eventIds: [seeded.eventIds[0] ?? "00000000000000000000000000"], ...(seeded.cron && { cronSchedule: seeded.cron }) },
      output: seeded.output,
    });
    expect(body.metadata.fetchedAt).toBe("2026-01-15T12:00:00Z");

    const queued = await get<V2List<V2Run>>(emulator, "/v2/runs?status=QUEUED&limit=1");
    const first = queued.body.data?.[0];
    // A queued run's root span has started: startedAt is there, at the queue time.
    expect(first?.startedAt).toBe(first?.queuedAt);
    expect(first).not.toHaveProperty("durationMs");
    expect(first).not.toHaveProperty("output");
  });

  test("filters by app and function (camelCase or snake_case) and by a from/until window on queuedAt", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const shop = await get<V2List<V2Run>>(emulator, "/v2/runs?app_id=shop&limit=100");
    expect(shop.body.data?.every((r) => r.app.id === "shop")).toBe(true);
    const fn = await get<V2List<V2Run>>(emulator, "/v2/runs?appId=billing&functionId=billing-charge-card&limit=100");
    expect(fn.body.data?.length).toBe(emulator.runs.list({ functionId: "billing-charge-card" }).length);

    const from = new Date(NOW - 60 * 60 * 1000).toISOString();
    const until = new Date(NOW).toISOString();
    const windowed = await walk(emulator, `from=${from}&until=${until}&limit=50`);
    const expected = emulator.runs.list().filter((r) => r.queuedAt >= NOW - 3_600_000 && r.queuedAt < NOW);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(250);
    expect(windowed.runs.map((r) => r.id)).toEqual(expected.map((r) => r.id));
  });

  test("GET /v2/runs/{id} and its 404", async () => {
    const emulator = createInngestEmulator();
    const run = emulator.runs.list()[0]!;
    expect((await get<{ data: V2Run }>(emulator, `/v2/runs/${run.id}`)).body.data.id).toBe(run.id);
    const missing = await get(emulator, "/v2/runs/01HE8AM9DPK9N37V1RKY1DNQF5");
    expect(missing).toEqual({ status: 404, body: { errors: [{ code: "not_found", message: "Run not found" }] } });
  });

  test("rerun creates a new queued run of the same function and trigger, pointing back at the original", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const original = emulator.runs.list({ status: "FAILED", functionId: "billing-charge-card" })[0]!;
    const res = await emulator.fetch(new Request(`${API}/v2/runs/${original.id}/rerun`, { method: "POST", body: "{}" }));
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { runId: string } };
    expect(data.runId).not.toBe(original.id);
    expect(emulator.runs.get(data.runId)).toMatchObject({
      functionId: original.functionId,
      status: "QUEUED",
      eventIds: original.eventIds,
      originalRunId: original.id,
    });
    const v1 = (await (await emulator.fetch(`${API}/v1/runs/${data.runId}`)).json()) as { data: Record<string, unknown> };
    expect(v1.data["original_run_id"]).toBe(original.id);
    const listed = await get<V2List<V2Run>>(emulator, "/v2/runs?limit=1");
    expect(listed.body.data?.[0]?.id).toBe(data.runId);
  });

  test("a rerun of a rerun points at the first run; fromStep must name one step of the original", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const original = emulator.runs.add({ functionId: "billing-charge-card", status: "FAILED", steps: [{ id: "a" }, { id: "b", name: "a" }, { id: "c", status: "FAILED" }] });
    const rerun = async (id: string, body: unknown) => {
      const res = await emulator.fetch(`${API}/v2/runs/${id}/rerun`, { method: "POST", body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { data: { runId: string }; errors?: unknown } };
    };
    const first = await rerun(original.id, {});
    const second = await rerun(first.body.data.runId, {});
    expect(emulator.runs.get(second.body.data.runId)?.originalRunId).toBe(original.id);
    expect((await rerun(original.id, { fromStep: { stepId: "c" } })).status).toBe(200);
    expect((await rerun(original.id, { fromStep: { stepId: "zzz" } })).body.errors).toEqual([
      { code: "invalid_request", message: "Step not found in original run" },
    ]);
    expect((await rerun(original.id, { fromStep: { stepId: "a" } })).body.errors).toEqual([
      { code: "invalid_request", message: "Step name matches multiple steps in original run" },
    ]);
  });

  test("rerun of a missing run is a 404; a cron run reruns with its scheduled.timer event, as on the dev server", async () => {
    const emulator = createInngestEmulator();
    const missing = await emulator.fetch(`${API}/v2/runs/01HE8AM9DPK9N37V1RKY1DNQF5/rerun`, { method: "POST" });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ errors: [{ code: "not_found", message: "Run not found" }] });
    const cron = emulator.runs.list({ functionId: "shop-nightly-report" })[0]!;
    expect(cron.eventIds).toHaveLength(1);
    expect(cron.eventIds[0]).not.toBe("00000000000000000000000000");
    const timer = await emulator.fetch(`${API}/v1/events/${cron.eventIds[0]}`);
    expect(((await timer.json()) as { data: unknown }).data).toMatchObject({ name: "inngest/scheduled.timer", data: { cron: cron.cron } });
    const again = await emulator.fetch(`${API}/v2/runs/${cron.id}/rerun`, { method: "POST" });
    expect(again.status).toBe(200);
    const { runId } = ((await again.json()) as { data: { runId: string } }).data;
    expect(emulator.runs.get(runId)).toMatchObject({ originalRunId: cron.id, eventIds: cron.eventIds, cron: cron.cron });
  });

  test("rerun keeps only the run's first event (pkg/devserver/run_provider.go, Rerun)", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const events = ["01HE8AM9DPK9N37V1RKY1DNQF1", "01HE8AM9DPK9N37V1RKY1DNQF2"];
    const original = emulator.runs.add({ functionId: "billing-charge-card", status: "FAILED", eventIds: events });
    expect(original.eventIds).toEqual(events);
    const res = await emulator.fetch(`${API}/v2/runs/${original.id}/rerun`, { method: "POST", body: "{}" });
    const { runId } = ((await res.json()) as { data: { runId: string } }).data;
    expect(emulator.runs.get(runId)?.eventIds).toEqual([events[0]]);
  });

  test("a failed run's output is { error } in every list with includeOutput, and bare from GET /v2/runs/{id}", async () => {
    const emulator = createInngestEmulator({
      now: () => NOW,
      seed: {
        apps: [{ id: "svc", functions: [{ id: "work", event: "svc/work" }] }],
        runs: [
          { functionId: "work", status: "FAILED", output: { message: "boom" }, eventIds: ["01HE8AM9DPK9N37V1RKY1DNQF1"] },
          { functionId: "work", status: "COMPLETED", output: { ok: true } },
        ],
      },
    });
    const failed = emulator.runs.list({ status: "FAILED" })[0]!;
    const outputs = async (path: string) =>
      Object.fromEntries(((await get<V2List<V2Run>>(emulator, path)).body.data ?? []).map((run) => [run.status, run.output]));
    for (const path of ["/v2/runs?includeOutput=true", "/v2/apps/svc/functions/work/runs?includeOutput=true"]) {
      expect(await outputs(path)).toEqual({ FAILED: { error: { message: "boom" } }, COMPLETED: { ok: true } });
    }
    expect(await outputs("/v2/events/01HE8AM9DPK9N37V1RKY1DNQF1/runs?includeOutput=true")).toEqual({ FAILED: { error: { message: "boom" } } });
    expect((await outputs("/v2/runs"))["FAILED"]).toBeUndefined();
    const one = await get<{ data: V2Run }>(emulator, `/v2/runs/${failed.id}?includeOutput=true`);
    expect(one.body.data.output).toEqual({ message: "boom" });
  });

  test("rerun decodes its body before it looks the run up: a broken body is a 400 even for a missing run", async () => {
    const emulator = createInngestEmulator();
    const res = await emulator.fetch(`${API}/v2/runs/01HE8AM9DPK9N37V1RKY1DNQF5/rerun`, { method: "POST", body: "{" });
    expect([res.status, await res.json()]).toEqual([400, { errors: [{ code: "api_error", message: "unexpected EOF" }] }]);
  });

  test("cancel answers the run id, then 409 run_already_cancelled; an ended run is run_already_ended", async () => {
    const emulator = createInngestEmulator();
    const running = emulator.runs.list({ status: "RUNNING" })[0]!;
    const cancel = () => emulator.fetch(`${API}/v2/runs/${running.id}/cancel`, { method: "POST", body: "{}" });
    expect(await (await cancel()).json()).toMatchObject({ data: { runId: running.id } });
    const again = await cancel();
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ errors: [{ code: "run_already_cancelled", message: "Run is already cancelled" }] });
    const done = emulator.runs.list({ status: "COMPLETED" })[0]!;
    const ended = await emulator.fetch(`${API}/v2/runs/${done.id}/cancel`, { method: "POST" });
    expect(((await ended.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe("run_already_ended");
  });

  test("v2 is also served under /api/v2 (the dev server's mount), on any origin", async () => {
    const emulator = createInngestEmulator();
    const res = await emulator.fetch("http://localhost:8288/api/v2/runs?limit=3");
    expect(res.status).toBe(200);
    expect(((await res.json()) as V2List<V2Run>).data).toHaveLength(3);
    const unknown = await emulator.fetch("http://localhost:8288/v2/nope");
    // grpc-gateway's routing errors reach the v2 error handler as a bare gRPC status: code "api_error".
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ errors: [{ code: "api_error", message: "Not Found" }] });
    const wrongMethod = await emulator.fetch("http://localhost:8288/v2/runs", { method: "DELETE" });
    expect(wrongMethod.status).toBe(501);
    expect(await wrongMethod.json()).toEqual({ errors: [{ code: "api_error", message: "Method Not Allowed" }] });
  });
});

describe("REST v2 apps", () => {
  interface V2App {
    id: string;
    method: string;
    isArchived?: boolean;
    archivedAt?: string;
    functionCount?: number;
    latestSync?: { sdkLanguage?: string };
  }

  test("lists active apps by default and only archived ones with archived=true", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const active = await get<V2List<V2App>>(emulator, "/v2/apps");
    expect(active.body.data?.map((a) => a.id)).toEqual(["shop", "billing"]);
    expect(active.body.data?.[0]).not.toHaveProperty("isArchived"); // protojson omits false
    expect(active.body.data?.[1]).toMatchObject({ method: "CONNECT", functionCount: 2, latestSync: { sdkLanguage: "go" } });
    const archived = await get<V2List<V2App>>(emulator, "/v2/apps?archived=true");
    expect(archived.body.data).toEqual([
      expect.objectContaining({ id: "legacy-mailer", isArchived: true, archivedAt: expect.any(String) }),
    ]);
    expect((await get<V2List<V2App>>(emulator, "/v2/apps?archived=false")).body.data).toHaveLength(2);
  });

  test("pages apps with limit and cursor, and rejects limits outside 1..100", async () => {
    const emulator = createInngestEmulator({ seed: { apps: 5, runs: 0 } });
    const first = await get<V2List<V2App>>(emulator, "/v2/apps?limit=2");
    expect(first.body.page).toMatchObject({ hasMore: true, limit: 2, cursor: expect.any(String) });
    const second = await get<V2List<V2App>>(emulator, `/v2/apps?limit=2&cursor=${first.body.page.cursor}`);
    expect(second.body.page).not.toHaveProperty("hasMore"); // protojson omits false
    // Ordered and paged by internal id, as the server's query does, not by creation time.
    const byInternalId = emulator.apps.list({ archived: false }).sort((a, b) => (a.internalId < b.internalId ? -1 : 1)).map((a) => a.id);
    expect([...(first.body.data ?? []), ...(second.body.data ?? [])].map((a) => a.id)).toEqual(byInternalId);
    expect((await get(emulator, "/v2/apps?limit=101")).status).toBe(400);
  });

  test("GET /v2/apps/{id} and its 404", async () => {
    const emulator = createInngestEmulator();
    expect((await get<{ data: V2App }>(emulator, "/v2/apps/billing")).body.data.id).toBe("billing");
    const byUuid = await get<{ data: V2App }>(emulator, `/v2/apps/${emulator.apps.get("billing")!.internalId}`);
    expect(byUuid.body.data.id).toBe("billing"); // the internal UUID works too
    // An archived app is not found by its id (GetAppByName has archived_at IS NULL in the server's queries)...
    expect((await get(emulator, "/v2/apps/legacy-mailer")).status).toBe(404);
    // ...but is by its internal UUID: GetApp tries GetAppByID first, which has no archived filter
    // (pkg/devserver/app_provider.go, pkg/db/sqlite/sqlc/queries.sql; read, not watched: no API archives an app).
    const archived = await get<{ data: V2App }>(emulator, `/v2/apps/${emulator.apps.get("legacy-mailer")!.internalId.toUpperCase()}`);
    expect(archived.status).toBe(200);
    expect(archived.body.data).toMatchObject({ id: "legacy-mailer", isArchived: true, archivedAt: expect.any(String) });
    expect(await get(emulator, "/v2/apps/nope")).toEqual({
      status: 404,
      body: { errors: [{ code: "not_found", message: "App not found" }] },
    });
  });
});
