/**
 * Run and job shapes as the API sends them (v1 snake_case, v2 camelCase protojson), and the
 * normalisers to the one {@link Run} type. Schemas are tolerant: unknown fields are dropped,
 * protojson's omitted zero values are optional, and statuses are kept even when new.
 * @module
 */
import * as z from "zod/mini";

/**
 * A run's status, lowercase. v1's `"Scheduled"` and v2's `"QUEUED"` both read `"queued"`; a
 * status this SDK does not know yet (v1 `"Skipped"`, `"Overflowed"`) is kept, lowercased.
 */
export type RunStatus = "queued" | "running" | "completed" | "failed" | "cancelled" | (string & {});

/** A function run, the same shape whichever API version answered. Times are RFC 3339 strings. */
export interface Run {
  /** Run id (a ULID). */
  id: string;
  /** Lowercase status; see {@link RunStatus}. */
  status: RunStatus;
  /** The function's id: its slug on v2 routes, Inngest's internal UUID on v1 routes. */
  functionId: string | null;
  /** The function's name (v2 routes only). */
  functionName: string | null;
  /** The app's id (v2 routes only). */
  appId: string | null;
  /** The first event that triggered the run (internal event id), or `null` (cron, invoke). */
  eventId: string | null;
  /** Every triggering event id (several for a batch). */
  eventIds: string[];
  /** The triggering event's name (v2 routes only). */
  eventName: string | null;
  /** The batch the run processed, for batched functions. */
  batchId: string | null;
  /** Cron schedule, for a scheduled run. */
  cron: string | null;
  /** The run this one replays, when it is a replay (v1 routes only). */
  originalRunId: string | null;
  /** When it was queued (v2 routes only). */
  queuedAt: string | null;
  /** When it started (v1: when it was scheduled). */
  startedAt: string | null;
  /** `null` while the run has not ended. */
  endedAt: string | null;
  /** How long it ran, in milliseconds (v2 routes only; the wire sends it as a string). */
  durationMs: number | null;
  /** The function's return value, when the route includes it (`runs.get` does). */
  output?: unknown;
}

/** One entry of a run's step history, from `runs.jobs` (v1 `Job`: PascalCase `JobID`/`Raw` quirk included). */
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

/** An optional, nullable string: protojson omits empty strings, v1 sends `null`. @internal */
export const text = z.optional(z.nullable(z.string()));

const v1Run = z.object({
  run_id: z.string(),
  run_started_at: text,
  function_id: text,
  function_version: z.optional(z.nullable(z.number())),
  event_id: text,
  batch_id: text,
  original_run_id: text,
  cron: text,
  status: z.string(),
  ended_at: text,
  output: z.optional(z.unknown()),
});

const v2Run = z.object({
  id: z.string(),
  function: z.optional(z.object({ id: text, name: text, app: z.optional(z.object({ id: text })) })),
  app: z.optional(z.object({ id: text })),
  status: z.optional(z.string()),
  queuedAt: text,
  startedAt: text,
  endedAt: text,
  durationMs: z.optional(z.union([z.string(), z.number()])),
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

/** `{ data: T, metadata: {...} }`: both v1 (`fetched_at`) and v2 (`fetchedAt`); metadata is not needed. */
export const envelope = <T extends z.ZodMiniType>(data: T) => z.object({ data });

/** v2 list envelope with its `page`. */
export const pageEnvelope = <T extends z.ZodMiniType>(item: T) =>
  z.object({
    data: z.nullable(z.optional(z.array(item))),
    page: z.optional(z.object({ cursor: text, hasMore: z.optional(z.boolean()) })),
  });

const ZERO_ULID = /^0{26}$/;
const STATUS: Record<string, string> = { scheduled: "queued", unspecified: "unknown" };

/** Lowercases a status and maps v1 `Scheduled` to `queued`. */
export function normaliseStatus(status: string | undefined): RunStatus {
  const lower = (status ?? "unknown").toLowerCase();
  return STATUS[lower] ?? lower;
}

/** An empty or absent string as `null`. @internal */
export const orNull = (v: string | null | undefined) => (v ? v : null);

export const v1RunSchema = z.pipe(
  v1Run,
  z.transform((r): Run => {
    const eventId = r.event_id && !ZERO_ULID.test(r.event_id) ? r.event_id : null;
    return {
      id: r.run_id,
      status: normaliseStatus(r.status),
      functionId: orNull(r.function_id),
      functionName: null,
      appId: null,
      eventId,
      eventIds: eventId ? [eventId] : [],
      eventName: null,
      batchId: orNull(r.batch_id),
      cron: orNull(r.cron),
      originalRunId: orNull(r.original_run_id),
      queuedAt: null,
      startedAt: orNull(r.run_started_at),
      endedAt: orNull(r.ended_at),
      durationMs: null,
      ...(r.output === undefined ? {} : { output: r.output }),
    };
  }),
);

export const v2RunSchema = z.pipe(
  v2Run,
  z.transform((r): Run => {
    const eventIds = r.trigger?.eventIds ?? [];
    const duration = r.durationMs === undefined ? NaN : Number(r.durationMs);
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
      queuedAt: orNull(r.queuedAt),
      startedAt: orNull(r.startedAt),
      endedAt: orNull(r.endedAt),
      durationMs: Number.isFinite(duration) ? duration : null,
      ...(r.output === undefined ? {} : { output: r.output }),
    };
  }),
);

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
