/**
 * Arguments several tools share, as zod/mini schemas with their descriptions. Bounds are the
 * SDK's own (each cited where the SDK checks it); the SDK checks them again when called, so a
 * schema here can only refuse earlier, never let through what the SDK would refuse.
 */
import * as z from "zod/mini";
import { isObject } from "../../../src/wire/read.js";

const text = (description: string) => z.string().check(z.minLength(1), z.describe(description));

export const runId = text("The run's id (a 26-character ULID, as list_runs and list_event_runs give it).");
export const appId = text("The app's id: its SDK client id, e.g. \"my-app\" (list_apps gives them).");
export const functionId = text("The function's id in its app, e.g. \"send-email\" (list_functions gives them); the app-prefixed slug works too.");
/** Its length is the SDK's check (`ULID_LENGTH`, src/resources/cancellations.ts): `cancellations.delete` refuses another, naming `id`. */
export const cancellationId = text("The cancellation's id, a 26-character ULID (list_cancellations gives them).");
export const eventId = text("The event's internal id (a ULID): what send_events returns, and list_events' internalId.");

/** An RFC 3339 time; the SDK parses it (`timeParam`, src/resources/params.ts) and refuses a bad one naming the argument. */
export const time = (description: string) => z.optional(z.string().check(z.minLength(1), z.describe(`${description} RFC 3339, e.g. 2026-12-01T09:00:00Z.`)));

/** A page size bounded as the SDK bounds it (`checkLimit`): `max` is the SDK's own maximum for the route (`MAX_PAGE`, `MAX_EVENTS`, `MAX_EVENT_RUNS`). */
export const limit = (max: number) =>
  z.optional(z.int().check(z.minimum(1), z.maximum(max), z.describe(`Items per page, 1-${max} (default 20). One request per call.`)));

export const cursor = z.optional(
  z.string().check(z.minLength(1), z.describe("Continue a list: the `cursor` of the previous result, as it is. Omit for the first page.")),
);

export const MAX_CHARS_DEFAULT = 20_000;

export const maxChars = z.optional(
  z.int().check(
    z.minimum(2_000),
    z.maximum(1_000_000),
    z.describe(`Size budget of this result's text, in characters (default ${MAX_CHARS_DEFAULT}). A larger result is cut, with a note saying what was left out.`),
  ),
);

export const dryRun = z.optional(
  z.boolean().check(z.describe("true: check the arguments the way the real call does and return the request it would make, sending nothing.")),
);

/** A JSON object (a run's or event's data): not an array, not null; the SDK's own check (`isObject`, as `functions.invoke` checks `data`). */
export const jsonObject = (description: string) =>
  z.optional(z.custom<Record<string, unknown>>(isObject, "must be a JSON object").check(z.describe(description)));
