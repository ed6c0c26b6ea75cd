/**
 * Checks events before they are sent and turns them into the JSON they are sent as, or into one
 * `ValidationError` naming every problem. Nothing is sent for an event that fails here.
 * @module
 */
import { ValidationError } from "../../core/errors.js";
import type { ValidationIssue } from "../../core/issues.js";
import { wireOf } from "../../wire/event-envelope.js";
import { checkEvent, type CheckContext, type Checked } from "../../wire/events.js";

/** How the input was given, which decides how its problems are worded. */
export type InputMode = "single" | "array" | "stream";

/** What validation needs from the client. */
export type ValidationContext = CheckContext;

/**
 * Checks `events` (input positions from `start`): `undefined` when all are good, else the
 * problems found. For a stream, `chunkStart` is where the bad event's chunk began: that much of it
 * goes unsent.
 */
export async function checkEvents(
  events: readonly unknown[],
  start: number,
  mode: InputMode,
  context: ValidationContext,
  chunkStart = start,
): Promise<ValidationError | undefined> {
  const issues: ValidationIssue[] = [];
  for (let i = 0; i < events.length; i++) {
    const pending = checkOne(events[i], mode === "single" ? undefined : start + i, context);
    // Only a refused envelope (zod words it) or an async Standard Schema makes this a promise:
    // an await per event would cost more than the checks themselves on a large batch.
    const result = pending instanceof Promise ? await pending : pending;
    if ("issues" in result) issues.push(...result.issues);
  }
  return issues.length === 0 ? undefined : new ValidationError(refusal(mode, issues.length, start, chunkStart), issues);
}

/**
 * One event read from a stream at `position`, whose chunk began at `chunkStart`: its JSON, written
 * now (see `Chunk.written`), or the error that stops the stream. Synchronous for a good event (no
 * promise per event read).
 */
export function checkStreamed(
  event: unknown,
  position: number,
  chunkStart: number,
  context: ValidationContext,
): string | ValidationError | Promise<string | ValidationError> {
  const pending = checkOne(event, position, context);
  if (!(pending instanceof Promise)) return streamVerdict(event, pending, position, chunkStart);
  return pending.then((result) => streamVerdict(event, result, position, chunkStart));
}

function streamVerdict(event: unknown, checked: Checked, position: number, chunkStart: number): string | ValidationError {
  if ("issues" in checked) return streamRefusal(checked.issues, position, chunkStart);
  try {
    return JSON.stringify(wireOf(event));
  } catch (err) {
    return streamRefusal(unreadableIssues(err, position), position, chunkStart);
  }
}

const streamRefusal = (issues: ValidationIssue[], position: number, chunkStart: number) =>
  new ValidationError(refusal("stream", issues.length, position, chunkStart), issues);

/**
 * {@link checkEvent}, with a throw turned into the event's problem. (No closure per event: on a
 * streamed send of 200,000 events each one is garbage to collect.)
 */
function checkOne(event: unknown, index: number | undefined, context: ValidationContext): Checked | Promise<Checked> {
  try {
    const pending = checkEvent(event, index, context);
    return pending instanceof Promise ? pending.catch((err: unknown) => unreadable(err, index)) : pending;
  } catch (err) {
    return unreadable(err, index);
  }
}

/** A getter or a toJSON that throws (or returns a BigInt): the event cannot be sent as it is. */
function unreadable(err: unknown, index: number | undefined): Checked {
  return { issues: unreadableIssues(err, index) };
}

function unreadableIssues(err: unknown, index: number | undefined): ValidationIssue[] {
  const why = err instanceof Error ? err.message : String(err);
  return [{ ...(index === undefined ? {} : { index }), path: "", message: `cannot be read or turned into JSON: ${why}` }];
}

function refusal(mode: InputMode, count: number, start: number, chunkStart: number): string {
  if (mode === "single") return "Invalid event: nothing was sent.";
  if (mode === "array") return `Invalid events (${count} problem${count === 1 ? "" : "s"}): nothing was sent.`;
  // A stream stops at its bad event (`start`); the events read before it in its chunk are not sent.
  const unsent = chunkStart === start ? "it was" : `positions ${chunkStart}-${start} were`;
  return `Invalid event at position ${start}: reading stopped there, and ${unsent} not sent.`;
}
