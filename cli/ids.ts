/**
 * Ids checked before any request: runs, events and bulk cancellations are named by ULIDs (26
 * Crockford base-32 characters; Inngest parses them with oklog/ulid, any case). A malformed one is
 * a usage error (exit 2), not the API's 400 or 500 after a round trip (exit 1, "try again later").
 */
import { UsageError } from "./exit.js";

const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;

/** `id` when it is a ULID; else a UsageError naming what it should be (`what`: "run id", "event id"). */
export function ulid(id: string, what: string): string {
  if (ULID.test(id)) return id;
  const shown = id.length > 40 ? `${id.slice(0, 40)}...` : id;
  throw new UsageError(`${JSON.stringify(shown)} is not a ${what}: a ${what} is a 26-character ULID (like 01JF8X6Q8WQ5Z1X1Y2Z3A4B5C6); nothing was sent`);
}
