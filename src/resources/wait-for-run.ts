import { AbortError, NotFoundError, RateLimitError, TimeoutError, ValidationError, type ValidationIssue } from "../core/errors.js";
import type { RequestOptions } from "../core/options.js";
import { pastDeadline, type CallInput } from "../internal/config.js";
import { path } from "../internal/path.js";
import { sleep } from "../internal/retry.js";
import { hasEnded } from "../wire/run-ended.js";
import type { Run } from "../wire/run-types.js";

/**
 * Options of {@link Runs.waitFor}: how long to wait and how often to look, and, as on every
 * method, the options of each poll's request (`timeout` is one attempt of one poll, as everywhere;
 * `maxWait` bounds the whole wait).
 */
export interface WaitForRunOptions extends RequestOptions {
  /**
   * Milliseconds to wait for the run to end before rejecting with a `TimeoutError`: any number
   * above 0 (a fraction, or more than a timer can count, is fine). `Infinity` waits as long as it
   * takes. No poll runs past it. (Was `timeout` before 0.2: `timeout` is now, as on every method,
   * one attempt of one request.)
   * @default 300_000 (5 minutes)
   */
  maxWait?: number | undefined;
  /**
   * Milliseconds before the second poll. Each later pause is 1.5 times longer, up to 10 s (or
   * `interval`, if larger). A `Retry-After` from the server replaces the pause it asks about.
   * @default 1_000
   */
  interval?: number | undefined;
  /** Stops waiting at once, between polls or during one; the call rejects with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Include the run's output in the run it resolves with. @default true */
  includeOutput?: boolean | undefined;
}

/** One poll: reads the run with the caller's request options, ending by `deadline` (an instant, epoch ms) when there is one. */
type GetRun = (runId: string, options: CallInput & { includeOutput: boolean }) => Promise<Run>;

const MAX_PAUSE = 10_000;
const GROWTH = 1.5;

function check(options: WaitForRunOptions): { maxWait: number; interval: number } {
  const { maxWait = 300_000, interval = 1_000 } = options;
  const issues: ValidationIssue[] = [];
  if (typeof maxWait !== "number" || Number.isNaN(maxWait) || maxWait <= 0) issues.push({ path: "maxWait", message: "must be a number of milliseconds above 0 (or Infinity)" });
  if (typeof interval !== "number" || !Number.isFinite(interval) || interval <= 0) issues.push({ path: "interval", message: "must be a finite number of milliseconds above 0" });
  if (issues.length > 0) throw new ValidationError("Invalid runs.waitFor options: nothing was sent.", issues);
  return { maxWait, interval };
}

/**
 * Polls `get` until the run has ended (`hasEnded`: an ended status, which `runOf` gives only with an `endedAt`). Between
 * polls it sleeps `interval`, growing 1.5x up to 10 s. A `RateLimitError` the core gave up on is waited out (its `retryAfterMs`, else the
 * pause) rather than thrown; a 404 before the run was first seen is taken as "not visible yet"
 * (a run made by `functions.invoke` is written after the invoke answers), so a run id that
 * never appears rejects with that `NotFoundError` when the time is up. Other errors end the wait.
 * @internal
 */
export async function waitForRun(get: GetRun, runId: string, options: WaitForRunOptions = {}): Promise<Run> {
  options ??= {};
  const { maxWait, interval } = check(options);
  const route = path`/v2/runs/${runId}`; // refuses a bad id before the first poll
  const { maxWait: _w, interval: _i, includeOutput = true, ...request } = options;
  const { signal } = request;
  const aborted = () => new AbortError("runs.waitFor was aborted by the caller's AbortSignal.", { cause: signal?.reason });
  const deadline = Date.now() + maxWait;
  let pause = interval;
  let polls = 0;
  let last: Run | undefined;
  let notFound: NotFoundError | undefined;

  const timedOut = (cause?: unknown) => {
    if (notFound) return notFound;
    const seen = last ? `still ${last.status}` : "never read";
    const details = { method: "GET", path: route, attempts: polls, ...(cause === undefined ? {} : { cause }) };
    return new TimeoutError(`Run ${runId} had not ended after ${maxWait} ms (${seen}, ${polls} polls)`, details);
  };

  for (;;) {
    if (signal?.aborted) throw aborted();
    polls++;
    let wait = pause;
    let limited: RateLimitError | undefined;
    try {
      // A poll never runs past the deadline: the core is handed the instant, not a totalTimeout
      // of ours (a `maxWait: 1500.5` is not an integer number of ms, and is not a request option).
      last = await get(runId, { ...request, includeOutput, deadline: Number.isFinite(deadline) ? deadline : undefined });
      notFound = undefined;
      if (hasEnded(last)) return last;
    } catch (err) {
      if (signal?.aborted) throw aborted();
      if (err instanceof RateLimitError) [wait, limited] = [err.retryAfterMs ?? pause, err];
      else if (err instanceof NotFoundError && last === undefined) notFound = err;
      else if (err instanceof TimeoutError && pastDeadline(deadline)) throw timedOut(err);
      else throw err;
    }
    const left = deadline - Date.now();
    // Never poll before the server's Retry-After has passed: a wait past the deadline ends it now.
    if (left <= 0 || (limited?.retryAfterMs !== undefined && wait > left)) throw timedOut(limited);
    if (wait >= left) {
      await sleep(left, signal, aborted);
      throw timedOut();
    }
    await sleep(wait, signal, aborted);
    pause = Math.min(pause * GROWTH, Math.max(MAX_PAUSE, interval));
  }
}
