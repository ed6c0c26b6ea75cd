/**
 * Checks events before they are sent, each refusal worded into one `ValidationError` naming every
 * problem; a streamed event is also written as JSON as it is read. Nothing is sent for an event
 * that fails here.
 * @module
 */
import { ValidationError } from "../../core/errors.js";
import type { ValidationIssue } from "../../core/issues.js";
import { wireOf } from "../../wire/event-envelope.js";
import { checkEvent, type CheckContext, type Checked } from "../../wire/events.js";

/**
 * Checks an array's (or one event's) `events`: `undefined` when all are good, else one error with
 * every problem found, each naming its index (none for a single event).
 */
export async function checkEvents(events: readonly unknown[], single: boolean, context: CheckContext): Promise<ValidationError | undefined> {
  const issues: ValidationIssue[] = [];
  for (let i = 0; i < events.length; i++) {
    const pending = checkOne(events[i], single ? undefined : i, context);
    // Only a refused envelope (zod words it) or an async Standard Schema makes this a promise:
    // an await per event would cost more than the checks themselves on a large batch.
    const result = pending instanceof Promise ? await pending : pending;
    if ("issues" in result) issues.push(...result.issues);
  }
  if (issues.length === 0) return undefined;
  const message = single ? "Invalid event: nothing was sent." : `Invalid events (${issues.length} problem${issues.length === 1 ? "" : "s"}): nothing was sent.`;
  return new ValidationError(message, issues);
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
  context: CheckContext,
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

/** A stream stops at its bad event; the events read before it in its chunk are not sent either. */
function streamRefusal(issues: ValidationIssue[], position: number, chunkStart: number): ValidationError {
  const unsent = chunkStart === position ? "it was" : `positions ${chunkStart}-${position} were`;
  return new ValidationError(`Invalid event at position ${position}: reading stopped there, and ${unsent} not sent.`, issues);
}

/**
 * {@link checkEvent}, with a throw turned into the event's problem. (No closure per event: on a
 * streamed send of 200,000 events each one is garbage to collect.)
 */
function checkOne(event: unknown, index: number | undefined, context: CheckContext): Checked | Promise<Checked> {
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
