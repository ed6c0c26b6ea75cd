/**
 * A run's queue items, as `GET /v1/runs/{id}/jobs` reports them (`{ JobID, at, position, kind, attempt, Raw }`),
 * with `Raw` in the shape the dev server's queue stores (queue.QueueItem, watched on it): the workflow and workspace
 * ids, the item's data with the run's identifier, its attempts and kind, and its payload.
 */

import { ZERO_ULID, ZERO_UUID } from "./ids.js";
import type { EmulatorApp, EmulatorFunction, EmulatorJob } from "./types.js";

// The dev server's one account and workspace (consts.DevServerAccountID, consts.DevServerEnvID; watched as `aID`
// and `wsID` in its queue items).
export const DEV_ACCOUNT_ID = "00000000-0000-4000-a000-000000000000";
export const DEV_WORKSPACE_ID = "00000000-0000-4000-b000-000000000000";

/** The run a job belongs to. */
export interface JobOwner {
  readonly id: string;
  readonly functionInternalId: string;
  readonly eventIds?: readonly string[];
  /** The internal id of the function's app. */
  readonly appInternalId?: string;
}

/**
 * The owner of run `runId`'s jobs: its function and events, and its function's app (`identifier.appID`, the nil
 * UUID only when the app is unknown). Every place that makes a job (a queued run, a seeded run, a run that
 * progresses) takes its owner from here.
 */
export function jobOwner(runId: string, fn: EmulatorFunction, eventIds: readonly string[], app: EmulatorApp | undefined): JobOwner {
  return { id: runId, functionInternalId: fn.internalId, eventIds, ...(app !== undefined && { appInternalId: app.internalId }) };
}

/** What a job is: where it sits in the run's queue, what it does and when. */
export interface JobSpec {
  readonly position: number;
  /** Queue item kind: `"start"`, `"edge"`, `"sleep"`, `"pause"` (a wait for a signal or an event), `"edge-error"`. */
  readonly kind: string;
  readonly at: number;
  readonly attempt: number;
  /** The queue item id (13 base-36 digits on the dev server). */
  readonly id: string;
  /** What the item carries: the step edge for a sleep, the pause for a wait. @default {} */
  readonly payload?: Record<string, unknown>;
  /** The item's own metadata (a pause's trace context). @default none */
  readonly metadata?: Record<string, unknown>;
}


/** A UUID-shaped group id made from the job id (the server draws a random one). */
function groupId(jobId: string): string {
  const hex = Array.from(jobId, (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("").padEnd(32, "0").slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** One queue job of `owner`. */
export function makeJob(owner: JobOwner, spec: JobSpec): EmulatorJob {
  const { id, at, kind, attempt, position } = spec;
  const eventIDs = [...(owner.eventIds ?? [])];
  const identifier = {
    runID: owner.id,
    wID: owner.functionInternalId,
    wv: 1,
    evtID: eventIDs[0] ?? ZERO_ULID,
    eventIDs,
    aID: DEV_ACCOUNT_ID,
    wsID: DEV_WORKSPACE_ID,
    appID: owner.appInternalId ?? ZERO_UUID,
    pf: 0,
  };
  const data = {
    groupID: groupId(id),
    wsID: DEV_WORKSPACE_ID,
    kind,
    identifier,
    atts: attempt,
    maxAtts: 4,
    payload: spec.payload ?? {},
    ...(spec.metadata !== undefined && { metadata: spec.metadata }),
    pf: 0,
  };
  const raw = { id, at, wt: at, wfID: owner.functionInternalId, wsID: DEV_WORKSPACE_ID, genID: 0, data, eat: at };
  return { id, at, position, kind, attempt, raw };
}
