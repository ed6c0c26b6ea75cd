/**
 * Retry timing: what the server asked for, the backoff when it asked for nothing, and a sleep
 * that an `AbortSignal` ends at once (and leaves no listener behind).
 * @module
 */

/**
 * Milliseconds the server asked us to wait, from `retry-after-ms`, `Retry-After` (seconds or an
 * HTTP date) or `X-RateLimit-Reset` (epoch seconds, or seconds from now when small).
 * @internal
 */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const ms = Number(headers["retry-after-ms"]);
  if (headers["retry-after-ms"] && Number.isFinite(ms) && ms >= 0) return ms;
  const after = headers["retry-after"];
  if (after) {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers["x-ratelimit-reset"]);
  if (headers["x-ratelimit-reset"] && Number.isFinite(reset) && reset >= 0) {
    // Values past 2024-01-01 are epoch seconds; smaller ones are a delta in seconds.
    return reset > 1_704_067_200 ? Math.max(0, reset * 1000 - now) : reset * 1000;
  }
  return undefined;
}

/**
 * Exponential backoff with jitter: `base * 2^(retry-1)`, capped at `max`, then scaled into
 * [75 %, 100 %] so clients that failed together do not retry in lockstep.
 * @internal
 */
export function backoffMs(retry: number, base: number, max: number): number {
  const exp = Math.min(max, base * 2 ** (retry - 1));
  return Math.round(exp * (0.75 + Math.random() * 0.25));
}

/** Resolves after `ms`, or rejects with `onAbort()` as soon as `signal` fires. @internal */
export function sleep(ms: number, signal: AbortSignal | undefined, onAbort: () => unknown): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(onAbort());
    const done = () => {
      signal?.removeEventListener("abort", abort);
      resolve();
    };
    const abort = () => {
      clearTimeout(timer);
      reject(onAbort());
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}
