/**
 * One call of the request core as one value: the route, the caller's options resolved once, where
 * it goes with which keys, and the record its attempts fill. Every step of the core takes it, so
 * none needs more than a few arguments, and none re-derives what was resolved here.
 * @module
 */
import type { RequestObserver } from "../core/observe.js";
import type { Auth, Target } from "./auth.js";
import { type CallInput, type CallSettings, resolveCall, type ResolvedConfig } from "./config.js";
import { notify } from "./notify.js";
import { pathAndQuery, type Route } from "./route.js";

/** One call's running record, shared by its attempts (and by the retry with the fallback key). */
export interface CallRecord {
  readonly method: string;
  /** Redacted path with query, as errors and the observer show it. */
  readonly path: string;
  /** HTTP requests made so far, the fallback-key retry included. */
  attempts: number;
  /** The latest answer; `body` is its body when the answer was a success (ky reads an error's body itself). */
  answered?: Answered | undefined;
}

/** Status, headers and, for a success, the body of one attempt's answer. */
export interface Answered {
  status: number;
  headers: Headers;
  /** The body parsed (`parseBody`: JSON, else the text; `undefined` when empty), for a success. */
  body?: unknown;
  /** A 2xx whose body says it failed with no error status (the Event API's `status: 200` with an `error`). */
  failedInBody?: boolean;
}

/** What one client's core holds for all its calls: its settings, the keys errors must not show, its headers. @internal */
export interface Engine {
  readonly config: ResolvedConfig;
  readonly auth: Auth;
  /** Headers of every request (user-agent, SDK, environment, the client's own). */
  readonly headers: Record<string, string>;
}

/** One call: a route, its options resolved, its target and the record of its attempts. @internal */
export interface Call {
  readonly route: Route<unknown>;
  readonly settings: CallSettings;
  readonly target: Target;
  readonly record: CallRecord;
}

/**
 * Opens a call: resolves its options (a bad one is a `ValidationError` before anything else) and
 * finds its target (a missing key is a `MissingKeyError`).
 */
export async function openCall(engine: Engine, route: Route<unknown>, options: CallInput | CallSettings | undefined): Promise<Call> {
  const settings = resolveCall(engine.config, options);
  const found = engine.auth.target(route.api, pathAndQuery(route));
  // A promise only on the first call, while the signing keys are hashed; no extra await after that.
  const target = found instanceof Promise ? await found : found;
  return { route, settings, target, record: { method: route.method, path: target.path, attempts: 0 } };
}

/** Tells the observer the call's next attempt is coming, after `delayMs`, and why. */
export function announceRetry(observer: RequestObserver | undefined, call: Call, { delayMs, reason }: { delayMs: number; reason: string }): void {
  const { method, path, attempts } = call.record;
  notify(observer, { type: "retry", method, path, attempt: attempts + 1, delayMs, reason });
}
