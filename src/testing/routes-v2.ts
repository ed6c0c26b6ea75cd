/**
 * REST v2 beta (`pkg/api/v2`, served under `/v2` and `/api/v2`): protojson (camelCase, enum names without prefix,
 * int64 as strings, zero values omitted), `{ data, metadata: { fetchedAt }, page? }` and `{ errors: [...] }`.
 */

import { isUlid, ZERO_ULID } from "./ids.js";
import { protoTime, v2, type V2Page } from "./respond.js";
import type { Route, RouteContext } from "./router.js";
import { all, type GatewayMessage, handle, isRecord, one, readBool, readGatewayBody, readLimit, readTime, V2Error } from "./v2-request.js";
import { ENDED, type RunRecord, type Store } from "./store.js";
import type { EmulatorApp, EmulatorRunStatus } from "./types.js";

export const v2Routes: readonly Route[] = [
  { method: "GET", pattern: "/v2/runs", handler: handle(listRuns) },
  { method: "GET", pattern: "/v2/runs/:runId", handler: handle(getRun) },
  { method: "POST", pattern: "/v2/runs/:runId/cancel", handler: handle(cancelRun) },
  { method: "POST", pattern: "/v2/runs/:runId/rerun", handler: handle(rerun) },
  { method: "GET", pattern: "/v2/events/:eventId/runs", handler: handle(listEventRuns) },
  { method: "GET", pattern: "/v2/apps", handler: handle(listApps) },
  { method: "GET", pattern: "/v2/apps/:appId", handler: handle(getApp) },
  { method: "GET", pattern: "/v2/apps/:appId/functions/:functionId/runs", handler: handle(listFunctionRuns) },
];

const STATUSES: ReadonlySet<string> = new Set<EmulatorRunStatus>([
  "QUEUED",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
]);
const TIME_FIELDS = { QUEUEDAT: "queuedAt", STARTEDAT: "startedAt", ENDEDAT: "endedAt" } as const;
type TimeField = (typeof TIME_FIELDS)[keyof typeof TIME_FIELDS];

function listRuns(ctx: RouteContext): Response {
  const appIds = new Set(all(ctx, "appId", "app_id"));
  const functionIds = new Set(all(ctx, "functionId", "function_id"));
  readLimit(ctx, 100); // grpc-gateway parses every query parameter before the handler checks anything
  readBool(ctx, "includeOutput", "include_output");
  if (functionIds.size > 0 && appIds.size === 0) {
    // listRunsOpts (`pkg/api/v2/endpoints_runs.go`): function slugs are only unique within an app.
    throw new V2Error(400, "invalid_field_format", "appId is required when filtering by functionId");
  }
  return pageOfRuns(ctx, 100, (run) =>
    (appIds.size === 0 || appIds.has(run.appId)) && (functionIds.size === 0 || functionIds.has(run.functionId)),
  );
}

function listFunctionRuns(ctx: RouteContext): Response {
  const { appId = "", functionId = "" } = ctx.params;
  return pageOfRuns(ctx, 100, (run) => run.appId === appId && run.functionId === functionId);
}

function listEventRuns(ctx: RouteContext): Response {
  const id = (ctx.params["eventId"] ?? "").toUpperCase();
  if (!isUlid(id)) throw new V2Error(400, "invalid_field_format", "Event ID must be a valid ULID");
  // Only cursor, limit and includeOutput: every other filter is ignored (watched: `?status=FAILED` still lists a
  // completed run).
  return pageOfRuns(ctx, 40, (run) => run.eventIds.includes(id), false);
}

/**
 * One page of the runs `keep` accepts, after the common filters (`status`, `from`/`until` on `timeField`), in
 * `order` (default DESC) on (time, id). The cursor is opaque: URL-safe base64 of the last run's (time, id), so a
 * page stays stable while new runs arrive.
 */
function pageOfRuns(ctx: RouteContext, maxLimit: number, keep: (run: RunRecord) => boolean, filters = true): Response {
  const limit = readLimit(ctx, maxLimit);
  const statuses = new Set(
    (filters ? all(ctx, "status") : []).map((s) => {
      const status = s.trim().toUpperCase();
      if (!STATUSES.has(status)) throw new V2Error(400, "invalid_field_format", "Status is invalid");
      return status;
    }),
  );
  // An empty timeField= or order= is the default, as an absent one (issue 17's audit).
  const param = (...names: string[]) => (filters ? (one(ctx, ...names) ?? "").trim().toUpperCase() : "");
  const timeFieldParam = (param("timeField", "time_field") || "QUEUEDAT").replace("_", "");
  const timeField: TimeField | undefined = TIME_FIELDS[timeFieldParam as keyof typeof TIME_FIELDS];
  if (!timeField) throw new V2Error(400, "invalid_field_format", "timeField is invalid");
  const order = param("order") || "DESC";
  if (order !== "ASC" && order !== "DESC") throw new V2Error(400, "invalid_field_format", "order is invalid");
  const from = filters ? readTime(ctx, "from") : undefined;
  const until = filters ? readTime(ctx, "until") : undefined;
  if (from !== undefined && until !== undefined && from >= until) {
    throw new V2Error(400, "invalid_field_format", "from must be before until");
  }
  const includeOutput = readBool(ctx, "includeOutput", "include_output") ?? false;
  const cursor = readRunCursor(one(ctx, "cursor"));

  const sign = order === "DESC" ? -1 : 1;
  const compare = (a: [number, string], b: [number, string]): number =>
    sign * (a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const keyed = ctx.store
    .runsNewestFirst()
    .filter((run) => keep(run) && (statuses.size === 0 || statuses.has(run.status)))
    .flatMap((run) => {
      // v2 gives every run a start (a queued run's is its queue time), so STARTED_AT lists queued runs too.
      const time = timeField === "startedAt" ? (run.startedAt ?? run.queuedAt) : run[timeField];
      if (time === undefined) return [];
      // `until` is inclusive: `start_time <= until` (service.proto: "Inclusive end").
      if ((from !== undefined && time < from) || (until !== undefined && time > until)) return [];
      return [{ run, key: [time, run.id] as [number, string] }];
    })
    .sort((a, b) => compare(a.key, b.key))
    .filter((item) => cursor === undefined || compare(item.key, cursor) > 0);

  const items = keyed.slice(0, limit);
  const last = items.at(-1);
  const hasMore = keyed.length > limit;
  const page: V2Page = { hasMore, limit, ...(hasMore && last && { cursor: encodeCursor(last.key) }) };
  const timeRange =
    from !== undefined && until !== undefined
      ? { timeRange: { from: protoTime(from), until: protoTime(until) } }
      : undefined;
  return v2.ok(
    items.map(({ run }) => toV2Run(run, ctx.store, includeOutput, true)),
    ctx.now,
    page,
    timeRange,
  );
}

function getRun(ctx: RouteContext): Response {
  const run = findRun(ctx);
  return v2.ok(toV2Run(run, ctx.store, readBool(ctx, "includeOutput", "include_output") ?? false), ctx.now);
}

function cancelRun(ctx: RouteContext): Response {
  const run = findRun(ctx);
  if (run.status === "CANCELLED") throw new V2Error(409, "run_already_cancelled", "Run is already cancelled");
  if (ENDED.has(run.status)) throw new V2Error(409, "run_already_ended", "Cannot cancel an ended run");
  ctx.store.update(run, { status: "CANCELLED" });
  return v2.ok({ runId: run.id }, ctx.now);
}

// RerunRequest and RerunFromStep (`proto/api/v2/service.proto`); the path's run id wins over the body's.
const RERUN_REQUEST: GatewayMessage = {
  fields: [
    { json: "runId", proto: "run_id", kind: "string" },
    {
      json: "fromStep",
      proto: "from_step",
      kind: { fields: [{ json: "stepId", proto: "step_id", kind: "string" }, { json: "input", proto: "input", kind: "list" }] },
    },
  ],
};

function rerun(ctx: RouteContext): Response {
  // The body is decoded before the run is looked up (watched: `{` for a missing run is 400 "unexpected EOF"), and
  // Rerun checks the run id's form and `fromStep` before it looks (`pkg/api/v2/endpoints_runs.go`; watched:
  // `{"fromStep":{}}` for a missing run is 400 "Step ID is required").
  const body = readGatewayBody(ctx.body, RERUN_REQUEST) as { fromStep?: { stepId?: string } };
  if (!isUlid(ctx.params["runId"] ?? "")) throw new V2Error(400, "invalid_field_format", "Run ID must be a valid ULID");
  const stepId = body.fromStep?.stepId;
  if (body.fromStep !== undefined && (stepId === undefined || stepId === "")) {
    throw new V2Error(400, "missing_field", "Step ID is required");
  }
  const run = findRun(ctx);
  if (stepId !== undefined) {
    // The executor replays the original run's steps up to this one (ErrRerunStepNotFound, ErrRerunStepAmbiguous).
    const matches = run.steps.filter((step) => step.id === stepId || step.name === stepId);
    if (matches.length === 0) throw new V2Error(400, "invalid_request", "Step not found in original run");
    if (matches.length > 1) throw new V2Error(400, "invalid_request", "Step name matches multiple steps in original run");
  }
  // The dev server reruns cron runs too, with their scheduled.timer event (issue 17's audit).
  const fn = ctx.store.fn(run.functionId);
  if (!fn) throw new V2Error(404, "not_found", "Function not found");
  const copy = ctx.store.queueRun(fn, {
    // The rerun is scheduled with the first event only (`pkg/devserver/run_provider.go`, Rerun).
    eventIds: run.eventIds.slice(0, 1),
    // A rerun of a rerun points at the first run (`pkg/devserver/run_provider.go`, Rerun).
    originalRunId: run.originalRunId ?? run.id,
    ...(run.eventName !== undefined && { eventName: run.eventName }),
    ...(run.batchId !== undefined && { batchId: run.batchId }),
    ...(run.cron !== undefined && { cron: run.cron }),
  }, { data: ctx.store.event(run.eventIds[0] ?? "")?.data ?? {} });
  return v2.ok({ runId: copy.id }, ctx.now);
}

function listApps(ctx: RouteContext): Response {
  const limit = readLimit(ctx, 100);
  const archived = readBool(ctx, "archived") ?? false;
  // Ordered and paged by internal id (`pkg/db/sqlite/sqlc/queries.sql`), not by creation time.
  const apps = ctx.store
    .apps()
    .filter((app) => (app.archivedAt !== undefined) === archived)
    .sort((a, b) => (a.internalId < b.internalId ? -1 : a.internalId > b.internalId ? 1 : 0));
  // Like the server, the cursor is the last app's internal UUID.
  const cursor = one(ctx, "cursor");
  let start = 0;
  if (cursor !== undefined && cursor !== "") {
    const index = apps.findIndex((app) => app.internalId === cursor.toLowerCase());
    if (index === -1) throw new V2Error(400, "invalid_field_format", "Cursor is invalid");
    start = index + 1;
  }
  const items = apps.slice(start, start + limit);
  const hasMore = apps.length > start + limit;
  const last = items.at(-1);
  const page: V2Page = { hasMore, limit, ...(hasMore && last && { cursor: last.internalId }) };
  return v2.ok(items.map(toV2App), ctx.now, page);
}

function getApp(ctx: RouteContext): Response {
  const id = ctx.params["appId"] ?? "";
  // GetApp (`pkg/devserver/app_provider.go`) tries the internal UUID first (GetAppByID), then the app id
  // (GetAppByName). Only the lookup by name hides an archived app: `GetAppByName` has `archived_at IS NULL`,
  // `GetAppByID` (`SELECT * FROM apps WHERE id = ? LIMIT 1`) has not (`pkg/db/sqlite/sqlc/queries.sql`). Read, not
  // watched: no API archives an app on the dev server.
  const byId = ctx.store.apps().find((a) => a.internalId === id.toLowerCase());
  const byName = ctx.store.app(id);
  const app = byId ?? (byName?.archivedAt === undefined ? byName : undefined);
  if (!app) throw new V2Error(404, "not_found", "App not found");
  return v2.ok(toV2App(app), ctx.now);
}

/**
 * apiv2.FunctionRun (toAPIRunListItem, toFunctionRun in `pkg/api/v2/endpoints_runs.go`): `startedAt` is always set
 * (a queued run's root span starts when it is queued), `trigger.eventIds` always holds exactly the first event id
 * (the zero ULID when none), and there is no event name. `output` only with `includeOutput`; a non-object output is
 * wrapped as `{ data }` (jsonToStruct); `inList`, a failed run's error as `{ error }`.
 */
function toV2Run(run: RunRecord, store: Store, includeOutput: boolean, inList = false): Record<string, unknown> {
  const fn = store.fn(run.functionId);
  // Watched on the dev server: every list of runs wraps a failed run's error as `{ error }`; GET /v2/runs/{id}
  // answers it bare.
  const output = inList && run.status === "FAILED" && run.output !== undefined ? { error: run.output } : run.output;
  const startedAt = run.startedAt ?? run.queuedAt;
  const ended = ENDED.has(run.status) && run.endedAt !== undefined;
  return {
    id: run.id,
    function: { id: run.functionId, name: fn?.name ?? run.functionId },
    app: { id: run.appId },
    status: run.status,
    queuedAt: protoTime(run.queuedAt),
    startedAt: protoTime(startedAt),
    ...(ended && { endedAt: protoTime(run.endedAt ?? 0) }),
    // uint64, so a string in protojson.
    ...(ended && { durationMs: String(Math.max(0, (run.endedAt ?? 0) - startedAt)) }),
    trigger: {
      eventIds: [run.eventIds[0] ?? ZERO_ULID],
      ...(run.batchId !== undefined && { isBatch: true, batchId: run.batchId }),
      ...(run.cron !== undefined && { cronSchedule: run.cron }),
    },
    ...(includeOutput && output !== undefined && { output: isRecord(output) ? output : { data: output } }),
  };
}

/** apiv2.App. protojson omits `isArchived: false` and `functionCount: 0`. */
function toV2App(app: EmulatorApp): Record<string, unknown> {
  const sync = app.latestSync;
  return {
    id: app.id,
    name: app.name,
    method: app.method,
    ...(app.appVersion !== undefined && { appVersion: app.appVersion }),
    createdAt: protoTime(app.createdAt),
    ...(app.archivedAt !== undefined && { isArchived: true, archivedAt: protoTime(app.archivedAt) }),
    ...(app.functions.length > 0 && { functionCount: app.functions.length }),
    // The dev server's sync has no status and no time (watched; issue 17's audit): only what the SDK reported.
    latestSync: {
      sdkLanguage: sync.sdkLanguage,
      sdkVersion: sync.sdkVersion,
      ...(sync.framework !== undefined && { framework: sync.framework }),
      ...(sync.url !== undefined && { url: sync.url }),
    },
  };
}

function findRun(ctx: RouteContext): RunRecord {
  const id = ctx.params["runId"] ?? "";
  if (!isUlid(id)) throw new V2Error(400, "invalid_field_format", "Run ID must be a valid ULID");
  const run = ctx.store.run(id);
  if (!run) throw new V2Error(404, "not_found", "Run not found");
  return run;
}

function encodeCursor(key: [number, string]): string {
  return btoa(JSON.stringify(key)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function readRunCursor(value: string | undefined): [number, string] | undefined {
  if (value === undefined || value === "") return undefined;
  try {
    const key: unknown = JSON.parse(atob(value.replace(/-/g, "+").replace(/_/g, "/")));
    if (Array.isArray(key) && typeof key[0] === "number" && typeof key[1] === "string" && isUlid(key[1])) {
      return [key[0], key[1]];
    }
  } catch {
    // Falls through to the error below.
  }
  throw new V2Error(400, "invalid_field_format", "Cursor is invalid");
}


