/**
 * `GET /v1/events` (`pkg/api/apiv1/events.go`, getEvents, and the query in `pkg/cqrs/manager/cqrs.go`): received
 * events newest first by internal id, within a window of receive times that defaults to the last hour, paged by
 * the last internal id as `cursor`, `limit` clamped to 1..51, internal (`inngest/...`) events left out.
 */

import { isUlid } from "./ids.js";
import { v1 } from "./respond.js";
import type { Route, RouteContext } from "./router.js";
import { toV1Event } from "./routes-v1.js";

export const v1EventRoutes: readonly Route[] = [{ method: "GET", pattern: "/v1/events", handler: listEvents }];

const DEFAULT_LIMIT = 20; // apiv1.DefaultEvents
const MAX_LIMIT = 51; // cqrs.MaxEvents
const HOUR = 3_600_000;

function listEvents(ctx: RouteContext): Response {
  const query = ctx.url.searchParams;
  // strconv.Atoi, its error ignored: anything that is not an integer is 0, which means the default.
  const parsed = /^[+-]?\d+$/.test(query.get("limit") ?? "") ? Number(query.get("limit")) : 0;
  const limit = Math.min(MAX_LIMIT, Math.max(1, parsed === 0 ? DEFAULT_LIMIT : parsed));
  const cursor = query.get("cursor") ?? "";
  if (cursor !== "" && !isUlid(cursor)) return v1.error(400, "Invalid cursor query parameter");
  const before = readTime(query.get("received_before") ?? "");
  const after = readTime(query.get("received_after") ?? "");
  // Both bad times get the same message: the handler says received_after for either.
  if (before === null || after === null) return v1.error(400, "Invalid received_after query parameter");
  const newest = before ?? ctx.now;
  const oldest = after ?? ctx.now - HOUR;
  const name = query.get("name") ?? "";
  const last = cursor.toUpperCase();
  const events = [...ctx.store.allEvents()]
    .filter(
      (e) =>
        e.receivedAt <= newest &&
        e.receivedAt >= oldest &&
        (cursor === "" || e.id < last) &&
        (name === "" || e.name === name) &&
        !e.name.toLowerCase().startsWith("inngest/"),
    )
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, limit);
  // WriteResponse, not WriteCachedResponse: the list is never cached.
  return v1.ok(
    events.map((e) => toV1Event(e, ctx.store)),
    ctx.now,
  );
}

/**
 * dateutil.ParseString, for the layouts a client sends: RFC 3339, a bare date-time or a date (both UTC).
 * `undefined` when absent, `null` when it does not parse.
 */
function readTime(value: string): number | undefined | null {
  if (value === "") return undefined;
  let ms = Number.NaN;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) ms = Date.parse(value);
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value)) ms = Date.parse(`${value}Z`);
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}
