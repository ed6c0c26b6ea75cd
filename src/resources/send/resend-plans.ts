/**
 * Resend plans. The rule they enforce: **an event that may already be on the server is only ever
 * sent again inside the chunk it went out in, under that chunk's seed, as the very same bytes.**
 * The server then derives the ids it already holds and starts no second run (its event log may
 * list the events twice); anything else is sent afresh.
 *
 * A chunk failed without a definite answer (a timeout, a reset, a 5xx, an abort mid-request) may
 * have been stored with its answer lost. `send` keeps the plan of such a send against the array it
 * hands back (`PartialSendError.failedEvents`, or the caller's own input when nothing was
 * accepted), and a later `send` of that very array follows it. A plan is used once; a copy of the
 * array, an array changed since, or an event edited since (other bytes) gets no plan.
 * @module
 */
import { bodyOf, type Seal } from "./chunk.js";

/** A run of a plan's events: sealed runs are resent whole under their seal, the rest afresh. */
export interface Segment {
  readonly events: readonly unknown[];
  readonly seal: Seal | undefined;
}

interface Plan {
  readonly segments: readonly Segment[];
  /** Plans kept on the caller's own input (a retry of a wholly failed send) expire; others do not. */
  readonly expires: number;
}

// Keyed by the array (or event object) handed back, so a plan lives exactly as long as it does.
const plans = new WeakMap<object, Plan>();

/** How long a plan kept on the caller's own input stays valid: a retry comes soon, a new send later. */
export const RETRY_WINDOW_MS = 15 * 60_000;

/** Keeps `segments` as the plan of `holder`, if any of them needs one (has a seal). */
export function keepPlan(holder: object, segments: readonly Segment[], expires: number): void {
  if (segments.some((segment) => segment.seal)) plans.set(holder, { segments, expires });
}

/**
 * Takes the plan for `input` (it is used once), if there is one, it has not expired, and `list`
 * still holds the same events in the same order. A sealed segment keeps its seal only if its
 * events serialise to the very bytes sent under it: an edited event is sent afresh.
 */
export function takePlan(input: object, list: readonly unknown[]): Segment[] | undefined {
  const plan = plans.get(input);
  if (!plan) return undefined;
  plans.delete(input);
  if (Date.now() > plan.expires || !sameEvents(plan.segments, list)) return undefined;
  let at = 0;
  return plan.segments.map((segment) => {
    const start = at;
    at += segment.events.length;
    const same = segment.seal !== undefined && sameBody(segment.seal.body, list.slice(start, at));
    return same ? segment : { events: segment.events, seal: undefined };
  });
}

/**
 * Where the plan kept on `holder` (a `PartialSendError`'s `failedEvents`, or the caller's own
 * input) resends a run under its seal: the run's first position in `holder`, its length and seal.
 * Only looks: the plan stays for the next `send`. The CLI writes these down in its `--failed` file.
 * @internal
 */
export function sealedRuns(holder: object): Map<number, { readonly count: number; readonly seal: Seal }> {
  const runs = new Map<number, { count: number; seal: Seal }>();
  let at = 0;
  for (const segment of plans.get(holder)?.segments ?? []) {
    if (segment.seal) runs.set(at, { count: segment.events.length, seal: segment.seal });
    at += segment.events.length;
  }
  return runs;
}

function sameEvents(segments: readonly Segment[], list: readonly unknown[]): boolean {
  let at = 0;
  for (const segment of segments) for (const event of segment.events) if (list[at++] !== event) return false;
  return at === list.length;
}

/** Whether `events` still write to `body`; an event that can no longer be written does not. */
function sameBody(body: string, events: readonly unknown[]): boolean {
  try {
    return bodyOf(events) === body;
  } catch {
    return false;
  }
}
