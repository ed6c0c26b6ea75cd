/**
 * When a run has ended: the one rule `runs.get`, `runs.list`, `events.runs` and `runs.waitFor`
 * read a run's status by.
 *
 * A run has ended when its status is `completed`, `failed` or `cancelled` AND the server gives
 * its `endedAt`. The dev server's `GET /v2/runs/{id}` derives the status from the run's root span
 * (`functionRunFromSpan`, pkg/devserver/run_provider.go, at 253303cd): at the end of a
 * `step.sleep` or a `step.waitForSignal` that span reads COMPLETED some milliseconds before the
 * run's end is written, so the answer says `COMPLETED` with no `endedAt` while `GET /v2/runs`
 * still says `RUNNING` (seen on every try, test/real/run-status.test.ts). `GET /v2/runs` itself
 * sends `endedAt` only for an ended status (`runListItemFromCQRS`: `RunStatusEnded(status) &&
 * !EndedAt.IsZero()`), and `toFunctionRun` (Cloud's `GET /v2/runs/{id}`) sends it whenever the
 * run has an end. So an ended status without `endedAt` is read as `running`, what the list says.
 * @module
 */
import type { RunStatus } from "./run-types.js";

const ENDED = new Set<string>(["completed", "failed", "cancelled"]);

/** The status a run is reported with: an ended status the server has not given an `endedAt` for reads `running`. */
export function trustedStatus(status: RunStatus, endedAt: string | null): RunStatus {
  return endedAt === null && ENDED.has(status) ? "running" : status;
}

/**
 * Whether a run has ended: its status is an ended one. The `endedAt` half of the rule lives in
 * {@link trustedStatus}, which `runOf` applies to every run read (so a run handed here with an
 * ended status has its `endedAt`); it is not written here a second time. @internal
 */
export function hasEnded(run: { status: RunStatus }): boolean {
  return ENDED.has(run.status);
}
