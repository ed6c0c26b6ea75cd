/**
 * A run's trace for a model: the run's status, the failed steps first (with their errors), then
 * one line per step. The whole span tree is returned only when asked (`full: true`): it repeats
 * every attempt and can be large.
 */
import type { RunTrace, TraceSpan } from "../../../src/wire/run-trace.js";

/** A step in a line: what it was, how it ended, how long it took. */
function stepLine(span: TraceSpan, depth: number) {
  return { name: span.name, depth, status: span.status, stepOp: span.stepOp, durationMs: span.durationMs };
}

/** A failed step with its error: the output of a failed step is its error (with `includeOutput`). */
function failure(span: TraceSpan) {
  return { name: span.name, stepId: span.stepId, stepOp: span.stepOp, status: span.status, endedAt: span.endedAt, ...(span.output === undefined ? {} : { error: span.output }) };
}

/** Every span under the root but the attempts inside a step, depth first. */
function steps(root: TraceSpan): ReturnType<typeof stepLine>[] {
  const out: ReturnType<typeof stepLine>[] = [];
  const visit = (span: TraceSpan, depth: number): void => {
    for (const child of span.children) {
      out.push(stepLine(child, depth));
      // A step's children are its attempts: the step's own line says how it ended.
      if (child.stepOp === null) visit(child, depth + 1);
    }
  };
  visit(root, 0);
  return out;
}

export function summariseTrace(trace: RunTrace): Record<string, unknown> {
  const { root } = trace;
  return {
    runId: trace.runId,
    status: root.status,
    function: root.name,
    startedAt: root.startedAt,
    endedAt: root.endedAt,
    durationMs: root.durationMs,
    failedSteps: trace.failedSteps().map(failure),
    steps: steps(root),
  };
}
