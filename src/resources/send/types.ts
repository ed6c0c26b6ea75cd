/**
 * The public types of `events.send` (re-exported from the package root).
 * @module
 */
import type { RequestOptions } from "../../core/options.js";

/**
 * Per-call options of `events.send`. `totalTimeout` bounds the whole send (every chunk, its
 * retries and backoff); `timeout` is per attempt of one POST.
 */
export interface SendOptions extends RequestOptions {
  /** Events per POST for this call (1-5000). @default the client's `batchSize` (512) */
  batchSize?: number | undefined;
  /** POSTs in flight at once for this call (1-64). @default the client's `concurrency` (4) */
  concurrency?: number | undefined;
}

/** What `events.send` resolves to. */
export interface SendResult {
  /** One internal event id (a ULID) per input event, in input order. Use it with the REST API. */
  ids: string[];
}

/** What `send` accepts: one event, an array, or any (async) iterable of events. */
export type SendInput<E> = E | readonly E[] | Iterable<E> | AsyncIterable<E>;
