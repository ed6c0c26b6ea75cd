import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { AuthenticationError, createInngestClient, InternalServerError, NotFoundError, ValidationError, VERSION } from "../src/index.js";
import { caught, json, wire, type Handler } from "./helpers/wire.js";

const signingKey = "signkey-prod-00112233445566778899aabbccddeeff";
const hashedKey = `signkey-prod-${createHash("sha256").update(Buffer.from("00112233445566778899aabbccddeeff", "hex")).digest("hex")}`;

function api(handler: Handler, options: Parameters<typeof createInngestClient>[0] = {}) {
  const w = wire(handler);
  return { ...w, runs: createInngestClient({ signingKey, fetch: w.fetch, retryBaseDelay: 1, ...options }).runs };
}

const metadata = { fetched_at: "2026-01-01T00:00:00Z", cached_until: "2026-01-01T00:00:03Z" };
const v1Run = {
  run_id: "01HRUN",
  run_started_at: "2024-01-22T14:22:42.130Z",
  function_id: "2a8d9c3e-0000-4000-8000-000000000001",
  function_version: 3,
  environment_id: "2a8d9c3e-0000-4000-8000-000000000002",
  event_id: "01HEVENT",
  status: "Completed",
  ended_at: "2024-01-22T14:22:45.000Z",
  output: { ok: true },
};

// runs.get (GET /v2/runs/{runId}) is tested in runs-get.test.ts.

describe("runs.cancel: DELETE /v1/runs/{runId}", () => {
  test("200 with an empty body resolves to undefined", async () => {
    const { runs, requests } = api(() => new Response(null, { status: 200 }));
    await expect(runs.cancel("01HRUN")).resolves.toBeUndefined();
    expect(requests.map((r) => [r.method, r.url.pathname, r.body])).toEqual([["DELETE", "/v1/runs/01HRUN", undefined]]);
  });

  test("204 and a JSON body are accepted too", async () => {
    const { runs } = api((_r, n) => (n === 1 ? new Response(null, { status: 204 }) : json({ data: { ok: true } })));
    await expect(runs.cancel("01HRUN")).resolves.toBeUndefined();
    await expect(runs.cancel("01HRUN")).resolves.toBeUndefined();
  });

  test("cancelling a run that has already ended resolves after one request: Inngest answers 200 and changes nothing", async () => {
    // pkg/execution/executor/executor.go, Cancel: once the run's state is gone (it ended), it returns
    // nil, and pkg/api/apiv1/runs.go cancelFunctionRun then writes nothing: HTTP 200, empty body.
    // Only the ended run's DELETE is answered that way; anything else (another id, a second look at
    // the run) would get the 404 a missing run gets.
    const ended = "/v1/runs/01HENDED";
    const { runs, requests } = api((r) =>
      r.method === "DELETE" && r.url.pathname === ended ? new Response(null, { status: 200 }) : json({ error: "Unable to load function run" }, 404),
    );
    await expect(runs.cancel("01HENDED")).resolves.toBeUndefined();
    expect(requests).toHaveLength(1);
    expect([requests[0]!.method, requests[0]!.url.pathname]).toEqual(["DELETE", ended]);
  });

  test("404 'Unable to load function run' is a NotFoundError", async () => {
    const { runs } = api(() => json({ error: "Unable to load function run: 01HNOPE", data: null, status: 404 }, 404));
    await expect(runs.cancel("01HNOPE")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("a v1 error answered HTTP 200 (the cache middleware drops the status) is that error", () => {
  // pkg/api/apiv1/cache.go copies the handler's headers and body but never its status code: behind it,
  // every v1 GET's error arrives as HTTP 200 with publicerr's body {error, data: null, status}.
  const missingRun = () => json({ error: "Unable to load function run: 01HNOPE", data: null, status: 500 }, 200);

  test("runs.jobs of a missing run rejects with a NotFoundError (0.1.0 resolved [])", async () => {
    const { runs, requests } = api(missingRun);
    const err = await caught(runs.jobs("01HNOPE"));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ status: 500, apiMessage: "Unable to load function run: 01HNOPE", path: "/v1/runs/01HNOPE/jobs" });
    expect(requests).toHaveLength(1);
  });

  // runs.get reads v2 now (a missing run is a plain 404); events.get's cached 404 is in events-lookups.test.ts.

  test("a body status of 500 with another message is retried like an HTTP 500, then is an InternalServerError", async () => {
    const { runs, requests } = api(() => json({ error: "Unable to read run jobs: redis: i/o timeout", data: null, status: 500 }, 200));
    const err = await caught(runs.jobs("01HRUN"));
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err).toMatchObject({ status: 500, attempts: 3 });
    expect(requests).toHaveLength(3);
  });

  test("a body status of 401 is an AuthenticationError, not data", async () => {
    const { runs, requests } = api(() => json({ error: "No auth found", data: null, status: 401 }, 200));
    expect(await caught(runs.jobs("01HRUN"))).toBeInstanceOf(AuthenticationError);
    expect(requests).toHaveLength(1);
  });

  test("a success body is still data: a status below 400, or no error, is not an error", async () => {
    const job = { JobID: "j1", kind: "edge", attempt: 0 };
    const { runs } = api((_r, n) => json(n === 1 ? { data: [job], metadata, status: 200 } : { data: [job], metadata, error: "", status: 500 }));
    expect((await runs.jobs("01HRUN")).data[0]!.id).toBe("j1");
    expect((await runs.jobs("01HRUN")).data[0]!.id).toBe("j1");
  });
});

describe("runs.replay: POST /v2/runs/{runId}/rerun", () => {
  test("resolves to the new run's id", async () => {
    const { runs, requests } = api(() => json({ data: { runId: "01HNEW" }, metadata: { fetchedAt: "2026-01-01T00:00:00Z" } }));
    await expect(runs.replay("01HRUN")).resolves.toEqual({ runId: "01HNEW" });
    expect(requests.map((r) => [r.method, r.url.pathname, r.body, r.headers["content-type"]])).toEqual([
      ["POST", "/v2/runs/01HRUN/rerun", {}, "application/json"],
    ]);
  });
});

describe("runs.jobs: GET /v1/runs/{runId}/jobs", () => {
  test("reads v1's PascalCase JobID and Raw", async () => {
    const { runs, requests } = api(() =>
      json({
        data: [
          { JobID: "job-1", at: "2026-01-01T00:00:00Z", position: 0, kind: "start", attempt: 0, Raw: { step: "a" } },
          { JobID: "job-2", at: "2026-01-01T00:00:01Z", position: 1, kind: "edge", attempt: 2, Raw: null, unknown: true },
        ],
        metadata,
      }),
    );
    expect((await runs.jobs("01HRUN")).data).toEqual([
      { id: "job-1", at: "2026-01-01T00:00:00Z", position: 0, kind: "start", attempt: 0, raw: { step: "a" } },
      { id: "job-2", at: "2026-01-01T00:00:01Z", position: 1, kind: "edge", attempt: 2, raw: null },
    ]);
    expect(requests[0]!.url.pathname).toBe("/v1/runs/01HRUN/jobs");
  });

  test("no jobs (an empty array or null) reads []", async () => {
    const { runs } = api((_r, n) => json({ data: n === 1 ? [] : null, metadata }));
    expect((await runs.jobs("01HRUN")).data).toEqual([]);
    expect((await runs.jobs("01HRUN")).data).toEqual([]);
  });
});

describe("v2 runs (from runs.list) are normalised into the same Run", () => {
  const list = (data: unknown[]) => api(() => json({ data, page: { hasMore: false } })).runs.list();

  test("camelCase, uppercase status, durationMs as a string, trigger and app", async () => {
    const page = await list([
      {
        id: "01HRUN",
        function: { id: "send-welcome", name: "Send welcome", app: { id: "my-app" } },
        status: "COMPLETED",
        queuedAt: "2026-01-01T00:00:00Z",
        startedAt: "2026-01-01T00:00:01Z",
        endedAt: "2026-01-01T00:00:06Z",
        durationMs: "5000",
        trigger: { eventIds: ["01HE1", "01HE2"], eventName: "app/user.signup", isBatch: true, batchId: "01HB" },
        output: { sent: true },
        newField: "ignored",
      },
    ]);
    expect(page.data[0]).toEqual({
      id: "01HRUN",
      status: "completed",
      functionId: "send-welcome",
      functionName: "Send welcome",
      appId: "my-app",
      eventId: "01HE1",
      eventIds: ["01HE1", "01HE2"],
      batchId: "01HB",
      cron: null,
      originalRunId: null,
      queuedAt: "2026-01-01T00:00:00Z",
      startedAt: "2026-01-01T00:00:01Z",
      endedAt: "2026-01-01T00:00:06Z",
      durationMs: 5000,
      output: { sent: true },
    });
  });

  test("protojson's omitted zero values: no status reads 'unknown', no duration reads null", async () => {
    const page = await list([{ id: "01HRUN" }, { id: "01HR2", status: "UNSPECIFIED", durationMs: 12 }, { id: "01HR3", status: "QUEUED", trigger: { cronSchedule: "0 0 * * *" } }]);
    expect(page.data.map((r) => [r.status, r.durationMs, r.functionId, r.eventId, r.cron])).toEqual([
      ["unknown", null, null, null, null],
      ["unknown", 12, null, null, null],
      ["queued", null, null, null, "0 0 * * *"],
    ]);
  });

  test.each([
    ["QUEUED", "queued"],
    ["RUNNING", "running"],
    ["FAILED", "failed"],
    ["CANCELLED", "cancelled"],
    ["PAUSED", "paused"],
  ])("v2 status %s reads %s", async (wireStatus, status) => {
    // GET /v2/runs sends endedAt with every ended status (runListItemFromCQRS).
    expect((await list([{ id: "r", status: wireStatus, endedAt: "2026-08-22T10:00:04Z" }])).data[0]!.status).toBe(status);
  });

  test.each(["COMPLETED", "FAILED", "CANCELLED"])("a listed run %s with no endedAt reads running (one rule of when a run has ended)", async (wireStatus) => {
    expect((await list([{ id: "r", status: wireStatus }])).data[0]).toMatchObject({ status: "running", endedAt: null });
  });
});

describe("ids are refused or encoded, never routed elsewhere", () => {
  const calls = [
    ["cancel", "DELETE", (id: string) => `/v1/runs/${id}`],
    ["replay", "POST", (id: string) => `/v2/runs/${id}/rerun`],
    ["jobs", "GET", (id: string) => `/v1/runs/${id}/jobs`],
  ] as const;
  const ok: Handler = (req) =>
    req.url.pathname.endsWith("/rerun")
      ? json({ data: { runId: "new" } })
      : req.url.pathname.endsWith("/jobs")
        ? json({ data: [] })
        : json({ data: v1Run, metadata });

  test.each(calls)("runs.%s percent-encodes / ? # and .. inside an id into its one segment", async (call, method, route) => {
    const { runs, requests } = api(ok);
    for (const id of ["../../v2/apps", "a?limit=100", "a#frag", "a b", "../x"]) await runs[call](id);
    expect(requests.map((r) => [r.method, r.url.pathname, r.url.search, r.url.hash])).toEqual([
      [method, route("..%2F..%2Fv2%2Fapps"), "", ""],
      [method, route("a%3Flimit%3D100"), "", ""],
      [method, route("a%23frag"), "", ""],
      [method, route("a%20b"), "", ""],
      [method, route("..%2Fx"), "", ""],
    ]);
  });

  test.each(calls)("runs.%s refuses '', '.' and '..' with a ValidationError and sends nothing", async (call) => {
    const { runs, requests } = api(ok);
    for (const id of ["", ".", ".."]) {
      const err = await runs[call](id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues[0]!.path).toBe("id");
    }
    for (const id of [undefined, null, 42]) await expect(runs[call](id as unknown as string)).rejects.toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(0);
  });
});
