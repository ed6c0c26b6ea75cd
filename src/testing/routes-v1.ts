/** REST v1 (`pkg/api/apiv1`): snake_case, `{ data, metadata: { fetched_at } }`, and its quirks kept. */

import { isUlid, ZERO_ULID, ZERO_UUID } from "./ids.js";
import { goTime, raw, v1 } from "./respond.js";
import type { Route, RouteContext } from "./router.js";
import { ENDED, type RunRecord, type Store } from "./store.js";
import type { EmulatorEvent, EmulatorRunStatus } from "./types.js";

// The dev server stores events with zero account and workspace ids (watched on it: `GET /v1/events/{id}`).

// cqrs.FunctionRun's status is only set from a function_finishes row (`pkg/cqrs/manager/cqrs.go`, toCQRSRun), so a
// run that has not ended reads as the zero value, "Running", queued or not.
const V1_STATUS: Record<EmulatorRunStatus, string> = {
  QUEUED: "Running",
  RUNNING: "Running",
  COMPLETED: "Completed",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};

// GET /v1/events/{id}/runs takes each run's status from its root span instead (`pkg/api/apiv1/events.go`):
// a queued span maps to "Scheduled" (enums.StepStatusToRunStatus).
const SPAN_STATUS: Record<EmulatorRunStatus, string> = { ...V1_STATUS, QUEUED: "Scheduled" };

// Cache periods the handlers pass to WriteCachedResponse, in seconds.
const CACHE = { run: 3, jobs: 5, event: 5, eventRuns: 15 } as const;

export const v1Routes: readonly Route[] = [
  { method: "GET", pattern: "/v1/runs/:runId", handler: getRun },
  { method: "DELETE", pattern: "/v1/runs/:runId", handler: cancelRun },
  { method: "GET", pattern: "/v1/runs/:runId/jobs", handler: getJobs },
  { method: "GET", pattern: "/v1/events/:eventId", handler: getEvent },
  { method: "GET", pattern: "/v1/events/:eventId/runs", handler: getEventRuns },
];

function getRun(ctx: RouteContext): Response {
  const id = ctx.params["runId"] ?? "";
  if (!isUlid(id)) return v1.error(400, `Invalid run ID: ${id}`);
  const run = ctx.store.run(id);
  // Any lookup failure, not found included, is a 500 on v1.
  if (!run) return v1.error(500, `Unable to load function run: ${id}`);
  return v1.ok(toV1Run(run, ctx.store), ctx.now, CACHE.run);
}

function cancelRun(ctx: RouteContext): Response {
  const id = ctx.params["runId"] ?? "";
  if (!isUlid(id)) return v1.error(400, `Invalid run ID: ${id}`);
  const run = ctx.store.run(id);
  if (!run) return v1.error(404, `Unable to load function run: ${id}`);
  // executor.Cancel returns nil once an ended run's state is gone (`pkg/execution/executor/executor.go`), so
  // cancelling an ended run answers like a cancel and changes nothing.
  if (!ENDED.has(run.status)) ctx.store.update(run, { status: "CANCELLED" });
  // The handler writes nothing on success: 200, a JSON content type, and an empty body.
  return raw(200, "", { "content-type": "application/json" });
}

function getJobs(ctx: RouteContext): Response {
  const id = ctx.params["runId"] ?? "";
  if (!isUlid(id)) return v1.error(400, `Invalid run ID: ${id}`);
  const run = ctx.store.run(id);
  if (!run) return v1.error(500, `Unable to load function run: ${id}`);
  // queue.JobResponse: JobID and Raw have no JSON tags, so they stay PascalCase. At most 10 jobs, and only the
  // pending queue items: a run that has ended has none.
  const pending = ENDED.has(run.status) ? [] : run.jobs;
  const jobs = [...pending]
    .sort((a, b) => a.position - b.position)
    .slice(0, 10)
    .map((job) => ({
      JobID: job.id,
      at: goTime(job.at),
      position: job.position,
      kind: job.kind,
      attempt: job.attempt,
      Raw: job.raw,
    }));
  return v1.ok(jobs, ctx.now, CACHE.jobs);
}

function getEvent(ctx: RouteContext): Response {
  const id = ctx.params["eventId"] ?? "";
  if (!isUlid(id)) return v1.error(400, `Invalid event ID: ${id}`);
  const event = ctx.store.event(id);
  if (!event) return v1.error(404, "Event not found");
  return v1.ok(toV1Event(event, ctx.store), ctx.now, CACHE.event);
}

function getEventRuns(ctx: RouteContext): Response {
  const id = ctx.params["eventId"] ?? "";
  if (!isUlid(id)) return v1.error(400, `Invalid event ID: ${id}`);
  // function_runs.event_id holds a run's first event only.
  const runs = ctx.store.listRuns({ eventId: id }).filter((run) => run.eventIds[0] === id.toUpperCase()).reverse();
  const data = runs.map((run) => ({ ...toV1Run(run, ctx.store), status: SPAN_STATUS[run.status] }));
  return v1.ok(data, ctx.now, CACHE.eventRuns);
}

/** cqrs.FunctionRun. */
export function toV1Run(run: RunRecord, store: Store): Record<string, unknown> {
  const fn = store.fn(run.functionId);
  return {
    run_id: run.id,
    run_started_at: goTime(run.startedAt ?? run.queuedAt),
    function_id: fn?.internalId ?? "",
    function_version: fn?.version ?? 1,
    environment_id: store.environmentId,
    // Not a pointer in Go: runs no event triggered (cron) carry the zero ULID.
    event_id: run.eventIds[0] ?? ZERO_ULID,
    ...(run.batchId !== undefined && { batch_id: run.batchId }),
    ...(run.originalRunId !== undefined && { original_run_id: run.originalRunId }),
    ...(run.cron !== undefined && { cron: run.cron }),
    status: V1_STATUS[run.status],
    ended_at: ENDED.has(run.status) && run.endedAt !== undefined ? goTime(run.endedAt) : null,
    // Output comes from the finish row, which the history driver writes as "{}" when the run returned nothing.
    ...(ENDED.has(run.status) && { output: run.output === undefined ? {} : run.output }),
  };
}

/** cqrs.Event, with its real snake_case keys (the OpenAPI spec's camelCase is stale). */
export function toV1Event(event: EmulatorEvent, _store: Store): Record<string, unknown> {
  return {
    internal_id: event.id,
    account_id: ZERO_UUID,
    environment_id: ZERO_UUID,
    // The dev server records no source for an event posted with a key (watched on it: "").
    source: "",
    source_id: null,
    received_at: goTime(event.receivedAt),
    // An event sent without an `id` is stored with its internal id as its `id` (watched on the dev server).
    id: event.idempotencyKey ?? event.id,
    name: event.name,
    data: event.data,
    // omitempty: an empty user map, a zero ts and an empty v are left out.
    ...(event.user !== undefined && Object.keys(event.user).length > 0 && { user: event.user }),
    ...(event.ts !== 0 && { ts: event.ts }),
    ...(event.v !== undefined && event.v !== "" && { v: event.v }),
  };
}
