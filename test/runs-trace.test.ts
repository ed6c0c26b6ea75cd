import { describe, expect, test } from "vitest";
import { createInngestClient, NotFoundError, RunTrace, ValidationError } from "../src/index.js";
import { caught, json, wire, type Handler } from "./helpers/wire.js";

const signingKey = "signkey-prod-00112233445566778899aabbccddeeff";
const RUN_ID = "01J5Z8K4N3Q2R1S0T9V8W7X6Y5";

function api(handler: Handler) {
  const w = wire(handler);
  return { ...w, runs: createInngestClient({ signingKey, fetch: w.fetch, retryBaseDelay: 1 }).runs };
}

const t = (ms: number) => new Date(Date.UTC(2026, 7, 22, 10, 0, 0, ms)).toISOString();
/** One span as `toTraceSpan` (pkg/api/v2/endpoints_runs.go) sends it: protojson omits empty children. */
const span = (id: string, name: string, status: string, from: number, to: number, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  status,
  durationMs: String(to - from),
  queuedAt: t(from),
  startedAt: t(from),
  endedAt: t(to),
  ...extra,
});

/**
 * A run that failed: one step completed, one was retried into success, one failed twice, and
 * the run is still at a sleep it will never reach. The attempts are the steps' children.
 */
const failedRun = {
  runId: RUN_ID,
  rootSpan: span("s0", "Send welcome email", "FAILED", 0, 900, {
    children: [
      span("s1", "fetch-user", "COMPLETED", 10, 130, { stepOp: "RUN", stepId: "fetch-user", children: [span("s1a", "Attempt 0", "COMPLETED", 10, 130, { stepOp: "RUN" })] }),
      span("s2", "charge", "COMPLETED", 140, 400, {
        stepOp: "RUN",
        stepId: "charge",
        children: [span("s2a", "Attempt 0", "FAILED", 140, 200, { stepOp: "RUN" }), span("s2b", "Attempt 1", "COMPLETED", 300, 400, { stepOp: "RUN" })],
      }),
      span("s3", "send-email", "FAILED", 410, 890, {
        stepOp: "RUN",
        stepId: "send-email",
        metadata: [{ scope: "step", kind: "inngest.timing", values: { queue_ms: "12" }, updatedAt: t(890) }],
        children: [span("s3a", "Attempt 0", "FAILED", 410, 500, { stepOp: "RUN" }), span("s3b", "Attempt 1", "FAILED", 800, 890, { stepOp: "RUN" })],
      }),
    ],
  }),
};
const metadata = { fetchedAt: t(1000) };

describe("runs.trace: GET /v2/runs/{runId}/trace", () => {
  test("reads the step tree: lowercase statuses and step ops, durations as numbers, leaves with no children", async () => {
    const { runs, requests } = api(() => json({ data: failedRun, metadata }));
    const trace = await runs.trace(RUN_ID);
    expect(requests.map((r) => [r.method, r.url.pathname, r.url.search])).toEqual([["GET", `/v2/runs/${RUN_ID}/trace`, ""]]);
    expect(trace).toBeInstanceOf(RunTrace);
    expect(trace.runId).toBe(RUN_ID);
    expect(trace.root).toMatchObject({ name: "Send welcome email", status: "failed", stepOp: null, stepId: null, durationMs: 900 });
    expect(trace.root.children[2]).toEqual({
      id: "s3",
      name: "send-email",
      status: "failed",
      stepOp: "run",
      stepId: "send-email",
      queuedAt: t(410),
      startedAt: t(410),
      endedAt: t(890),
      durationMs: 480,
      metadata: [{ scope: "step", kind: "inngest.timing", values: { queue_ms: "12" }, updatedAt: t(890) }],
      children: [expect.objectContaining({ name: "Attempt 0", status: "failed", children: [] }), expect.objectContaining({ name: "Attempt 1" })],
    });
    expect(trace.root.children[2]).not.toHaveProperty("output");
  });

  test("failedSteps() names the failed step, not its attempts nor a step a retry made good", async () => {
    const { runs } = api(() => json({ data: failedRun, metadata }));
    const trace = await runs.trace(RUN_ID);
    expect(trace.failedSteps().map((s) => s.name)).toEqual(["send-email"]);
  });

  test("failedSteps() leaves out the failed non-step spans Inngest adds (Finalization, executor.nonstep), as the dev server sends them", async () => {
    // As Inngest's dev server (253303cd) traced a run whose step "boom" threw: the failed step has a
    // stepId and no stepOp, and the run's error is repeated on two spans that are not steps.
    const failed = { stepId: "c53d2f1a9a8499bcb477be56c31caa5c76ae60f5" };
    const steps = [
      span("s1", "ok-step", "COMPLETED", 10, 40, { stepOp: "RUN", stepId: "abf39aebe47e52d68eb738cc866efe47b24520f8" }),
      span("s2", "boom", "FAILED", 50, 90, failed),
    ];
    const added = [
      span("s3", "Finalization", "FAILED", 100, 190, { children: [span("s3a", "Attempt 0", "FAILED", 100, 190)] }),
      span("s4", "executor.nonstep", "FAILED", 100, 190),
    ];
    const real = { runId: RUN_ID, rootSpan: span("s0", "Run", "FAILED", 0, 200, { children: [...steps, ...added] }) };
    const { runs } = api(() => json({ data: real, metadata }));
    expect((await runs.trace(RUN_ID)).failedSteps().map((s) => s.name)).toEqual(["boom"]);
    // A run that threw outside any step: no failed step at all.
    const threw = { runId: RUN_ID, rootSpan: span("s0", "Run", "FAILED", 0, 200, { children: added }) };
    const again = api(() => json({ data: threw, metadata }));
    expect((await again.runs.trace(RUN_ID)).failedSteps()).toEqual([]);
  });

  test("failedSteps() is empty for a run that completed", async () => {
    const ok = { runId: RUN_ID, rootSpan: span("s0", "f", "COMPLETED", 0, 10, { children: [span("s1", "a", "COMPLETED", 0, 10, { stepOp: "RUN", stepId: "a" })] }) };
    const { runs } = api(() => json({ data: ok, metadata }));
    expect((await runs.trace(RUN_ID)).failedSteps()).toEqual([]);
  });

  test("spans() walks every span depth first, each before its children", async () => {
    const { runs } = api(() => json({ data: failedRun, metadata }));
    const trace = await runs.trace(RUN_ID);
    expect([...trace.spans()].map((s) => s.id)).toEqual(["s0", "s1", "s1a", "s2", "s2a", "s2b", "s3", "s3a", "s3b"]);
  });

  test("includeOutput: true asks for inputs and outputs, which are handed over as sent", async () => {
    const withOutput = {
      runId: RUN_ID,
      rootSpan: span("s0", "f", "FAILED", 0, 10, {
        children: [span("s1", "send-email", "FAILED", 0, 10, { stepOp: "RUN", stepId: "send-email", input: { data: ["u_1"] }, output: { error: { name: "Error", message: "SMTP down" } } })],
      }),
    };
    const { runs, requests } = api(() => json({ data: withOutput, metadata }));
    const [step] = (await runs.trace(RUN_ID, { includeOutput: true })).failedSteps();
    expect(requests[0]!.url.search).toBe("?includeOutput=true");
    expect(step).toMatchObject({ input: { data: ["u_1"] }, output: { error: { message: "SMTP down" } } });
  });

  test("protojson's omitted zero values: no status reads unknown, no times or duration read null", async () => {
    const bare = { runId: RUN_ID, rootSpan: { id: "s0", name: "f", queuedAt: t(0), children: [{ id: "s1", name: "wait", status: "WAITING", stepOp: "WAIT_FOR_EVENT", queuedAt: t(5) }] } };
    const { runs } = api(() => json({ data: bare, metadata }));
    const trace = await runs.trace(RUN_ID);
    expect(trace.root).toMatchObject({ status: "unknown", startedAt: null, endedAt: null, durationMs: null, metadata: [] });
    expect(trace.root.children[0]).toMatchObject({ status: "waiting", stepOp: "wait_for_event", stepId: null, children: [] });
  });

  test("the trace is plain data: JSON.stringify keeps the tree", async () => {
    const { runs } = api(() => json({ data: failedRun, metadata }));
    const copy = JSON.parse(JSON.stringify(await runs.trace(RUN_ID)));
    expect(copy.root.children[2].children[1].name).toBe("Attempt 1");
  });

  test("a run without a trace is v2's 404 'Trace not found': a NotFoundError", async () => {
    const { runs, requests } = api(() => json({ errors: [{ code: "not_found", message: "Trace not found" }] }, 404));
    const err = await caught(runs.trace(RUN_ID));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ apiMessage: "Trace not found" });
    expect(requests).toHaveLength(1);
  });

  test("an id is one percent-encoded segment; '', '.', '..' are refused before the wire", async () => {
    const { runs, requests } = api(() => json({ data: failedRun, metadata }));
    await runs.trace("a/b?c");
    expect(requests[0]!.url.pathname).toBe("/v2/runs/a%2Fb%3Fc/trace");
    for (const id of ["", ".", ".."]) expect(await caught(runs.trace(id))).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(1);
  });
});
