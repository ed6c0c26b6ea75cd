/**
 * Run and job shapes as the API sends them (v2 camelCase protojson runs, v1 snake_case jobs),
 * and the normalisers to {@link Run} and {@link RunJob}. Schemas are tolerant: unknown fields are dropped,
 * protojson's omitted zero values are optional, and statuses are kept even when new. The
 * schemas here load zod: resources reach them only through `loadSchemas` (`load.ts`), and read
 * the usual page of runs without them (`quick-run.ts`).
 * @module
 */
import * as z from "zod/mini";
import { envelope, pageEnvelope, text } from "./common.js";
import { orNull } from "./read.js";
import { runOf } from "./quick-run.js";

export { normaliseStatus, quickRun } from "./quick-run.js";

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


const v2Run = z.object({
  id: z.string(),
  function: z.optional(z.object({ id: text, name: text, app: z.optional(z.object({ id: text })) })),
  app: z.optional(z.object({ id: text })),
  status: z.optional(z.string()),
  queuedAt: text,
  startedAt: text,
  endedAt: text,
  durationMs: z.optional(z.nullable(z.union([z.string(), z.number()]))),
  trigger: z.optional(
    z.object({
      eventIds: z.optional(z.array(z.string())),
      batchId: text,
      cronSchedule: text,
    }),
  ),
  output: z.optional(z.unknown()),
});

const v1Job = z.object({
  JobID: text,
  id: text,
  at: text,
  position: z.optional(z.nullable(z.number())),
  kind: text,
  attempt: z.optional(z.nullable(z.number())),
  Raw: z.optional(z.unknown()),
  raw: z.optional(z.unknown()),
});



/** A v2 run as the API sends it, checked. */
export type V2Run = z.output<typeof v2Run>;

export const v2RunSchema = z.pipe(v2Run, z.transform(runOf));

/**
 * A page of v2 runs read by zod: where `runsPage` (quick-run.ts) sends a page its quick reader did
 * not take, once the schemas are loaded. The property test holds the quick reader to it.
 * @internal
 */
export const v2RunsPage = pageEnvelope(v2RunSchema);

export const v1JobSchema = z.pipe(
  v1Job,
  z.transform(
    (j): RunJob => ({
      id: orNull(j.JobID ?? j.id),
      at: orNull(j.at),
      position: j.position ?? null,
      kind: orNull(j.kind),
      attempt: j.attempt ?? 0,
      raw: j.Raw ?? j.raw ?? null,
    }),
  ),
);

/** v2 rerun answer: `{ data: { runId } }`. */
export const rerunSchema = envelope(z.object({ runId: z.string() }));
