import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { BadRequestError, createInngestClient, NotFoundError, ValidationError, VERSION } from "../src/index.js";
import { caught, json, wire, type Handler } from "./helpers/wire.js";

const signingKey = "signkey-prod-00112233445566778899aabbccddeeff";
const hashedKey = `signkey-prod-${createHash("sha256").update(Buffer.from("00112233445566778899aabbccddeeff", "hex")).digest("hex")}`;

function api(handler: Handler, options: Parameters<typeof createInngestClient>[0] = {}) {
  const w = wire(handler);
  return { ...w, runs: createInngestClient({ signingKey, fetch: w.fetch, retryBaseDelay: 1, ...options }).runs };
}

const RUN_ID = "01J5Z8K4N3Q2R1S0T9V8W7X6Y5";
const EVENT_ID = "01J5Z8K4MZ0000000000000000";
const metadata = { fetchedAt: "2026-08-22T10:00:05.101Z" };
/** A completed run as `toFunctionRun` (pkg/api/v2/endpoints_runs.go) builds it, after protojson and the enum shortening. */
const wireRun = {
  id: RUN_ID,
  function: { id: "send-welcome", name: "Send welcome email" },
  app: { id: "my-app" },
  status: "COMPLETED",
  queuedAt: "2026-08-22T10:00:00.010Z",
  startedAt: "2026-08-22T10:00:00.120Z",
  endedAt: "2026-08-22T10:00:01.620Z",
  durationMs: "1500",
  trigger: { eventIds: [EVENT_ID] },
  output: { sent: true },
};

describe("runs.get: GET /v2/runs/{runId}", () => {
  test("reads the v2 run, with the function's slug, its name, the app and the queue time", async () => {
    const { runs, requests } = api(() => json({ data: wireRun, metadata }));
    const run = await runs.get(RUN_ID);
    expect(requests.map((r) => [r.method, r.url.href, r.body])).toEqual([["GET", `https://api.inngest.com/v2/runs/${RUN_ID}?includeOutput=true`, undefined]]);
    expect(run).toEqual({
      id: RUN_ID,
      status: "completed",
      functionId: "send-welcome",
      functionName: "Send welcome email",
      appId: "my-app",
      eventId: EVENT_ID,
      eventIds: [EVENT_ID],
      batchId: null,
      cron: null,
      originalRunId: null,
      queuedAt: "2026-08-22T10:00:00.010Z",
      startedAt: "2026-08-22T10:00:00.120Z",
      endedAt: "2026-08-22T10:00:01.620Z",
      durationMs: 1500,
      output: { sent: true },
    });
  });

  test("a run read as ended with no endedAt reports running: the dev server's span status before the end is written", async () => {
    const { endedAt: _e, durationMs: _d, output: _o, ...unended } = wireRun;
    const statuses = ["COMPLETED", "FAILED", "CANCELLED"];
    const { runs } = api((_r, n) => json({ data: { ...unended, status: statuses[n - 1] }, metadata }));
    for (const _ of statuses) expect(await runs.get(RUN_ID)).toMatchObject({ status: "running", endedAt: null, durationMs: null });
  });

  test("per-call headers go out with the request; the SDK's own (authorization) win", async () => {
    const { runs, requests } = api(() => json({ data: wireRun, metadata }));
    await runs.get(RUN_ID, { headers: { "x-request-id": "req-1", authorization: "Bearer mine" } });
    expect(requests[0]!.headers["x-request-id"]).toBe("req-1");
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${hashedKey}`);
  });

  test("the SDK's own headers win whatever the case of the caller's name (fetch would join the two into one value)", async () => {
    const { runs, requests } = api(() => json({ data: wireRun, metadata }));
    await runs.get(RUN_ID, { headers: { Authorization: "Bearer mine", "X-Request-Id": "req-2" } });
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${hashedKey}`);
    expect(requests[0]!.headers["x-request-id"]).toBe("req-2");
  });

  test("an options object with a `resolved` key is still checked: a bad timeout is a ValidationError, nothing sent", async () => {
    const { runs, requests } = api(() => json({ data: wireRun, metadata }));
    const err = (await caught(runs.get(RUN_ID, { resolved: true, timeout: -1 } as never))) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues).toMatchObject([{ path: "timeout" }]);
    expect(requests).toHaveLength(0);
  });

  test("a per-call header with a line break is a ValidationError naming it; nothing is sent", async () => {
    const { runs, requests } = api(() => json({ data: wireRun, metadata }));
    const err = (await caught(runs.get(RUN_ID, { headers: { "x-bad": "a\r\nb" } }))) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues).toMatchObject([{ path: 'headers["x-bad"]' }]);
    expect(requests).toHaveLength(0);
  });

  test("includeOutput: false asks for no output (the server's default) and the run has none", async () => {
    const { output: _, ...withoutOutput } = wireRun;
    const { runs, requests } = api(() => json({ data: withoutOutput, metadata }));
    const run = await runs.get(RUN_ID, { includeOutput: false });
    expect(requests[0]!.url.search).toBe("");
    expect(run).not.toHaveProperty("output");
  });

  test("a queued run: Go's zero start time reads null, and the omitted endedAt/durationMs read null", async () => {
    const queued = { id: RUN_ID, function: wireRun.function, app: wireRun.app, status: "QUEUED", queuedAt: wireRun.queuedAt, startedAt: "0001-01-01T00:00:00Z", trigger: { eventIds: [EVENT_ID] } };
    const { runs } = api(() => json({ data: queued, metadata }));
    expect(await runs.get(RUN_ID)).toMatchObject({ status: "queued", startedAt: null, endedAt: null, durationMs: null });
  });

  test("a cron run: the zero-ULID event id is no event, and the schedule is kept", async () => {
    const cron = { ...wireRun, trigger: { eventIds: ["00000000000000000000000000"], cronSchedule: "0 * * * *" } };
    const { runs } = api(() => json({ data: cron, metadata }));
    expect(await runs.get(RUN_ID)).toMatchObject({ eventId: null, eventIds: [], cron: "0 * * * *" });
  });

  test("a batch run keeps its batch id; unknown fields are ignored", async () => {
    const batch = { ...wireRun, trigger: { eventIds: [EVENT_ID, "01J5Z8K4MZ0000000000000001"], isBatch: true, batchId: "01J5Z8K4MZBATCH00000000000" }, brandNew: { x: 1 } };
    const { runs } = api(() => json({ data: batch, metadata: { ...metadata, extra: true } }));
    expect(await runs.get(RUN_ID)).toMatchObject({ eventId: EVENT_ID, eventIds: [EVENT_ID, "01J5Z8K4MZ0000000000000001"], batchId: "01J5Z8K4MZBATCH00000000000" });
  });

  test("an output that is not an object arrives wrapped as { data } (jsonToStruct) and is handed over as sent", async () => {
    const { runs } = api(() => json({ data: { ...wireRun, output: { data: "hello" } }, metadata }));
    expect((await runs.get(RUN_ID)).output).toEqual({ data: "hello" });
  });

  test("sends the hashed signing key, never the raw one, and names the SDK", async () => {
    const { runs, requests } = api(() => json({ data: wireRun, metadata }), { env: "preview-42" });
    await runs.get(RUN_ID);
    expect(requests[0]!.headers).toMatchObject({
      authorization: `Bearer ${hashedKey}`,
      "user-agent": `inngest-rest/${VERSION}`,
      "x-inngest-sdk": `inngest-rest:v${VERSION}`,
      "x-inngest-env": "preview-42",
    });
    expect(JSON.stringify(requests[0])).not.toContain("00112233445566778899aabbccddeeff");
  });

  test("a missing run is v2's 404 not_found: a NotFoundError after one request", async () => {
    const { runs, requests } = api(() => json({ errors: [{ code: "not_found", message: "Run not found" }] }, 404));
    const err = (await caught(runs.get(RUN_ID))) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ status: 404, code: "not_found", apiMessage: "Run not found" });
    expect(requests).toHaveLength(1);
  });

  test("an id that is not a ULID is the server's 400 invalid_field_format, not retried", async () => {
    const { runs, requests } = api(() => json({ errors: [{ code: "invalid_field_format", message: "Run ID must be a valid ULID" }] }, 400));
    const err = await caught(runs.get("not-a-ulid"));
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({ code: "invalid_field_format" });
    expect(requests).toHaveLength(1);
  });

  test("a 500 is retried like any read", async () => {
    const { runs, requests } = api((_r, n) => (n === 1 ? json({ errors: [{ code: "internal_server_error", message: "x" }] }, 500) : json({ data: wireRun, metadata })));
    expect((await runs.get(RUN_ID)).status).toBe("completed");
    expect(requests).toHaveLength(2);
  });

  test("an id is one percent-encoded segment; '', '.', '..' and non-strings are refused before the wire", async () => {
    const { runs, requests } = api(() => json({ data: wireRun, metadata }));
    await runs.get("../../v2/apps?x=1#f");
    expect(requests[0]!.url.pathname).toBe("/v2/runs/..%2F..%2Fv2%2Fapps%3Fx%3D1%23f");
    for (const id of ["", ".", "..", undefined, 42]) expect(await caught(runs.get(id as string))).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(1);
  });
});
