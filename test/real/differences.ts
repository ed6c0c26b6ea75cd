// The accepted differences between the emulator and Inngest's real dev server, each with why the emulator differs
// and where the server does what it does. differential.test.ts fails on a difference not listed here and on a row
// that no longer differs. Paths are `<scenario step> <JSON path>` with array indexes as `[]` (compare.ts).
// Sources are files of inngest/inngest at the dev server's commit (253303cd), or "watched" when seen on it.
import type { Difference } from "./compare.js";

/** One accepted difference. */
export interface AcceptedDifference extends Difference {
  /** Why the emulator answers otherwise. */
  readonly reason: string;
  /** The server's source (inngest/inngest at the dev server's commit) or what was watched on it. */
  readonly source: string;
}

const TIMING =
  "The dev server times each SDK request (HTTP and queue timings) and puts them on the span of the step the request " +
  "ran. The emulator makes no request, so a RUN step has no timing to report (a sleep's or a wait's span gets zeros).";
const OTEL = "A waiting run's queue item carries the OpenTelemetry context of its trace; the emulator keeps no OpenTelemetry trace.";
const BULK =
  "The dev server has no cancellation store: every /v1/cancellations call that passes validation panics and answers " +
  "500 with an empty body. The emulator serves bulk cancellations as Inngest Cloud does, so tests of code that uses " +
  "them can run (the emulator's guide says so).";
const BULK_SOURCE = "pkg/devserver/devserver.go (no CancellationReadWriter for the API); watched: 500, empty body";

export const DIFFERENCES: readonly AcceptedDifference[] = [
  {
    path: "runs of the invokes .ok[]",
    real: "object",
    emulator: "absent",
    reason:
      "The dev server starts one run more per invoke request than its answer says: the invoke schedules a run, and the " +
      "`inngest/function.invoked` event it stores is scheduled again under the event's own id (watched: a first invoke " +
      "made 2 runs, a second under the same key made a 3rd while answering 409 with the first run's id). A dev-server " +
      "defect that nothing documents for Cloud, so the emulator makes the run its answer names and no other.",
    source: "pkg/api/v2/endpoints_function.go InvokeFunction; pkg/execution/runner/runner.go initialize; watched",
  },
  { path: "runs.trace(complete) .ok.root.children[].metadata[]", real: "object", emulator: "absent", reason: TIMING, source: "pkg/execution/state/redis_state (inngest.http.timing, inngest.timing); watched" },
  { path: "runs.trace(fail) .ok.root.children[].children[].metadata[]", real: "object", emulator: "absent", reason: TIMING, source: "watched: on the failed attempt under Finalization" },
  { path: "runs.jobs(wait) .ok[].raw.data.payload.pause.Metadata.sys.trace", real: "object", emulator: "absent", reason: OTEL, source: "pkg/execution/state/pause.go (Metadata); watched" },
  { path: "runs.jobs(wait) .ok[].raw.data.payload.pause.Metadata.user-otel-ctx", real: "string", emulator: "absent", reason: OTEL, source: "pkg/execution/state/pause.go (Metadata); watched" },
  { path: "runs.jobs(wait) .ok[].raw.data.metadata.user-otel-ctx", real: "string", emulator: "absent", reason: OTEL, source: "pkg/execution/queue/item.go (Metadata); watched" },
  { path: "cancellations.create .error", real: "object", emulator: "absent", reason: BULK, source: BULK_SOURCE },
  { path: "cancellations.create .http", real: "statuses [500]", emulator: "statuses [200]", reason: BULK, source: BULK_SOURCE },
  { path: "cancellations.create .ok", real: "absent", emulator: "object", reason: BULK, source: BULK_SOURCE },
  { path: "cancellations.list .error", real: "object", emulator: "absent", reason: BULK, source: BULK_SOURCE },
  { path: "cancellations.list .http", real: "statuses [500]", emulator: "statuses [200]", reason: BULK, source: BULK_SOURCE },
  { path: "cancellations.list .ok", real: "absent", emulator: "array", reason: BULK, source: BULK_SOURCE },
  { path: "cancellations.delete .error", real: "object", emulator: "absent", reason: BULK, source: BULK_SOURCE },
  { path: "cancellations.delete .http", real: "statuses [500]", emulator: "statuses [200]", reason: BULK, source: BULK_SOURCE },
  { path: "cancellations.delete .ok", real: "absent", emulator: "null", reason: BULK, source: BULK_SOURCE },
  {
    path: "wire: GET /v2/events .http",
    real: "statuses [501]",
    emulator: "statuses [404]",
    reason: "The server has POST /v2/events (v2's own event send), so another method on that path is grpc-gateway's 501. The SDK sends through the Event API; the emulator has no v2 send, so the path is unknown to it.",
    source: "proto/api/v2/service.proto (CreateEvent, POST /events); watched: POST answers 400 \"Event name is required\"",
  },
  {
    path: "wire: GET /v2/events .body.errors[].message",
    real: 'string "Method Not Allowed"',
    emulator: 'string "Not Found"',
    reason: "As the row above: the emulator does not serve v2's event send.",
    source: "proto/api/v2/service.proto (CreateEvent)",
  },
];

/**
 * The 17 differences issue 17's audit found between the emulator and the server's source, and what became of each:
 * `fixed` in the emulator (with the emulator test that holds it, and whether the differential scenario watches it
 * on the real server), `row` (listed in DIFFERENCES above), or `kept` (the emulator keeps its behaviour, why).
 */
export const AUDIT: readonly { readonly item: string; readonly outcome: "fixed" | "row" | "kept"; readonly note: string }[] = [
  { item: "archived apps: invoke, get and list their functions", outcome: "fixed", note: "404 / left out (apps.archived_at IS NULL, pkg/db/sqlite/sqlc/queries.sql); test/testing/rest-v2-audit.test.ts. Not watched: the dev server has no way to archive an app over its API." },
  { item: "GET /v2/apps/{id} of an archived app", outcome: "fixed", note: "404 by its name (the same query); found by its internal id, which app_provider.go tries first (`SELECT * FROM apps WHERE id = ?` has no archived filter); test/testing/rest-v2.test.ts. Not watched, as above." },
  { item: "GET /v2/runs `until` is inclusive", outcome: "fixed", note: "start_time <= until (service.proto: \"Inclusive end\"); test/testing/rest-v2-audit.test.ts. The server stores sub-millisecond times, so the edge cannot be hit from a client." },
  { item: "cron runs carry an inngest/scheduled.timer event id", outcome: "fixed", note: "seeded cron runs have one, with the timer event's data ({ cron, fireAt, scheduledAt }) and its fire time as `id`; test/testing/rest-v2.test.ts. Watched by hand on the dev server with a `* * * * *` function; not in the scenario (a minute's schedule does not fit the suite)." },
  { item: "the dev server reruns cron runs", outcome: "fixed", note: "no 501; the rerun keeps the cron schedule and the timer event; test/testing/rest-v2.test.ts. Watched by hand, as above (rerun answered 200)." },
  { item: "GET /v2/apps pages by internal id", outcome: "fixed", note: "ordered and paged by internal id; test/testing/rest-v2.test.ts. The real app is alone on the server, so order is not watched." },
  { item: "isPaused and invoke's 422 function_skipped never happen on the dev server", outcome: "kept", note: "Only a test that seeds `paused: true` sees them: the emulator keeps pausing as a test tool (Cloud pauses functions)." },
  { item: "timeField=STARTED_AT lists queued runs", outcome: "fixed", note: "a queued run's start is its queue time, as v2 reports it; test/testing/rest-v2-audit.test.ts." },
  { item: "an empty timeField= / order= is the default", outcome: "fixed", note: "watched in the scenario (\"wire: empty timeField= and order=\")." },
  { item: "GET /v2/events/{id}/runs takes only cursor, limit, includeOutput", outcome: "fixed", note: "watched in the scenario (\"wire: /v2/events/{id}/runs ignores filters\")." },
  { item: "a reused invoke key still stores the inngest/function.invoked event", outcome: "fixed", note: "stored, as InvokeFunction publishes the event before it schedules (pkg/api/v2/endpoints_function.go), but no test can see it: its id is never answered and no route lists internal events, so nothing checks it. No second run (test/testing/rest-v2-audit.test.ts). The dev server also starts a run from every stored invoke event, a first invoke included (watched): the row `runs of the invokes` above." },
  { item: "rerun decodes its body first and reschedules with the first event only", outcome: "fixed", note: "watched in the scenario (\"wire: rerun decodes its body first\"); first event only: pkg/devserver/run_provider.go." },
  { item: "latestSync has no status/syncedAt (and has appVersion)", outcome: "fixed", note: "watched in the scenario (apps.list, apps.get)." },
  { item: "an empty signal is a 500 \"Failed to receive signal\"", outcome: "fixed", note: "watched in the scenario (\"wire: empty signal\")." },
  { item: "the v1 cache refuses answers over about 1 KB", outcome: "fixed", note: "watched in the scenario (\"wire: v1 cache, large answer\": 1,135 bytes not cached)." },
  { item: "a wrong method on v1 is chi's empty 405 with Allow", outcome: "fixed", note: "watched in the scenario (\"wire: PUT /v1/events/{id}\")." },
  { item: "cancellations look functions up by stored slug across apps; dev account id 00000000-0000-4000-a000-000000000000", outcome: "fixed", note: "the slug is found in any app, under the dev account id, and a bare function id is a 404 as on the dev server (test/testing/rest-v2-audit.test.ts; the CLI's --function-id takes the slug). Bulk cancellations themselves are rows above." },
];
