/**
 * Checks events before they are sent and turns them into the JSON they are sent as, or into one
 * `ValidationError` naming every problem. Nothing is sent for an event that fails here.
 * @module
 */
import { ValidationError } from "../../core/errors.js";
import type { ValidationIssue } from "../../core/issues.js";
import { checkEvent, type StandardSchemaV1 } from "../../wire/events.js";

/** How the input was given, which decides how its problems are worded. */
export type InputMode = "single" | "array" | "stream";

/** What validation needs from the client. */
export interface ValidationContext {
  readonly maxEventSize: number;
  readonly schemas: Record<string, StandardSchemaV1 | undefined> | undefined;
}

/**
 * The JSON of each of `events` (input positions from `start`), or the problems found. For a
 * stream, `chunkStart` is where the bad event's chunk began: that much of it goes unsent.
 */
export async function checkEvents(
  events: readonly unknown[],
  start: number,
  mode: InputMode,
  context: ValidationContext,
  chunkStart = start,
): Promise<string[] | ValidationError> {
  const json: string[] = [];
  const issues: ValidationIssue[] = [];
  for (let i = 0; i < events.length; i++) {
    const index = mode === "single" ? undefined : start + i;
    try {
      const pending = checkEvent(events[i], index, context.maxEventSize, context.schemas);
      // Only an async Standard Schema makes this a promise: an await per event would cost more
      // than the checks themselves on a large batch.
      const result = pending instanceof Promise ? await pending : pending;
      if ("issues" in result) issues.push(...result.issues);
      else json.push(result.json);
    } catch (err) {
      // A getter or a toJSON that throws (or returns a BigInt): the event cannot be sent as it is.
      const why = err instanceof Error ? err.message : String(err);
      issues.push({ ...(index === undefined ? {} : { index }), path: "", message: `cannot be read or turned into JSON: ${why}` });
    }
  }
  return issues.length === 0 ? json : new ValidationError(refusal(mode, issues.length, start, chunkStart), issues);
}

function refusal(mode: InputMode, count: number, start: number, chunkStart: number): string {
  if (mode === "single") return "Invalid event: nothing was sent.";
  if (mode === "array") return `Invalid events (${count} problem${count === 1 ? "" : "s"}): nothing was sent.`;
  // A stream stops at its bad event (`start`); the events read before it in its chunk are not sent.
  const unsent = chunkStart === start ? "it was" : `positions ${chunkStart}-${start} were`;
  return `Invalid event at position ${start}: reading stopped there, and ${unsent} not sent.`;
}
