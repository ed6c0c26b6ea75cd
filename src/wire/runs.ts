/**
 * Run and job shapes as the API sends them (v2 camelCase protojson runs, v1 snake_case jobs),
 * and the normalisers to {@link Run} and {@link RunJob}. Schemas are tolerant: unknown fields are dropped,
 * protojson's omitted zero values are optional, and statuses are kept even when new.
 * @module
 */
import * as z from "zod/mini";
import { envelope, isObject, isText, orNull, pageEnvelope, quickPage, text, timeOrNull, uint64 } from "./common.js";

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
  /** Lowercase status; see {@link RunStatus}. */
  status: RunStatus;
  /** The function's id: its slug without the app prefix, as `functions.get` and `functions.invoke` take it. */
  functionId: string | null;
  /** The function's name. */
  functionName: string | null;
  /** The app's id. */
  appId: string | null;
  /** The first event that triggered the run (internal event id), or `null` (cron, invoke). */
  eventId: string | null;
  /** Every triggering event id (several for a batch). */
  eventIds: string[];
  /** The triggering event's name, when the route sends it (Inngest's handlers at 253303cd do not). */
  eventName: string | null;
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
  /** When it started, or `null` before it has. */
  startedAt: string | null;
  /** `null` while the run has not ended. */
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
      eventName: text,
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



const ZERO_ULID = /^0{26}$/;
const STATUS: Record<string, string> = { scheduled: "queued", unspecified: "unknown" };

/** Lowercases a status and maps v1 `Scheduled` to `queued`. */
export function normaliseStatus(status: string | undefined): RunStatus {
  const lower = (status ?? "unknown").toLowerCase();
  return STATUS[lower] ?? lower;
}





/** A v2 run as the API sends it, checked. */
type V2Run = z.output<typeof v2Run>;

/** The {@link Run} a checked v2 run reads as. */
function runOf(r: V2Run): Run {
  // toFunctionRun always sends `[run.EventID]`, the zero ULID for a run no event triggered.
  const eventIds = (r.trigger?.eventIds ?? []).filter((id) => id && !ZERO_ULID.test(id));
  return {
    id: r.id,
    status: normaliseStatus(r.status),
    functionId: orNull(r.function?.id),
    functionName: orNull(r.function?.name),
    appId: orNull(r.app?.id ?? r.function?.app?.id),
    eventId: eventIds[0] ?? null,
    eventIds,
    eventName: orNull(r.trigger?.eventName),
    batchId: orNull(r.trigger?.batchId),
    cron: orNull(r.trigger?.cronSchedule),
    originalRunId: null,
    queuedAt: timeOrNull(r.queuedAt),
    startedAt: timeOrNull(r.startedAt),
    endedAt: timeOrNull(r.endedAt),
    durationMs: uint64(r.durationMs),
    ...(r.output === undefined ? {} : { output: r.output }),
  };
}

export const v2RunSchema = z.pipe(v2Run, z.transform(runOf));

const isIdObject = (v: unknown) => v === undefined || (isObject(v) && isText(v.id));

/**
 * A v2 run read without zod when it has the shape {@link v2Run} takes, else `undefined` (and zod
 * decides). It must never take what zod refuses: a property test compares the two.
 * @internal
 */
export function quickRun(value: unknown): Run | undefined {
  if (!isObject(value)) return undefined;
  const { id, function: fn, app, status, queuedAt, startedAt, endedAt, durationMs, trigger } = value;
  if (typeof id !== "string" || (status !== undefined && typeof status !== "string")) return undefined;
  if (!isText(queuedAt) || !isText(startedAt) || !isText(endedAt) || !isIdObject(app)) return undefined;
  if (!(durationMs === undefined || durationMs === null || typeof durationMs === "string" || (typeof durationMs === "number" && Number.isFinite(durationMs)))) return undefined;
  if (fn !== undefined && !(isObject(fn) && isText(fn.id) && isText(fn.name) && isIdObject(fn.app))) return undefined;
  if (trigger !== undefined) {
    if (!(isObject(trigger) && isText(trigger.eventName) && isText(trigger.batchId) && isText(trigger.cronSchedule))) return undefined;
    const ids = trigger.eventIds;
    if (ids !== undefined && !Array.isArray(ids)) return undefined;
    // A loop, not `every`: zod reads a hole in an array too (and refuses it).
    for (let i = 0; ids && i < ids.length; i++) if (typeof ids[i] !== "string") return undefined;
  }
  return runOf(value as V2Run);
}

/** A page of v2 runs (`GET /v2/runs`, `GET /v2/events/{id}/runs`). @internal */
export const v2RunsPage = quickPage(quickRun, pageEnvelope(v2RunSchema));

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
