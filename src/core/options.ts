/**
 * The client's and each call's options, as users write them. Resolving them against the
 * environment and defaults is internal (`internal/config.ts`).
 * @module
 */
import type { RequestObserver } from "./observe.js";

/**
 * A Fetch-compatible function. The SDK calls it as `fetch(url, init)` with a string URL, never as a
 * method (so an unbound `window.fetch` works). Declared as a plain function type rather than `typeof fetch`,
 * whose extra members differ between runtimes (Bun's has `preconnect`), so any runtime's fetch,
 * an emulator's, or a test double fits.
 */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Options for {@link createInngestClient}. Every option is optional: each falls back to an
 * environment variable where the runtime has one (`process.env` on Node and Bun, `Deno.env` on
 * Deno; read safely, so a Worker or Edge function without them is fine), then to a default.
 */
export interface ClientOptions {
  /**
   * Key for the Event API (`POST /e/<eventKey>`). Only `events.send` needs it.
   * @default process.env.INNGEST_EVENT_KEY
   */
  eventKey?: string | undefined;
  /**
   * Signing key for the REST API. Sent hashed (`signkey-prod-<sha256 of the key bytes>`, as the
   * official SDK does), so the raw key never travels. Only `runs` and `apps` need it.
   * @default process.env.INNGEST_SIGNING_KEY
   */
  signingKey?: string | undefined;
  /**
   * A second signing key for rotation: on a 401 or 403 the REST call is retried once with it.
   * @default process.env.INNGEST_SIGNING_KEY_FALLBACK
   */
  signingKeyFallback?: string | undefined;
  /**
   * Branch environment name, sent as the `x-inngest-env` header on both APIs.
   * @default process.env.INNGEST_ENV
   */
  env?: string | undefined;
  /**
   * Base URL for both APIs, e.g. a dev server `http://localhost:8288`.
   * @default process.env.INNGEST_BASE_URL, or `INNGEST_DEV` when it is a URL
   */
  baseUrl?: string | undefined;
  /**
   * Base URL of the Event API. Precedence, as in the official SDK: this option, then the `baseUrl`
   * option, then `INNGEST_EVENT_API_BASE_URL`, then `INNGEST_BASE_URL` (or an `INNGEST_DEV` URL).
   * @default `https://inn.gs` (`http://localhost:8288` in dev mode)
   */
  eventBaseUrl?: string | undefined;
  /**
   * Base URL of the REST API. Precedence: this option, then the `baseUrl` option, then
   * `INNGEST_API_BASE_URL`, then `INNGEST_BASE_URL` (or an `INNGEST_DEV` URL).
   * @default `https://api.inngest.com` (`http://localhost:8288` in dev mode)
   */
  apiBaseUrl?: string | undefined;
  /**
   * Dev mode: talk to a local dev server (default `http://localhost:8288`), where no keys are
   * needed. A missing event key is then sent as `NO_EVENT_KEY_SET` and a missing signing key as no
   * `Authorization` header.
   * @default true when `INNGEST_DEV` is `1`, `true` or a URL
   */
  isDev?: boolean | undefined;
  /**
   * Any Fetch-compatible function: an emulator's `fetch`, a proxy, a test double.
   * @default globalThis.fetch, looked up at call time
   */
  fetch?: FetchLike | undefined;
  /**
   * Retries after the first attempt, for failures that may succeed later (no response, 408, 429,
   * 5xx). Every call can override it.
   * @default 2
   */
  maxRetries?: number | undefined;
  /**
   * Milliseconds one attempt may take (until the whole body is read) before it ends with a
   * `TimeoutError` and is retried. Every call can override it.
   * @default 30000
   */
  timeout?: number | undefined;
  /**
   * Milliseconds all attempts of one request may take together, backoff included. No limit
   * by default: `maxRetries` and `timeout` bound it.
   * @default undefined
   */
  totalTimeout?: number | undefined;
  /**
   * The longest server-requested wait (`Retry-After`, `X-RateLimit-Reset`), in milliseconds, that
   * the SDK sleeps before retrying. A longer wait is not slept: the call throws a
   * `RateLimitError` with `retryAfterMs` at once, so a serverless caller can decide.
   * @default 10000
   */
  maxRetryAfter?: number | undefined;
  /**
   * First backoff delay in milliseconds; it doubles on each retry, with jitter, up to
   * `retryMaxDelay`.
   * @default 500
   */
  retryBaseDelay?: number | undefined;
  /**
   * Cap on one backoff delay, in milliseconds.
   * @default 8000
   */
  retryMaxDelay?: number | undefined;
  /**
   * Events per POST to the Event API. The API takes up to 5,000; the default keeps each request
   * well under common body limits.
   * @default 512
   */
  batchSize?: number | undefined;
  /**
   * How many POSTs of one `events.send` may be in flight at once. Four keeps a 50,000-event
   * send several times faster than one POST after another, while staying polite to the Event
   * API's per-key rate limit (about 75 requests per 5 s) and to a 2-core host's sockets.
   * @default 4
   */
  concurrency?: number | undefined;
  /**
   * Largest JSON size of one event, in bytes, checked before sending. Inngest's limit depends
   * on the plan (256 KiB on Free, 512 KiB on Basic, 3 MiB on Pro).
   * @default 3145728 (3 MiB)
   */
  maxEventSize?: number | undefined;
  /** Extra headers sent with every request (never logged or put in errors). */
  headers?: Record<string, string> | undefined;
  /**
   * Sees every step of every request, to log or trace it: each attempt as it goes out
   * (`request`), its answer (`response`, with status and duration) or failure (`error`), and each
   * `retry` with its delay and reason. The events hold the method, a redacted path and the
   * attempt number, never a URL, header or key. Called synchronously; an observer that throws is
   * ignored, so logging cannot break a call.
   *
   * @example
   * ```ts
   * const inngest = createInngestClient({
   *   observe: (e) => console.debug(`[inngest] ${e.type} ${e.method} ${e.path} #${e.attempt}`, e),
   * });
   * ```
   * @default undefined
   */
  observe?: RequestObserver | undefined;
}

/** Per-call options, accepted as the last argument of every method. */
export interface RequestOptions {
  /** Stops the request, and any backoff sleep, at once; the call rejects with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number | undefined;
  /** Overrides the client's per-attempt `timeout` (ms) for this call. */
  timeout?: number | undefined;
  /** Overrides the client's `totalTimeout` (ms) for this call. */
  totalTimeout?: number | undefined;
  /**
   * Extra headers for this call's requests, over the client's `headers` (a tracing id, say).
   * The SDK's own headers win: `authorization`, `content-type` and the event id seed cannot be
   * replaced here. Never logged or put in errors.
   */
  headers?: Record<string, string> | undefined;
}
