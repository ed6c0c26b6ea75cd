/**
 * The retry policy: the one function that decides whether a failed attempt is tried again and
 * after how long ({@link decideRetry}), and the plan of one call's retries that applies it to
 * every retry, the first (made by the core) and the rest (made by ky) alike ({@link RetryPlan}).
 * This file decides; it sleeps and sends nothing.
 * @module
 */
import type { RetryOptions } from "ky";
import { backoffMs, retryAfterMs } from "./retry.js";

/** What went wrong with one attempt, as far as retrying is concerned. */
export type AttemptFailure =
  /** `final`: an answer that will not change (v1's "not found" 500, the dev server's unsupported route). */
  | { kind: "status"; status: number; headers: Record<string, string>; final: boolean }
  | { kind: "timeout" }
  | { kind: "network"; refused: boolean }
  | { kind: "aborted" };

/** What the policy decided. */
export type RetryDecision = { retry: true; delayMs: number; reason: string } | { retry: false };

/** The settings of one call the policy reads. */
export interface RetryContext {
  /** `false` for calls that must not run twice (`runs.replay`): see {@link decideRetry}. */
  idempotent: boolean;
  retryBaseDelay: number;
  retryMaxDelay: number;
  maxRetryAfter: number;
  /** Epoch ms after which no attempt may start (`totalTimeout`), or `Infinity`. */
  deadline: number;
}

/** Statuses that may succeed if sent again. 501 Not Implemented will not, so it is left out. */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Decides one retry. Retried: no response (network), a timed-out attempt, 408, 429 and 5xx but
 * 501; never another 4xx, never v1's "not found" 500 nor the dev server's unsupported route. A call that is not idempotent is
 * retried only when the server cannot have acted on it: a 429 or a refused connection. A server
 * wait (`Retry-After`, `X-RateLimit-Reset`) is used as the delay; one longer than `maxRetryAfter`
 * is not slept but thrown at once (the error carries `retryAfterMs`, so a serverless caller can
 * decide). A delay that would run past `totalTimeout` ends the call with this failure rather
 * than sleeping into a timeout.
 *
 * `retry` counts from 1 (the first retry).
 */
export function decideRetry(failure: AttemptFailure, retry: number, ctx: RetryContext, now = Date.now()): RetryDecision {
  let reason: string;
  let wait: number | undefined;
  switch (failure.kind) {
    case "aborted":
      return { retry: false };
    case "timeout":
      if (!ctx.idempotent) return { retry: false };
      reason = "timeout";
      break;
    case "network":
      if (!ctx.idempotent && !failure.refused) return { retry: false };
      reason = failure.refused ? "connection refused" : "network";
      break;
    case "status":
      if (!RETRYABLE_STATUS.has(failure.status) || failure.final) return { retry: false };
      if (!ctx.idempotent && failure.status !== 429) return { retry: false };
      wait = retryAfterMs(failure.headers, now);
      if (wait !== undefined && wait > ctx.maxRetryAfter) return { retry: false };
      reason = `status ${failure.status}`;
      break;
  }
  const delayMs = wait ?? backoffMs(retry, ctx.retryBaseDelay, ctx.retryMaxDelay);
  if (now + delayMs >= ctx.deadline) return { retry: false };
  return { retry: true, delayMs, reason };
}

/**
 * The retries of one call: every retry, the first included, is decided here by
 * {@link decideRetry}, counted here, and announced through `onRetry` just before it is made. The
 * core makes the first retry itself (see `attempts.ts`) and hands the rest to ky through
 * {@link RetryPlan.kyRetry}, which asks the same `decide`: one policy, one count, one announcement.
 * @internal
 */
export class RetryPlan {
  readonly #limit: number;
  readonly #ctx: RetryContext;
  readonly #classify: (error: unknown) => AttemptFailure;
  readonly #onRetry: (decision: { delayMs: number; reason: string }) => void;
  /** Retries decided so far. */
  #done = 0;
  /** The retry decided last, until it is announced. */
  #next: { delayMs: number; reason: string } = { delayMs: 0, reason: "" };

  constructor(limit: number, ctx: RetryContext, classify: (error: unknown) => AttemptFailure, onRetry: (decision: { delayMs: number; reason: string }) => void) {
    this.#limit = limit;
    this.#ctx = ctx;
    this.#classify = classify;
    this.#onRetry = onRetry;
  }

  /** Whether the attempt that failed with `error` is retried; if so, after {@link RetryPlan.delayMs}. */
  decide(error: unknown): boolean {
    if (this.#done >= this.#limit) return false;
    const decision = decideRetry(this.#classify(error), this.#done + 1, this.#ctx);
    if (!decision.retry) return false;
    this.#done++;
    this.#next = decision;
    return true;
  }

  /** The wait before the retry decided last. */
  get delayMs(): number {
    return this.#next.delayMs;
  }

  /** Tells the observer the retry decided last is being made. */
  announce(): void {
    this.#onRetry(this.#next);
  }

  /**
   * ky's `retry` option for the retries left. `shouldRetry` always answers `true` or `false`, so
   * ky's own status and method checks never second-guess the policy; the delay it decided is
   * handed back through `delay`. (ky would clamp a long `Retry-After` to `maxRetryAfter` and sleep
   * it; the policy must throw it instead, which is why the decision is ours and not
   * `afterStatusCodes`.)
   */
  kyRetry(): RetryOptions {
    return {
      limit: this.#limit - this.#done,
      // Every method: whether a POST may be retried is the policy's call (`idempotent`), not ky's.
      methods: ["get", "post", "delete", "put", "patch"],
      shouldRetry: ({ error }) => this.decide(error),
      delay: () => this.#next.delayMs,
      // The policy's delay already has its jitter; ky must not cap or randomise it again.
      backoffLimit: Number.POSITIVE_INFINITY,
    };
  }
}
