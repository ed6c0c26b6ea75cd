/**
 * Runs that progress (`createInngestEmulator({ progress: true })`): what a real server's executor does to a run,
 * played on the emulator's clock. A run queued by an event, an invoke or a replay starts after `startMs`, goes
 * through its function's steps in order (each `RUN` step takes `stepMs`, a sleep its duration, a wait for a signal
 * until `POST /v1/signals` names it or its timeout passes), then ends COMPLETED with the function's output, or
 * FAILED at a step that throws. Nothing runs on a timer: {@link Progress.advance} catches every tracked run up to
 * `now` before each request is handled and before the test reads the runs, so an injected clock drives it.
 */

import { createPrng } from "./prng.js";
import { sha1Hex } from "./sha1.js";
import { hashString, type StepRecord } from "./steps.js";
import { DEV_ACCOUNT_ID, DEV_WORKSPACE_ID, jobOwner, makeJob } from "./jobs.js";
import { ENDED, parseDuration, type RunRecord, type RunTracker } from "./store.js";
import type { EmulatorApp, EmulatorFunction, EmulatorFunctionInput, EmulatorJob, EmulatorFunctionStep, EmulatorProgressOptions } from "./types.js";

/** The timings in force. */
export interface ProgressTimings {
  readonly startMs: number;
  readonly stepMs: number;
}

/** Where one tracked run is: the next step of its function's code, and when the run got there. */
interface Cursor {
  readonly run: RunRecord;
  readonly fn: EmulatorFunction;
  /** The internal id of the function's app (queue items carry it). */
  readonly app: EmulatorApp | undefined;
  /** The triggering data: a wait for a signal takes its `signal` from it by default. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Index of the step being run (or to run next) in `fn.steps`. */
  next: number;
  /** When the run reached the step at `next`. */
  at: number;
}

const HOUR = 3_600_000;

/** Reads the `progress` option: `undefined` when off. */
export function progressTimings(option: boolean | EmulatorProgressOptions | undefined): ProgressTimings | undefined {
  if (option === undefined || option === false) return undefined;
  const { startMs = 50, stepMs = 100 } = option === true ? {} : option;
  for (const [name, value] of [["startMs", startMs], ["stepMs", stepMs]] as const) {
    if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`progress.${name} must be >= 0, got ${value}`);
  }
  return { startMs, stepMs };
}

/** The runs in flight that progress, each moved on by {@link advance}. */
export class Progress implements RunTracker {
  private readonly cursors = new Map<string, Cursor>();

  constructor(readonly timings: ProgressTimings) {}

  /** Starts tracking a run of `fn` (of the app `app`) that was just queued, triggered with `data`. */
  track(run: RunRecord, fn: EmulatorFunction, app: EmulatorApp | undefined, data: Readonly<Record<string, unknown>>): void {
    this.cursors.set(run.id, { run, fn, app, data, next: 0, at: run.queuedAt });
  }

  /** Moves every tracked run on to `now`; a run that ended (or was cancelled) is dropped. */
  advance(now: number): void {
    for (const [id, cursor] of this.cursors) {
      if (!ENDED.has(cursor.run.status)) advanceRun(cursor, now, this.timings);
      if (ENDED.has(cursor.run.status)) this.cursors.delete(id);
    }
  }
}

/** Moves one run on as far as `now` allows. */
function advanceRun(cursor: Cursor, now: number, timings: ProgressTimings): void {
  const { run } = cursor;
  if (run.status === "QUEUED") {
    const start = run.queuedAt + timings.startMs;
    if (now < start) return;
    run.status = "RUNNING";
    run.startedAt = start;
    // The start job left the queue; what is queued next is the run's next step.
    run.jobs = [];
    cursor.at = start;
  }
  while (!ENDED.has(run.status)) {
    const plan = cursor.fn.steps[cursor.next];
    if (!plan) {
      finish(cursor, cursor.at + timings.stepMs, now);
      return;
    }
    const step = run.steps[cursor.next] ?? openStep(cursor, plan);
    const endsAt = stepEnd(step, plan, timings);
    if (now < endsAt) {
      // A sleep or a wait is one queue item until it ends: `GET /v1/runs/{id}/jobs` lists it.
      if (step.op !== "RUN") run.jobs = [waitJob(cursor, step, endsAt)];
      return;
    }
    run.jobs = [];
    closeStep(run, step, plan, endsAt);
    cursor.next += 1;
    cursor.at = endsAt;
  }
}

/** The queue item of a sleep ("sleep", its step edge) or a wait for a signal ("pause"), due when it ends. */
function waitJob(cursor: Cursor, step: StepRecord, at: number): EmulatorJob {
  const { run, fn, app } = cursor;
  const owner = jobOwner(run.id, fn, run.eventIds, app);
  const id = step.spanId.slice(0, 13);
  // The step's edge and data key are its hashed id, the SHA-1 of its id (watched: a sleep "nap"'s `outgoing` is
  // sha1("nap"), a wait's `outgoing` and `dataKey` alike).
  const hashedId = sha1Hex(step.id);
  if (step.op === "SLEEP") {
    return makeJob(owner, { position: 0, kind: "sleep", at, attempt: 0, id, payload: { edge: { incoming: "step", outgoing: hashedId } } });
  }
  const pause = {
    id: step.spanId,
    wsID: DEV_WORKSPACE_ID,
    identifier: { runID: run.id, wID: fn.internalId, aID: DEV_ACCOUNT_ID },
    outgoing: hashedId,
    incoming: "step",
    stepName: step.name,
    opcode: "WaitForSignal",
    expires: at,
    signalID: step.signal ?? "",
    dataKey: hashedId,
    maxAtts: 1,
    groupID: step.spanId,
    Metadata: {},
    ca: new Date(step.queuedAt).toISOString(),
  };
  const metadata = {};
  return makeJob(owner, { position: 0, kind: "pause", at, attempt: 0, id, payload: { pauseID: step.spanId, pause }, metadata });
}

/** Adds the step the run has reached to its steps (what its trace shows), started at `cursor.at`. */
function openStep(cursor: Cursor, plan: EmulatorFunctionStep): StepRecord {
  const { run, at } = cursor;
  const op = plan.op ?? "RUN";
  const step: StepRecord = {
    id: plan.id,
    name: plan.id,
    op,
    status: op === "RUN" ? "RUNNING" : "WAITING",
    attempts: op === "RUN" ? 1 : 0,
    queuedAt: at,
    startedAt: at,
    spanId: createPrng(hashString(`${run.id}:${plan.id}`)).hex(16),
  };
  // A sleep or a wait shows no input in the trace (watched); what it waits for is the queue's business.
  if (op === "WAIT_FOR_SIGNAL") {
    const fromData = cursor.data["signal"];
    step.signal = plan.signal ?? (typeof fromData === "string" ? fromData : `signal/${run.id}`);
  }
  run.steps.push(step);
  return step;
}

/** When `step` ends: a wait for a signal that has not come ends at its timeout. */
function stepEnd(step: StepRecord, plan: EmulatorFunctionStep, timings: ProgressTimings): number {
  const startedAt = step.startedAt ?? step.queuedAt;
  if (step.op === "RUN") return startedAt + timings.stepMs;
  if (step.op === "SLEEP") return startedAt + toMs(plan.duration);
  // A wait for a signal: the signal route ends the step (see routes-v1-signals.ts); else its timeout does.
  if (step.status === "COMPLETED") return step.endedAt ?? startedAt;
  return startedAt + toMs(plan.timeout);
}

/** Ends `step` at `at`: a `RUN` step with its output or its error (which fails the run), a sleep, a timed-out wait. */
function closeStep(run: RunRecord, step: StepRecord, plan: EmulatorFunctionStep, at: number): void {
  if (step.status === "COMPLETED") return; // a wait a signal already ended
  step.endedAt = at;
  if (step.op === "WAIT_FOR_SIGNAL") step.output = null;
  if (step.op !== "RUN") {
    step.status = "COMPLETED";
    return;
  }
  if (plan.error === undefined) {
    step.status = "COMPLETED";
    step.output = plan.output ?? null;
    return;
  }
  // What the JS SDK sends for a thrown error: the step keeps it as is, the run as serialized (watched).
  const error = { name: "NonRetriableError", message: plan.error, stack: `NonRetriableError: ${plan.error}\n    at ${step.id} (emulated)` };
  step.status = "FAILED";
  step.output = error;
  run.status = "FAILED";
  run.endedAt = at;
  run.output = { __serialized: true, ...error };
}

/** The function returned: the run completes at `at` (when `now` has reached it) with the function's output. */
function finish(cursor: Cursor, at: number, now: number): void {
  if (now < at) return;
  const { run, fn, data } = cursor;
  const output: unknown = fn.output;
  const steps = Object.fromEntries(run.steps.map((step) => [step.id, step.output ?? null]));
  run.status = "COMPLETED";
  run.endedAt = at;
  run.output = typeof output === "function" ? (output as (input: EmulatorFunctionInput) => unknown)({ data, steps }) : (output ?? null);
}

/** A step's duration option in milliseconds: a number as is, a Go-style string parsed, absent an hour. */
function toMs(value: number | string | undefined): number {
  if (typeof value === "number") return value;
  if (value === undefined) return HOUR;
  return parseDuration(value.replace(/(\d+)d/, (_, days: string) => `${Number(days) * 24}h`)) || HOUR;
}
