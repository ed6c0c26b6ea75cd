/**
 * The zod schema of an event's envelope: the authority on what `events.send` accepts, and the
 * wording of every problem it reports. Loaded only when the quick check (`event-envelope.ts`)
 * refuses an event, so a send of valid events never loads zod.
 * @module
 */
import * as z from "zod/mini";
import { isPlainObject, isReserved, isTs, MAX_NAME_LENGTH } from "./event-envelope.js";

// A pipe, so the length checks run only on a string: zod runs checks after a failed type check,
// and an empty array would also read "is empty".
const nameSchema = z.pipe(
  z.string({ error: (i) => (i.input === undefined ? "is missing" : "must be a string") }),
  z.string().check(
    z.minLength(1, "is empty"),
    z.maxLength(MAX_NAME_LENGTH, `is longer than ${MAX_NAME_LENGTH} characters`),
    z.refine((n) => !isReserved(n), "starts with \"inngest/\", which Inngest reserves for its own events"),
  ),
);

/** @internal */
export const eventSchema = z.object({
  name: nameSchema,
  data: z.optional(z.custom<Record<string, unknown>>(isPlainObject, "must be a plain object")),
  user: z.optional(z.custom<Record<string, unknown>>(isPlainObject, "must be a plain object")),
  id: z.optional(z.string("must be a string")),
  ts: z.optional(
    z.number("must be a finite number of milliseconds").check(
      // The server reads ts as an int64: a fraction (performance.now() arithmetic) would fail the chunk.
      z.refine(isTs, "must be whole milliseconds since the epoch, between 1980 and 2100"),
    ),
  ),
  v: z.optional(z.string("must be a string")),
});
