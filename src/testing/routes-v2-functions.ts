/**
 * v2 functions (`pkg/api/v2/endpoints_function.go`): list an app's functions, get one, invoke one. A function's
 * `id` is the id its SDK code gave it; Inngest stores it as `<appId>-<id>` (its slug) and answers with the id
 * (`pkg/api/v2/function_ids.go`, PublicFunctionID), accepting either form in a path.
 */

import { randomUlid } from "./ids.js";
import { hashString } from "./steps.js";
import { sortKeys, json, protoTime, v2, type V2Page } from "./respond.js";
import type { Route, RouteContext } from "./router.js";
import type { Store } from "./store.js";
import type { EmulatorApp, EmulatorFunction } from "./types.js";
import { type GatewayMessage, handle, one, readGatewayBody, readLimit, V2Error } from "./v2-request.js";

export const v2FunctionRoutes: readonly Route[] = [
  { method: "GET", pattern: "/v2/apps/:appId/functions", handler: handle(listFunctions) },
  { method: "GET", pattern: "/v2/apps/:appId/functions/:functionId", handler: handle(getFunction) },
  { method: "POST", pattern: "/v2/apps/:appId/functions/:functionId/invoke", handler: handle(invoke) },
];

// The dev server has no plan, so a function without concurrency limits reports the account's as -1
// (models.UnknownPlanConcurrencyLimit).
const PLAN_CONCURRENCY = -1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The app's slug for a function: what the SDK registers, `<appId>-<id>`. */
export function functionSlug(fn: EmulatorFunction): string {
  return `${fn.appId}-${fn.id}`;
}

/**
 * The app, unless archived: the function queries only see apps with `apps.archived_at IS NULL`
 * (`pkg/db/sqlite/sqlc/queries.sql`), so an archived app's functions are not found, listed or invoked.
 */
function activeApp(store: Store, appId: string): EmulatorApp | undefined {
  const app = store.app(appId);
  return app?.archivedAt === undefined ? app : undefined;
}

/** findFunctionInApp (`pkg/devserver/function_provider.go`): the id first, then the slug; archived apps have none. */
export function findFunction(store: Store, appId: string, functionId: string): EmulatorFunction | undefined {
  const fns = activeApp(store, appId)?.functions ?? [];
  return fns.find((fn) => fn.id === functionId) ?? fns.find((fn) => functionSlug(fn) === functionId);
}

function listFunctions(ctx: RouteContext): Response {
  const limit = readLimit(ctx, 100);
  const cursor = one(ctx, "cursor") ?? "";
  if (cursor !== "" && !UUID.test(cursor)) throw new V2Error(400, "invalid_field_format", "Cursor is invalid");
  const app = activeApp(ctx.store, ctx.params["appId"] ?? "");
  // Paged by internal id, as the SQL behind GetFunctionsByApp pages: the cursor is the last function's UUID.
  const fns = [...(app?.functions ?? [])]
    .sort((a, b) => (a.internalId < b.internalId ? -1 : 1))
    .filter((fn) => cursor === "" || fn.internalId > cursor.toLowerCase());
  const items = fns.slice(0, limit);
  const hasMore = fns.length > limit;
  const last = items.at(-1);
  const page: V2Page = { hasMore, limit, ...(hasMore && last && { cursor: last.internalId }) };
  return v2.ok(app ? items.map((fn) => toV2Function(fn, app)) : [], ctx.now, page);
}

function getFunction(ctx: RouteContext): Response {
  const { appId = "", functionId = "" } = ctx.params;
  const fn = findFunction(ctx.store, appId, functionId);
  const app = activeApp(ctx.store, appId);
  if (!fn || !app) throw new V2Error(404, "not_found", "Function not found");
  return v2.ok(toV2Function(fn, app), ctx.now);
}

/**
 * InvokeFunction: an `inngest/function.invoked` event, then a run. A reused `idempotencyKey` answers 409 with the
 * first run's id in the usual body (the handler sets the status through `x-http-code`); flow control answers 422.
 */
function invoke(ctx: RouteContext): Response {
  const body = readGatewayBody(ctx.body, INVOKE_REQUEST) as { data?: Record<string, unknown>; idempotencyKey?: string };
  const { appId = "", functionId = "" } = ctx.params;
  if (body.data === undefined) throw new V2Error(400, "missing_field", "Input data is required");
  const fn = findFunction(ctx.store, appId, functionId);
  if (!fn) throw new V2Error(404, "not_found", "Function not found");
  const blocked = ctx.store.flowControl(fn);
  if (blocked === "skipped") {
    throw new V2Error(422, "function_skipped", "Function invocation was skipped because the function is paused or draining.");
  }
  if (blocked === "debounced") throw new V2Error(422, "function_debounced", "Function invocation was debounced.");
  if (blocked === "rate_limited") {
    throw new V2Error(422, "rate_limited", "Function execution rate limit exceeded. Please try again later.");
  }
  const eventId = randomUlid(ctx.now);
  const runId = randomUlid(ctx.now);
  const existing = body.idempotencyKey === undefined ? undefined : ctx.store.claimInvokeKey(fn, body.idempotencyKey, runId);
  // event.InngestMetadata's JSON (`pkg/event/invoke.go`). `invoke_idempotency` (omitempty) is there only when an
  // idempotencyKey was given: InvokeFunction hashes the key alone, `if req.IdempotencyKey != nil`
  // (`pkg/api/v2/endpoints_function.go`; watched: a keyless invoke's event has none). The emulator's hash is 32-bit,
  // in base 36 (at most 7 characters); the server's is a 64-bit xxhash (13 characters, watched): only "the same key,
  // the same value" is modelled.
  const hashed = body.idempotencyKey === undefined ? undefined : hashString(body.idempotencyKey).toString(36);
  const meta = {
    type: "api", source_app_id: "", source_fn_id: "", source_fn_v: 0, fn_id: fn.internalId, expire: 0, gid: "", name: "",
    ...(hashed !== undefined && { invoke_idempotency: hashed }),
  };
  const data = { ...body.data, _inngest: meta };
  const name = "inngest/function.invoked";
  // A reused key still stores its function.invoked event, as InvokeFunction publishes before it schedules; only the
  // run is not made again (issue 17's audit). Nothing can see that event (its id is never answered, no route lists
  // internal events), so no test checks it.
  ctx.store.storeInternalEvent({ id: eventId, name, data, ts: ctx.now, receivedAt: ctx.now });
  if (existing !== undefined) return invoked(409, existing, ctx.now);
  ctx.store.queueRun(fn, { eventIds: [eventId], eventName: name }, { runId, data });
  return invoked(200, runId, ctx.now);
}

function invoked(status: number, runId: string, now: number): Response {
  return json(status, sortKeys({ data: { runId }, metadata: { fetchedAt: protoTime(now) } }));
}

// InvokeFunctionRequest (`proto/api/v2/service.proto`); the path's app and function ids win over the body's.
const INVOKE_REQUEST: GatewayMessage = {
  fields: [
    { json: "functionId", proto: "function_id", kind: "string" },
    { json: "data", proto: "data", kind: "struct" },
    { json: "idempotencyKey", proto: "idempotency_key", kind: "string" },
    { json: "appId", proto: "app_id", kind: "string" },
  ],
};

/** apiv2.Function (toFunction): protojson, with optional fields that are set kept even when false. */
export function toV2Function(fn: EmulatorFunction, app: EmulatorApp): Record<string, unknown> {
  const configuration = {
    retries: { value: fn.retries, isDefault: fn.retries === 4 },
    concurrency:
      fn.concurrency.length > 0
        ? fn.concurrency.map((c) => ({
            scope: c.scope ?? "FUNCTION",
            limit: { value: c.limit, isPlanLimit: c.limit === PLAN_CONCURRENCY },
            ...(c.key !== undefined && { key: c.key }),
          }))
        : [{ scope: "ACCOUNT", limit: { value: PLAN_CONCURRENCY, isPlanLimit: true } }],
    ...(fn.rateLimit && { rateLimit: { limit: fn.rateLimit.limit, period: fn.rateLimit.period, ...keyOf(fn.rateLimit) } }),
    ...(fn.debounce && { debounce: { period: fn.debounce.period, ...keyOf(fn.debounce) } }),
  };
  return {
    id: fn.id,
    name: fn.name,
    slug: fn.id,
    ...(fn.paused && { isPaused: true }),
    ...(app.archivedAt !== undefined && { isArchived: true }),
    app: { id: app.id },
    ...((fn.event !== undefined || fn.cron !== undefined) && {
      triggers: [
        ...(fn.event !== undefined ? [{ type: "EVENT", value: fn.event }] : []),
        ...(fn.cron !== undefined ? [{ type: "CRON", value: fn.cron }] : []),
      ],
    }),
    configuration,
  };
}

function keyOf(config: { key?: string }): { key?: string } {
  return config.key === undefined ? {} : { key: config.key };
}
