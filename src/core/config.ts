import { InngestError } from "./errors.js";
import type { RequestObserver } from "./observe.js";

/**
 * The longest delay a timer can hold: `setTimeout` takes a signed 32-bit int and fires at once
 * for anything larger (and ky refuses a `timeout` above it). Every millisecond option is capped here.
 */
export const MAX_TIMER_MS = 2_147_483_647;

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
}

/** The resolved configuration the request core works from. Secrets live only in the core's closure. */
export interface ResolvedConfig {
  eventKey: string | undefined;
  signingKey: string | undefined;
  signingKeyFallback: string | undefined;
  env: string | undefined;
  isDev: boolean;
  eventBaseUrl: string;
  apiBaseUrl: string;
  fetch: FetchLike;
  maxRetries: number;
  timeout: number;
  totalTimeout: number | undefined;
  maxRetryAfter: number;
  retryBaseDelay: number;
  retryMaxDelay: number;
  batchSize: number;
  concurrency: number;
  maxEventSize: number;
  headers: Record<string, string>;
  observe: RequestObserver | undefined;
}

const DEV_URL = "http://localhost:8288";

/**
 * Reads an environment variable where the runtime has an environment, and never throws: Workers
 * and Edge have no `process`, and Deno throws without `--allow-env`.
 * @internal
 */
export function readEnv(name: string): string | undefined {
  const g = globalThis as {
    process?: { env?: Record<string, string | undefined> };
    Deno?: { env?: { get(name: string): string | undefined } };
  };
  try {
    const fromProcess = g.process?.env?.[name];
    if (fromProcess !== undefined) return fromProcess || undefined;
  } catch {
    // An env proxy that refuses access.
  }
  try {
    return g.Deno?.env?.get(name) || undefined;
  } catch {
    // Deno without --allow-env.
    return undefined;
  }
}

function isUrl(value: string | undefined): value is string {
  if (!value) return false;
  try {
    new URL(value);
    return /^https?:/.test(value);
  } catch {
    return false;
  }
}

function int(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InngestError(`Invalid option ${name}: ${String(value)}. Expected an integer from ${min} to ${max}.`);
  }
  return value;
}

/** The first of `[source, value]` pairs that has a value; `source` names the option or variable it came from. */
function first(...candidates: [string, string | undefined][]): [string, string] | undefined {
  return candidates.find((c): c is [string, string] => c[1] !== undefined);
}

function url(picked: [string, string] | undefined, fallback: string): string {
  const [source, value] = picked ?? ["", fallback];
  if (!isUrl(value)) {
    throw new InngestError(`Invalid ${source.startsWith("INNGEST_") ? source : `option ${source}`}: expected an http(s) URL.`);
  }
  return value.replace(/\/+$/, "");
}

/**
 * Refuses header values with a line break or NUL: the runtime would throw an error quoting the
 * value (which may be a secret), and it would read as a network failure. The value is not shown.
 */
function headerValues<T extends Record<string, string | undefined>>(headers: T): T {
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && /[\r\n\0]/.test(value)) {
      throw new InngestError(`Invalid option ${name === "env" ? "env (or INNGEST_ENV)" : `headers["${name}"]`}: the value contains a line break or NUL.`);
    }
  }
  return headers;
}

/** Resolves options against the environment and defaults; throws an `InngestError` for bad options. @internal */
export function resolveConfig(options: ClientOptions = {}): ResolvedConfig {
  const devEnv = readEnv("INNGEST_DEV");
  const isDev = options.isDev ?? (devEnv !== undefined && (devEnv === "1" || devEnv.toLowerCase() === "true" || isUrl(devEnv)));
  // An INNGEST_DEV URL is used only in dev mode: with isDev: false it must not redirect production keys.
  const devUrl = isDev && isUrl(devEnv) ? devEnv : undefined;
  // Precedence as inngest-js resolves it; each URL remembers where it came from, so an invalid
  // one is reported under the name the user set.
  const base: [string, string | undefined][] = [
    ["baseUrl", options.baseUrl],
    ["INNGEST_BASE_URL", readEnv("INNGEST_BASE_URL")],
    ["INNGEST_DEV", devUrl],
  ];
  const perApi = (name: string) => (options.baseUrl === undefined ? readEnv(name) : undefined);
  const eventBase = first(["eventBaseUrl", options.eventBaseUrl], ["INNGEST_EVENT_API_BASE_URL", perApi("INNGEST_EVENT_API_BASE_URL")], ...base);
  const apiBase = first(["apiBaseUrl", options.apiBaseUrl], ["INNGEST_API_BASE_URL", perApi("INNGEST_API_BASE_URL")], ...base);
  const userFetch = options.fetch;
  if (userFetch !== undefined && typeof userFetch !== "function") {
    throw new InngestError("Invalid option fetch: expected a Fetch-compatible function.");
  }
  return {
    eventKey: options.eventKey ?? readEnv("INNGEST_EVENT_KEY"),
    signingKey: options.signingKey ?? readEnv("INNGEST_SIGNING_KEY"),
    signingKeyFallback: options.signingKeyFallback ?? readEnv("INNGEST_SIGNING_KEY_FALLBACK"),
    env: headerValues({ env: options.env ?? readEnv("INNGEST_ENV") }).env,
    isDev,
    eventBaseUrl: url(eventBase, isDev ? DEV_URL : "https://inn.gs"),
    apiBaseUrl: url(apiBase, isDev ? DEV_URL : "https://api.inngest.com"),
    // Looked up per call, so a fetch patched after the client was made (nock, MSW) is used.
    fetch: userFetch ?? ((input, init) => globalThis.fetch(input, init)),
    maxRetries: int("maxRetries", options.maxRetries, 2, 0, 10),
    timeout: int("timeout", options.timeout, 30_000, 1, MAX_TIMER_MS),
    totalTimeout: options.totalTimeout === undefined ? undefined : int("totalTimeout", options.totalTimeout, 0, 1, MAX_TIMER_MS),
    maxRetryAfter: int("maxRetryAfter", options.maxRetryAfter, 10_000, 0, MAX_TIMER_MS),
    retryBaseDelay: int("retryBaseDelay", options.retryBaseDelay, 500, 0, 60_000),
    retryMaxDelay: int("retryMaxDelay", options.retryMaxDelay, 8_000, 0, 600_000),
    batchSize: int("batchSize", options.batchSize, 512, 1, 5_000),
    concurrency: int("concurrency", options.concurrency, 4, 1, 64),
    // Enterprise plans can have custom limits above the 3 MiB of Pro.
    maxEventSize: int("maxEventSize", options.maxEventSize, 3 * 1024 * 1024, 1, 64 * 1024 * 1024),
    headers: headerValues({ ...options.headers }),
    observe: options.observe,
  };
}

/** Validates a per-call override with the same bounds as the client option. @internal */
export function callOptions(config: ResolvedConfig, options: RequestOptions | undefined) {
  return {
    signal: options?.signal,
    maxRetries: int("maxRetries", options?.maxRetries, config.maxRetries, 0, 10),
    timeout: int("timeout", options?.timeout, config.timeout, 1, MAX_TIMER_MS),
    totalTimeout:
      options?.totalTimeout === undefined ? config.totalTimeout : int("totalTimeout", options.totalTimeout, 0, 1, MAX_TIMER_MS),
  };
}
