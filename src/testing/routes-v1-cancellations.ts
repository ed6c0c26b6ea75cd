/**
 * Bulk cancellations (`pkg/api/apiv1/cancellation.go`): `POST /v1/cancellations` cancels the runs of one function
 * queued in a time range (and matching an optional `if` expression over the triggering event), `GET` lists them,
 * `DELETE /v1/cancellations/{id}` removes one. On Inngest the matching runs are cancelled in the background; the
 * emulator cancels them before it answers.
 */

import { compileCel } from "./cel.js";
import { isUlid, randomUlid, ZERO_UUID } from "./ids.js";
import { DEV_ACCOUNT_ID } from "./jobs.js";
import { scanValue } from "./json-scan.js";
import { goTime, v1 } from "./respond.js";
import type { Route, RouteContext } from "./router.js";
import { functionSlug } from "./routes-v2-functions.js";
import type { Store, StoredCancellation } from "./store.js";
import type { EmulatorEvent } from "./types.js";

export const v1CancellationRoutes: readonly Route[] = [
  { method: "POST", pattern: "/v1/cancellations", handler: create },
  { method: "GET", pattern: "/v1/cancellations", handler: list },
  { method: "DELETE", pattern: "/v1/cancellations/:id", handler: remove },
];

// The dev server's account id (consts.DevServerAccountID; watched as `aID` in its queue items).
const GO_ZERO_TIME = Date.parse("0001-01-01T00:00:00Z");
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** A cancellation as the emulator keeps it: cqrs.Cancellation's JSON, in its field order. */
type Cancellation = StoredCancellation;

interface Body {
  appId: string;
  functionId: string;
  startedAfter?: number;
  startedBefore?: number;
  if?: string;
}

function create(ctx: RouteContext): Response {
  const body = readBody(ctx.body);
  if (body === undefined) return v1.error(400, "Invalid cancellation request");
  const problems = validate(body, ctx.now);
  // errors.Join: one message per line.
  if (problems.length > 0) return v1.error(400, problems.join("\n"));
  // GetFunctionByExternalID (`pkg/cqrs/manager/cqrs.go`): the stored slug alone, in any app (watched: `app_id`
  // "other-app" with "real-app-complete" finds it). The function's bare id is a 404, as on the dev server.
  const fn = ctx.store.apps().flatMap((app) => app.functions).find((f) => functionSlug(f) === body.functionId);
  if (!fn) return v1.error(404, "function not found");
  const matches = body.if === undefined ? () => true : compileCel(body.if);
  if (typeof matches === "string") return v1.error(400, `invalid expression: ${matches}`);
  const app = ctx.store.app(fn.appId);
  const cancellation: Cancellation = {
    created_at: goTime(ctx.now),
    name: null,
    id: randomUlid(ctx.now),
    account_id: DEV_ACCOUNT_ID,
    environment_id: ctx.store.environmentId,
    app_id: app?.internalId ?? ZERO_UUID,
    function_internal_id: fn.internalId,
    function_id: functionSlug(fn),
    started_after: body.startedAfter === undefined ? null : goTime(body.startedAfter),
    started_before: goTime(body.startedBefore ?? ctx.now),
    ...(body.if !== undefined && { if: body.if }),
    kind: "bulk_run",
    cause: "API",
    queue_name: null,
  };
  ctx.store.cancellations.push(cancellation);
  // cancellation.go's checker: runs whose id time is in [started_after, started_before] and whose event matches.
  for (const run of ctx.store.listRuns({ functionId: fn.id, status: ["QUEUED", "RUNNING"] })) {
    if (run.queuedAt > (body.startedBefore ?? ctx.now) || (body.startedAfter !== undefined && run.queuedAt < body.startedAfter)) continue;
    if (matches({ event: eventMap(ctx.store, run.eventIds[0]) })) ctx.store.update(run, { status: "CANCELLED" });
  }
  return v1.ok(cancellation, ctx.now);
}

function list(ctx: RouteContext): Response {
  return v1.ok(ctx.store.cancellations, ctx.now);
}

function remove(ctx: RouteContext): Response {
  const id = ctx.params["id"] ?? "";
  if (!isUlid(id)) return v1.error(400, "Invalid cancellation ID");
  const index = ctx.store.cancellations.findIndex((c) => c.id === id.toUpperCase());
  if (index === -1) return v1.error(404, "Cancellation not found");
  ctx.store.cancellations.splice(index, 1);
  return v1.ok({ ok: true }, ctx.now);
}

/** CreateCancellationBody.Validate's messages, in its order. */
function validate(body: Body, now: number): string[] {
  const problems: string[] = [];
  if (body.appId === "") problems.push("app_id is required");
  if (body.functionId === "") problems.push("function_id is required");
  if (body.startedBefore === undefined) problems.push("started_before is required");
  if (body.startedBefore !== undefined && body.startedBefore > now + 5_000) problems.push("started_before must be in the past");
  if (body.startedAfter !== undefined && body.startedBefore !== undefined && body.startedAfter > body.startedBefore) {
    problems.push("started_after must be before started_before");
  }
  return problems;
}

/**
 * The body as json.Decoder reads it into CreateCancellationBody: the first JSON value, keys matched without
 * regard to case, times as RFC 3339 strings. `undefined` for anything Decode refuses.
 */
function readBody(text: string): Body | undefined {
  const scanned = scanValue(text, 0);
  if ("error" in scanned) return undefined;
  const value: unknown = JSON.parse(text.slice(0, scanned.end));
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const body: Body = { appId: "", functionId: "" };
  for (const [key, field] of Object.entries(value)) {
    const name = key.toLowerCase();
    if (field === null) continue;
    if (name === "app_id" || name === "function_id" || name === "if") {
      if (typeof field !== "string") return undefined;
      if (name === "app_id") body.appId = field;
      else if (name === "function_id") body.functionId = field;
      else body.if = field;
    } else if (name === "started_after" || name === "started_before") {
      if (typeof field !== "string" || !RFC3339.test(field) || Number.isNaN(Date.parse(field))) return undefined;
      const at = Date.parse(field);
      // time.Time's zero value (0001-01-01T00:00:00Z) is "not given".
      if (name === "started_after") body.startedAfter = at;
      else if (at !== GO_ZERO_TIME) body.startedBefore = at;
    }
  }
  return body;
}

/** event.Event's Map(): what a cancellation expression sees as `event`. */
function eventMap(store: Store, id: string | undefined): Record<string, unknown> {
  const event: EmulatorEvent | undefined = id === undefined ? undefined : store.event(id);
  if (!event) return {};
  return {
    name: event.name,
    data: event.data,
    user: event.user ?? {},
    id: event.idempotencyKey ?? "",
    ts: event.ts,
    ...(event.v !== undefined && { v: event.v }),
  };
}
