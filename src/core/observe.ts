/**
 * What the request core tells an `observe` listener. Each value names the step (`type`), the
 * request (method and a redacted path) and the attempt; none holds a URL, a header or a key, so a
 * listener may log it as it is.
 * @module
 */

/** Fields every {@link RequestEvent} carries. */
export interface RequestEventBase {
  /** HTTP method. */
  method: string;
  /**
   * The request path with its query, redacted: the Event API's key shows as `/e/***`. REST paths
   * hold ids and filters, never a key (the signing key travels in a header this SDK never shows).
   */
  path: string;
  /** Which attempt of this call, from 1. A retry, or the retry with `signingKeyFallback`, counts up. */
  attempt: number;
}

/** An attempt is about to go out. */
export interface RequestStartEvent extends RequestEventBase {
  type: "request";
}

/** An attempt got an answer (any status, success or not). `durationMs` is until the headers arrived. */
export interface ResponseEvent extends RequestEventBase {
  type: "response";
  /** HTTP status of the answer. */
  status: number;
  /** Milliseconds from sending to the answer's headers. */
  durationMs: number;
}

/** An attempt ended without an answer. */
export interface AttemptFailedEvent extends RequestEventBase {
  type: "error";
  /** `timeout`: the attempt ran past `timeout`/`totalTimeout`; `abort`: the caller's signal; `network`: no response. */
  reason: "timeout" | "abort" | "network";
  /** The runtime's message, with any key removed (e.g. `fetch failed`). */
  message: string;
  /** Milliseconds from sending to the failure. */
  durationMs: number;
}

/** The core is about to retry. Sent just before the next attempt's `request` event. */
export interface RetryEvent extends RequestEventBase {
  type: "retry";
  /** Milliseconds waited before this retry (the backoff, or the server's `Retry-After`). */
  delayMs: number;
  /** Why: `status 503`, `status 429`, `timeout`, `network`, or `signing key refused: trying signingKeyFallback`. */
  reason: string;
}

/**
 * One step of a request, as the client option `observe` receives it: `request` when an attempt
 * goes out, then `response` (with its status) or `error` (no answer), and `retry` before each
 * retry, with the wait and its reason.
 */
export type RequestEvent = RequestStartEvent | ResponseEvent | AttemptFailedEvent | RetryEvent;

/** The `observe` option's type: called synchronously for each {@link RequestEvent}. */
export type RequestObserver = (event: RequestEvent) => void;
