/**
 * The normaliser every v2 run goes through ({@link runOf}), whether zod or the quick reader
 * checked it: one place that reads a run's status (its case, and when it has ended).
 * @module
 */
import { orNull, timeOrNull, uint64 } from "./read.js";
import { trustedStatus } from "./run-ended.js";
import { normaliseStatus } from "./run-status.js";
import type { Run, V2Run } from "./run-types.js";

const ZERO_ULID = /^0{26}$/;
/**
 * The {@link Run} a checked v2 run reads as (zod's transform, and the quick reader's). Its status
 * follows the one rule of when a run has ended (`run-ended.ts`).
 */
export function runOf(r: V2Run): Run {
  // toFunctionRun always sends `[run.EventID]`, the zero ULID for a run no event triggered.
  const eventIds = (r.trigger?.eventIds ?? []).filter((id) => id && !ZERO_ULID.test(id));
  const endedAt = timeOrNull(r.endedAt);
  return {
    id: r.id,
    status: trustedStatus(normaliseStatus(r.status), endedAt),
    functionId: orNull(r.function?.id),
    functionName: orNull(r.function?.name),
    appId: orNull(r.app?.id ?? r.function?.app?.id),
    eventId: eventIds[0] ?? null,
    eventIds,
    batchId: orNull(r.trigger?.batchId),
    cron: orNull(r.trigger?.cronSchedule),
    originalRunId: null,
    queuedAt: timeOrNull(r.queuedAt),
    startedAt: timeOrNull(r.startedAt),
    endedAt,
    durationMs: uint64(r.durationMs),
    ...(r.output === undefined ? {} : { output: r.output }),
  };
}
