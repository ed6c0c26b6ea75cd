/**
 * A v2 run read without zod: the quick reader of the usual run ({@link quickRun}) and the page
 * of runs the resources read with it ({@link runsPage}); both normalise with `runOf`
 * (`run-of.ts`). Paging through runs, the SDK's hot read, never loads zod unless a page has a
 * shape the quick reader does not take.
 * @module
 */
import { parseWith } from "./load.js";
import { isObject, isText, quickPage } from "./read.js";
import { runOf } from "./run-of.js";
import type { Run, V2Run } from "./run-types.js";

const isIdObject = (v: unknown) => v === undefined || (isObject(v) && isText(v.id));

/**
 * A v2 run read without zod when it has the shape `v2RunSchema` (runs.ts) takes, else `undefined`
 * (and zod decides). It must never take what zod refuses: a property test compares the two.
 */
export function quickRun(value: unknown): Run | undefined {
  if (!isObject(value)) return undefined;
  const { id, function: fn, app, status, queuedAt, startedAt, endedAt, durationMs, trigger } = value;
  if (typeof id !== "string" || (status !== undefined && typeof status !== "string")) return undefined;
  if (!isText(queuedAt) || !isText(startedAt) || !isText(endedAt) || !isIdObject(app)) return undefined;
  if (!(durationMs === undefined || durationMs === null || typeof durationMs === "string" || (typeof durationMs === "number" && Number.isFinite(durationMs)))) return undefined;
  if (fn !== undefined && !(isObject(fn) && isText(fn.id) && isText(fn.name) && isIdObject(fn.app))) return undefined;
  if (trigger !== undefined) {
    if (!(isObject(trigger) && isText(trigger.batchId) && isText(trigger.cronSchedule))) return undefined;
    const ids = trigger.eventIds;
    if (ids !== undefined && !Array.isArray(ids)) return undefined;
    // A loop, not `every`: zod reads a hole in an array too (and refuses it).
    for (let i = 0; ids && i < ids.length; i++) if (typeof ids[i] !== "string") return undefined;
  }
  return runOf(value as unknown as V2Run);
}

/**
 * A page of v2 runs as `runs.list` and `events.runs` read it (`GET /v2/runs`,
 * `GET /v2/events/{id}/runs`): the quick reader, else `v2RunsPage` (runs.ts, zod), loaded then.
 * @internal
 */
export const runsPage = quickPage(quickRun, { parse: parseWith("v2RunsPage") });
