/**
 * `GET /v2/runs/{runId}/trace` (GetFunctionTrace, `pkg/api/v2/endpoints_runs.go`): the run's span tree as the
 * trace converter shapes it (`pkg/coreapi/graph/loaders/trace.go`), as watched on the dev server: a root span (with
 * the triggering events as its input), one span per step with its attempts as children (none on a first try), and
 * once the function returned "executor.nonstep" (plus "Finalization" when it failed). Times and statuses come from
 * the emulator's run and steps.
 */

import { isUlid } from "./ids.js";
import { protoTime, v2 } from "./respond.js";
import type { Route, RouteContext } from "./router.js";
import { ENDED, type RunRecord, type Store } from "./store.js";
import { sha1Hex } from "./sha1.js";
import { ENDED_STEP, hashString, type StepRecord } from "./steps.js";
import type { EmulatorRunStatus } from "./types.js";
import { handle, isRecord, readBool, V2Error } from "./v2-request.js";

export const v2TraceRoutes: readonly Route[] = [
  { method: "GET", pattern: "/v2/runs/:runId/trace", handler: handle(getTrace) },
];

// toTraceSpanStatus: a queued root span reads WAITING.
const RUN_SPAN_STATUS: Record<EmulatorRunStatus, string> = {
  QUEUED: "WAITING",
  RUNNING: "RUNNING",
  COMPLETED: "COMPLETED",
  FAILED: "FAILED",
  CANCELLED: "CANCELLED",
};

interface SpanTimes {
  queuedAt: number;
  startedAt?: number | undefined;
  endedAt?: number | undefined;
}

function getTrace(ctx: RouteContext): Response {
  const id = ctx.params["runId"] ?? "";
  if (!isUlid(id)) throw new V2Error(400, "invalid_field_format", "Run ID must be a valid ULID");
  const run = ctx.store.run(id);
  if (!run) throw new V2Error(404, "not_found", "Trace not found");
  const includeOutput = readBool(ctx, "includeOutput", "include_output") ?? false;
  return v2.ok({ runId: run.id, rootSpan: rootSpan(run, ctx.store, includeOutput) }, ctx.now);
}

// Watched on the dev server: the root span of a run that completed is named after, and carries the step id of,
// the function's closing request (the same 40 hex digits for every run); other roots are "Run" without a step id.
const COMPLETED_ROOT = "0737c22d3bfae812339732d14d8c7dbd6dc4e09c";

function rootSpan(run: RunRecord, store: Store, includeOutput: boolean): Record<string, unknown> {
  const ended = ENDED.has(run.status);
  // The children come in the order they started; the closing request's span first on a tie (watched: a function
  // whose steps never waited shows it before them).
  const children = [...closingSpans(run, includeOutput), ...run.steps.map((step) => stepSpan(step, includeOutput))];
  children.sort((a, b) => startOf(a) - startOf(b));
  const completed = run.status === "COMPLETED";
  return {
    id: spanId(run.id),
    name: completed ? COMPLETED_ROOT : "Run",
    status: RUN_SPAN_STATUS[run.status],
    ...(completed && { stepId: COMPLETED_ROOT }),
    ...times({ queuedAt: run.queuedAt, startedAt: run.startedAt, endedAt: ended ? run.endedAt : undefined }),
    // The root's input is the triggering events, as the function received them.
    ...(includeOutput && { input: { data: triggerEvents(run, store) } }),
    ...(includeOutput && ended && run.output !== undefined && { output: toStruct(run.output) }),
    // The run's state size, as the dev server reports it on every root span (watched).
    metadata: [{ kind: "inngest.usage", scope: "run", updatedAt: protoTime(run.endedAt ?? run.queuedAt), values: { metadata_bytes: "171" } }],
    ...(children.length > 0 && { children }),
  };
}

/**
 * The timing of the SDK request that reached a sleep or a wait (watched on the dev server: those spans always
 * carry it). The emulator makes no request, so every duration is 0.
 */
function requestTiming(at: number): Record<string, unknown>[] {
  const updatedAt = protoTime(at);
  const zero = (keys: string[]) => Object.fromEntries(keys.map((key) => [key, "0"]));
  return [
    { kind: "inngest.http.timing", scope: "request", updatedAt, values: zero(["content_transfer_ms", "dns_lookup_ms", "server_processing_ms", "tcp_connection_ms", "tls_handshake_ms", "total_ms"]) },
    { kind: "inngest.timing", scope: "request", updatedAt, values: zero(["network_total_ms", "queue_delay_ms", "system_latency_ms", "total_inngest_ms"]) },
  ];
}

function triggerEvents(run: RunRecord, store: Store): Record<string, unknown>[] {
  return run.eventIds.flatMap((id) => {
    const event = store.event(id);
    return event ? [{ data: event.data, id: event.id, name: event.name, ts: event.ts }] : [];
  });
}

function startOf(span: Record<string, unknown>): number {
  return Date.parse(String(span["startedAt"] ?? span["queuedAt"]));
}

function stepSpan(step: StepRecord, includeOutput: boolean): Record<string, unknown> {
  const ended = ENDED_STEP.has(step.status);
  // Only code runs in attempts (a sleep or a wait has none), and a step on its first attempt shows none either: the
  // converter collapses it (watched: a step that failed for good on its only attempt has no attempt spans).
  const runsCode = step.op === "RUN" || step.op === "AI_GATEWAY";
  const showAttempts = runsCode && step.attempts > 1;
  const attempts = showAttempts ? Array.from({ length: step.attempts }, (_, i) => attemptSpan(step, i, includeOutput)) : [];
  // A step that failed for good ends in a StepError opcode, which the trace shows as no op (watched).
  const op = step.status === "FAILED" && runsCode ? undefined : step.op;
  return {
    id: step.spanId,
    name: step.name,
    status: step.status,
    ...(op !== undefined && { stepOp: op }),
    // The hashed step id, the SHA-1 of the step's id (watched: step "nap" has stepId sha1("nap")).
    stepId: sha1Hex(step.id),
    ...times({ queuedAt: step.queuedAt, startedAt: step.startedAt, endedAt: ended ? step.endedAt : undefined }),
    ...(includeOutput && step.input !== undefined && { input: toStruct(step.input) }),
    ...(includeOutput && ended && step.output !== undefined && { output: toStruct(step.output) }),
    ...(!runsCode && { metadata: requestTiming(step.startedAt ?? step.queuedAt) }),
    ...(attempts.length > 0 && { children: attempts }),
  };
}

/** Attempt i of a step: each earlier attempt failed; the last one is where the step is. */
function attemptSpan(step: StepRecord, i: number, includeOutput: boolean): Record<string, unknown> {
  const last = i === step.attempts - 1;
  const start = step.startedAt ?? step.queuedAt;
  const end = step.endedAt ?? start + step.attempts;
  const slot = Math.max(1, Math.floor((end - start) / step.attempts));
  const status = last ? step.status : "FAILED";
  const ended = ENDED_STEP.has(status);
  const attemptEnd = last ? end : start + (i + 1) * slot;
  return {
    id: spanId(`${step.spanId}:${i}`),
    name: `Attempt ${i}`,
    status,
    stepOp: step.op,
    stepId: sha1Hex(step.id),
    ...times({ queuedAt: start + i * slot, startedAt: start + i * slot, endedAt: ended ? attemptEnd : undefined }),
    ...(includeOutput && ended && step.output !== undefined && { output: toStruct(step.output) }),
  };
}

/**
 * What a run that returned or threw shows after its steps (watched on the dev server): "executor.nonstep", the
 * function's closing request, with the run's output; and for a failed run "Finalization", holding the failed
 * attempt. A cancelled run has neither.
 */
function closingSpans(run: RunRecord, includeOutput: boolean): Record<string, unknown>[] {
  if (run.status !== "COMPLETED" && run.status !== "FAILED") return [];
  const end = run.endedAt ?? run.queuedAt;
  // The closing request starts when the function was last called: after the step that threw, or (watched) after
  // the last sleep or wait it resumed from, else when the run started.
  const resumedAfter = run.steps.filter((step) => run.status === "FAILED" || (step.op !== "RUN" && step.op !== "AI_GATEWAY"));
  const last = resumedAfter.reduce((at, step) => Math.max(at, step.endedAt ?? at), run.startedAt ?? run.queuedAt);
  const span = (name: string, seed: string) => ({
    id: spanId(`${run.id}:${seed}`),
    name,
    status: run.status,
    ...times({ queuedAt: last, startedAt: last, endedAt: end }),
  });
  const output = includeOutput && run.output !== undefined ? { output: toStruct(run.output) } : {};
  const nonstep = { ...span("executor.nonstep", "nonstep"), ...output };
  if (run.status === "COMPLETED") return [nonstep];
  return [{ ...span("Finalization", "final"), children: [{ ...span("Attempt 0", "final:0"), ...output }] }, nonstep];
}

/** queuedAt always; startedAt and endedAt when set; durationMs (a uint64, so a string) once both are. */
function times(span: SpanTimes): Record<string, string> {
  const { queuedAt, startedAt, endedAt } = span;
  return {
    queuedAt: protoTime(queuedAt),
    ...(startedAt !== undefined && { startedAt: protoTime(startedAt) }),
    ...(endedAt !== undefined && { endedAt: protoTime(endedAt) }),
    ...(startedAt !== undefined && endedAt !== undefined && { durationMs: String(Math.max(0, endedAt - startedAt)) }),
  };
}

/** jsonToStruct: an object as is, anything else wrapped as `{ data }`. */
function toStruct(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : { data: value };
}

/** A stable 16-hex-digit span id for `seed`. */
function spanId(seed: string): string {
  return (hashString(seed).toString(16).padStart(8, "0") + hashString(`${seed}#`).toString(16).padStart(8, "0")).slice(0, 16);
}
