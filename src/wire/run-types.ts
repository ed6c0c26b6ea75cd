/**
 * What a run is, as this SDK reads it ({@link Run}, {@link RunStatus}, {@link RunJob}), and what
 * REST v2 sends for one ({@link V2Run}). Types only, so every module may import them without
 * loading zod or closing an import cycle: the zod schemas are in `runs.ts`, the normaliser in
 * `run-of.ts`.
 * @module
 */

/**
 * A run's status, lowercase. v1's `"Scheduled"` and v2's `"QUEUED"` both read `"queued"`; a
 * status this SDK does not know yet (v1 `"Skipped"`, `"Overflowed"`) is kept, lowercased.
 */
export type RunStatus = "queued" | "running" | "completed" | "failed" | "cancelled" | (string & {});

/**
 * A function run, as REST v2 sends it (`GET /v2/runs`, `GET /v2/runs/{runId}`,
 * `GET /v2/events/{eventId}/runs`). Times are RFC 3339 strings.
 */
export interface Run {
  /** Run id (a ULID). */
  id: string;
  /**
   * Lowercase status; see {@link RunStatus}. `completed`, `failed` and `cancelled` mean the run
   * has ended, and then {@link Run.endedAt} is set: the SDK reads a run the server calls ended
   * without giving its end as `running` (the dev server's `GET /v2/runs/{id}` says `COMPLETED`
   * a moment before the end of a `step.sleep` or `step.waitForSignal` is written, while
   * `GET /v2/runs` still says `RUNNING`).
   */
  status: RunStatus;
  /** The function's id: its slug without the app prefix, as `functions.get` and `functions.invoke` take it. */
  functionId: string | null;
  /** The function's name. */
  functionName: string | null;
  /** The app's id. */
  appId: string | null;
  /**
   * The first event that triggered the run (internal event id). Every run has one: an invoked
   * run's is its `inngest/function.invoked` event, a cron run's its `inngest/scheduled.timer`
   * event (seen on the real dev server; `toFunctionRun` sends `run.EventID`). `null` only when the
   * server sends none or the zero id. Read the event with `events.get(run.eventId)`.
   */
  eventId: string | null;
  /** Every triggering event id (several for a batch). */
  eventIds: string[];
  /** The batch the run processed, for batched functions. */
  batchId: string | null;
  /** Cron schedule, for a scheduled run. */
  cron: string | null;
  /**
   * The run this one replays. Only v1 sent it, and no method reads v1 runs since `runs.get`
   * moved to v2: always `null`.
   * @deprecated Kept so 0.1.0 code compiles; it will be removed.
   */
  originalRunId: string | null;
  /** When it was queued. */
  queuedAt: string | null;
  /**
   * When it started. The dev server always sends it (the start of the run's root span, also for a
   * queued run); Inngest Cloud sends Go's zero time before a run starts, read as `null`.
   */
  startedAt: string | null;
  /** When the run ended; `null` while it has not (and then `status` is never an ended one). */
  endedAt: string | null;
  /** How long it ran, in milliseconds, once it has ended (the wire sends a uint64 as a string). */
  durationMs: number | null;
  /**
   * The function's return value, when asked for (`runs.get` asks by default). v2 sends it as a
   * protobuf `Struct`, so a value that is not an object arrives wrapped as `{ data: value }`
   * (`jsonToStruct`, pkg/api/v2/endpoints_runs.go); `undefined` when the server sent none.
   */
  output?: unknown;
}

/**
 * One of a run's pending queue items, from `runs.jobs` (v1 `Job`: PascalCase `JobID`/`Raw` quirk
 * included). Not a step history: a step that has run is no longer queued. See `runs.trace`.
 */
export interface RunJob {
  /** The queue job's id (v1 sends it as PascalCase `JobID`). */
  id: string | null;
  /** When the job is scheduled to run (RFC 3339). */
  at: string | null;
  /** Position in the function's queue. */
  position: number | null;
  /** What the job does, e.g. `"start"`, `"edge"`, `"sleep"`. */
  kind: string | null;
  /** Which attempt this is, from 0. */
  attempt: number;
  /** The queue item as the server stores it. */
  raw: unknown;
}

/**
 * A v2 run as the API sends it (`apiv2.FunctionRun`, protojson: camelCase, zero values omitted),
 * once checked by `v2RunSchema` (`runs.ts`, which is held to this type) or by `quickRun`.
 * @internal
 */
export interface V2Run {
  id: string;
  function?: { id?: string | null | undefined; name?: string | null | undefined; app?: { id?: string | null | undefined } | undefined } | undefined;
  app?: { id?: string | null | undefined } | undefined;
  status?: string | undefined;
  queuedAt?: string | null | undefined;
  startedAt?: string | null | undefined;
  endedAt?: string | null | undefined;
  durationMs?: string | number | null | undefined;
  trigger?: { eventIds?: string[] | undefined; batchId?: string | null | undefined; cronSchedule?: string | null | undefined } | undefined;
  output?: unknown;
}
