/**
 * A run's trace as {@link RunTrace} holds it: the span tree, with ways to read it. No zod here:
 * `RunTrace` is exported as a value, and importing the SDK must not load zod (the wire schema it
 * is read with is in `trace.ts`, loaded on the first `runs.trace`).
 * @module
 */

/**
 * A span's status, lowercase. `waiting` also covers a step that is queued (`toTraceSpanStatus`
 * maps both to `WAITING`); a status this SDK does not know yet is kept, lowercased.
 */
export type TraceSpanStatus = "running" | "completed" | "failed" | "waiting" | "cancelled" | "skipped" | "unknown" | (string & {});

/**
 * What kind of step a span is, lowercase (`TraceStepOp` without its prefix). What a step reads
 * depends on what the app's SDK reported: a `step.sendEvent` step of an app on inngest-js v4
 * arrives as `run` on the dev server (seen), not `send_event`; a span whose op the server does
 * not know reads `unspecified`.
 */
export type TraceStepOp =
  | "run"
  | "sleep"
  | "wait_for_event"
  | "invoke"
  | "send_event"
  | "ai_gateway"
  | "wait_for_signal"
  | "unspecified"
  | (string & {});

/** Metadata an SDK or Inngest attached to a span (for example timings or AI usage). */
export interface TraceSpanMetadata {
  scope: string | null;
  kind: string | null;
  /** Each value is JSON text, as the server stores it. */
  values: Record<string, string>;
  updatedAt: string | null;
}

/**
 * One span of a run's trace: the run itself at the root, its steps below it, and below a step
 * its attempts (`"Attempt 0"`, ...). Times are RFC 3339 strings.
 */
export interface TraceSpan {
  /** The span's id. */
  id: string;
  /** The step's name, `"Attempt N"` for an attempt, or the function's name at the root. */
  name: string;
  /** Lowercase status; see {@link TraceSpanStatus}. */
  status: TraceSpanStatus;
  /** The step's kind, or `null` for a span that is not a step (the run, a userland span). */
  stepOp: TraceStepOp | null;
  /** The step's id (its name in your code, hashed by some SDKs), or `null`. */
  stepId: string | null;
  queuedAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** How long it ran, in milliseconds (the wire sends a uint64 as a string); `null` while it runs. */
  durationMs: number | null;
  /**
   * The step's input, only with `includeOutput: true`. A protobuf `Struct`: a value that is not
   * an object arrives wrapped as `{ data: value }` (`jsonToStruct`). `undefined` when not sent.
   */
  input?: unknown;
  /** The step's output (or error), only with `includeOutput: true`; wrapped like `input`. */
  output?: unknown;
  metadata: TraceSpanMetadata[];
  /** Child spans, in the server's order; `[]` for a leaf (the wire omits an empty list). */
  children: TraceSpan[];
}

/**
 * A run's trace, from `runs.trace`: the span tree under {@link RunTrace.root}, and two ways to
 * read it. Plain data apart from the methods: it can be logged or `JSON.stringify`-ed as is.
 *
 * @example
 * ```ts
 * const trace = await inngest.runs.trace(runId, { includeOutput: true });
 * for (const step of trace.failedSteps()) console.log(step.name, step.output);
 * for (const span of trace.spans()) console.log(span.name, span.status, span.durationMs);
 * ```
 */
export class RunTrace {
  /** The run's id. */
  readonly runId: string;
  /** The run's own span; its children are the steps. */
  readonly root: TraceSpan;

  /** @internal */
  constructor(runId: string, root: TraceSpan) {
    this.runId = runId;
    this.root = root;
  }

  /** Every span, depth first, each before its children, starting with {@link RunTrace.root}. */
  *spans(): Generator<TraceSpan, void, undefined> {
    const stack = [this.root];
    for (let span = stack.pop(); span; span = stack.pop()) {
      yield span;
      for (let i = span.children.length - 1; i >= 0; i--) stack.push(span.children[i]!);
    }
  }

  /**
   * The steps that failed, outermost first: a failed step, not each of its failed attempts. A
   * step that failed and was then retried into success is not listed. Only steps are listed (a
   * span with a `stepId` or a `stepOp`): the spans Inngest adds around a failure
   * (`"Finalization"`, `"executor.nonstep"`, which carry the run's error again) are not. So a
   * failed run with no failed step threw outside any step: its error is the run's `output`.
   */
  failedSteps(): TraceSpan[] {
    const out: TraceSpan[] = [];
    const visit = (span: TraceSpan): void => {
      for (const child of span.children) {
        const isStep = child.stepOp !== null || child.stepId !== null;
        if (isStep && child.status === "failed") out.push(child);
        // Seen on Inngest's dev server (253303cd): a failed run's root also holds failed
        // "Finalization" and "executor.nonstep" spans, which are not steps: searched for steps
        // inside, never listed. A step's own children are its attempts, never searched: a step
        // that did not fail may hold failed attempts that a retry made good.
        else if (!isStep) visit(child);
      }
    };
    visit(this.root);
    return out;
  }
}
