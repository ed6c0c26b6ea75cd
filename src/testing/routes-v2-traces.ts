/**
 * `GET /v2/runs/{runId}/trace` (GetFunctionTrace, `pkg/api/v2/endpoints_runs.go`): the run's span tree as the
 * trace converter shapes it (`pkg/coreapi/graph/loaders/trace.go`): a root span named "Run", one span per step
 * with its attempts as children (none for a step that succeeded on its first try), and "Finalization" once the
 * function returned. Times and statuses come from the emulator's run and steps.
 */

import { isUlid } from "./ids.js";
import { protoTime, v2 } from "./respond.js";
import type { Route, RouteContext } from "./router.js";
import { ENDED, type RunRecord } from "./store.js";
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
  return v2.ok({ runId: run.id, rootSpan: rootSpan(run, includeOutput) }, ctx.now);
}

function rootSpan(run: RunRecord, includeOutput: boolean): Record<string, unknown> {
  const ended = ENDED.has(run.status);
  const children = run.steps.map((step) => stepSpan(step, includeOutput));
  if (run.status === "COMPLETED") children.push(finalization(run));
  return {
    id: spanId(run.id),
    name: "Run",
    status: RUN_SPAN_STATUS[run.status],
    ...times({ queuedAt: run.queuedAt, startedAt: run.startedAt, endedAt: ended ? run.endedAt : undefined }),
    ...(includeOutput && ended && run.output !== undefined && { output: toStruct(run.output) }),
    ...(children.length > 0 && { children }),
  };
}

function stepSpan(step: StepRecord, includeOutput: boolean): Record<string, unknown> {
  const ended = ENDED_STEP.has(step.status);
  // Only code runs in attempts (a sleep or a wait has none), and a step that succeeded on its only attempt shows
  // none either: the converter collapses it.
  const runsCode = step.op === "RUN" || step.op === "AI_GATEWAY";
  const showAttempts = runsCode && (step.attempts > 1 || (step.attempts === 1 && step.status !== "COMPLETED"));
  const attempts = showAttempts ? Array.from({ length: step.attempts }, (_, i) => attemptSpan(step, i, includeOutput)) : [];
  return {
    id: step.spanId,
    name: step.name,
    status: step.status,
    stepOp: step.op,
    stepId: step.id,
    ...times({ queuedAt: step.queuedAt, startedAt: step.startedAt, endedAt: ended ? step.endedAt : undefined }),
    ...(includeOutput && step.input !== undefined && { input: toStruct(step.input) }),
    ...(includeOutput && ended && step.output !== undefined && { output: toStruct(step.output) }),
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
    stepId: step.id,
    ...times({ queuedAt: start + i * slot, startedAt: start + i * slot, endedAt: ended ? attemptEnd : undefined }),
    ...(includeOutput && ended && step.output !== undefined && { output: toStruct(step.output) }),
  };
}

function finalization(run: RunRecord): Record<string, unknown> {
  const end = run.endedAt ?? run.queuedAt;
  return { id: spanId(`${run.id}:final`), name: "Finalization", status: "COMPLETED", ...times({ queuedAt: end, startedAt: end, endedAt: end }) };
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
