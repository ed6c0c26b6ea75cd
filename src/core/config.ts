import { InngestError, ValidationError, type ValidationIssue } from "./errors.js";
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
  /** Environment variables the runtime refused to read (Deno without `--allow-env`): named in a missing-key error. */
  envRefused: EnvRefusal;
}

/** The environment variables a runtime refused to read, and whether that runtime is Deno. @internal */
export interface EnvRefusal {
  names: string[];
  deno: boolean;
}

const DEV_URL = "http://localhost:8288";

/**
 * Reads an environment variable where the runtime has an environment, and never throws: Workers
 * and Edge have no `process`, and Deno throws without `--allow-env` (`NotCapable` in Deno 2,
 * `PermissionDenied` before; Deno 2's `process.env` throws the same). A refused read is recorded in
 * `refused`, so that a missing key can be blamed on the permission rather than on the variable.
 * @internal
 */
export function readEnv(name: string, refused?: EnvRefusal): string | undefined {
  const g = globalThis as {
    process?: { env?: Record<string, string | undefined> };
    Deno?: { env?: { get(name: string): string | undefined } };
  };
  const refuse = () => {
    if (refused && !refused.names.includes(name)) refused.names.push(name);
    if (refused) refused.deno ||= typeof g.Deno === "object" && g.Deno !== null;
    return undefined;
  };
  try {
    const fromProcess = g.process?.env?.[name];
    if (fromProcess !== undefined) return fromProcess || undefined;
  } catch {
    // An env proxy that refuses access (Deno 2's process.env without --allow-env).
    if (!g.Deno) return refuse();
  }
  try {
    return g.Deno?.env?.get(name) || undefined;
  } catch {
    // Deno without --allow-env (or with an --allow-env list that leaves this variable out).
    return refuse();
  }
}

/**
 * The error for a key that is neither an option nor in the environment. When the runtime refused to
 * read the variable, it says so and names the permission: telling a Deno user to set a variable they
 * have set would send them the wrong way.
 * @internal
 */
export function missingKey(config: Pick<ResolvedConfig, "envRefused">, option: "eventKey" | "signingKey"): InngestError {
  const variable = option === "eventKey" ? "INNGEST_EVENT_KEY" : "INNGEST_SIGNING_KEY";
  const { names, deno } = config.envRefused;
  const fix = names.includes(variable)
    ? `The environment could not be read${deno ? ` (Deno needs --allow-env=${variable}, or --allow-env)` : ""}: grant that, or pass \`${option}\` to createInngestClient.`
    : `Pass \`${option}\` to createInngestClient or set the ${variable} environment variable (or INNGEST_DEV=1 for a local dev server).`;
  return new InngestError(`No ${option === "eventKey" ? "event" : "signing"} key. ${fix}`);
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

/** The longest delay `setTimeout` honours: a signed 32-bit count of ms (about 24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** Bounds of every numeric option, wherever it is given (client or call), so each is checked and worded once. */
const BOUNDS = {
  maxRetries: [0, 10],
  timeout: [1, MAX_TIMER_MS],
  totalTimeout: [1, MAX_TIMER_MS],
  maxRetryAfter: [0, MAX_TIMER_MS],
  retryBaseDelay: [0, 60_000],
  retryMaxDelay: [0, 600_000],
  batchSize: [1, 5_000],
  concurrency: [1, 64],
  // Enterprise plans can have custom limits above the 3 MiB of Pro.
  maxEventSize: [1, 64 * 1024 * 1024],
} as const satisfies Record<string, readonly [number, number]>;

/** A numeric option's name. @internal */
export type IntOption = keyof typeof BOUNDS;

/**
 * `value` when it is an integer within the option's bounds, `fallback` when it is undefined; anything
 * else pushes an issue (so every bad option is reported at once) and returns `fallback`.
 * @internal
 */
export function intOption<F>(issues: ValidationIssue[], name: IntOption, value: unknown, fallback: F): number | F {
  if (value === undefined) return fallback;
  const [min, max] = BOUNDS[name];
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
  // A number is shown; anything else only by its type (a key pasted into the wrong option stays unseen).
  const got = typeof value === "number" ? String(value) : `a ${typeof value}`;
  issues.push({ path: name, message: `must be an integer from ${min} to ${max}, got ${got}` });
  return fallback;
}

/**
 * The one error for bad options, wherever they were given: at `createInngestClient`, or to a call
 * (before it reads its input or sends anything).
 * @internal
 */
export function invalidOptions(issues: ValidationIssue[]): ValidationError {
  return new ValidationError("Invalid options: nothing was sent.", issues);
}

/** The first of `[source, value]` pairs that has a value; `source` names the option or variable it came from. */
function first(...candidates: [string, string | undefined][]): [string, string] | undefined {
  return candidates.find((c): c is [string, string] => c[1] !== undefined);
}

function url(issues: ValidationIssue[], picked: [string, string] | undefined, fallback: string): string {
  const [source, value] = picked ?? ["", fallback];
  if (!isUrl(value)) {
    // `baseUrl` feeds both APIs: report it once.
    if (!issues.some((i) => i.path === source)) issues.push({ path: source, message: "must be an http(s) URL" });
    return fallback;
  }
  return value.replace(/\/+$/, "");
}

/**
 * Refuses header values with a line break or NUL: the runtime would throw an error quoting the
 * value (which may be a secret), and it would read as a network failure. The value is not shown.
 */
function headerValues<T extends Record<string, string | undefined>>(issues: ValidationIssue[], headers: T): T {
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && /[\r\n\0]/.test(value)) {
      issues.push({ path: name === "env" ? "env (or INNGEST_ENV)" : `headers["${name}"]`, message: "the value contains a line break or NUL" });
    }
  }
  return headers;
}

/**
 * Resolves options against the environment and defaults.
 * @throws {ValidationError} naming every bad option (or environment variable) at once.
 * @internal
 */
export function resolveConfig(options: ClientOptions = {}): ResolvedConfig {
  const issues: ValidationIssue[] = [];
  const envRefused: EnvRefusal = { names: [], deno: false };
  const devEnv = readEnv("INNGEST_DEV", envRefused);
  const isDev = options.isDev ?? (devEnv !== undefined && (devEnv === "1" || devEnv.toLowerCase() === "true" || isUrl(devEnv)));
  // An INNGEST_DEV URL is used only in dev mode: with isDev: false it must not redirect production keys.
  const devUrl = isDev && isUrl(devEnv) ? devEnv : undefined;
  // Precedence as inngest-js resolves it; each URL remembers where it came from, so an invalid
  // one is reported under the name the user set.
  const base: [string, string | undefined][] = [
    ["baseUrl", options.baseUrl],
    ["INNGEST_BASE_URL", readEnv("INNGEST_BASE_URL", envRefused)],
    ["INNGEST_DEV", devUrl],
  ];
  const perApi = (name: string) => (options.baseUrl === undefined ? readEnv(name, envRefused) : undefined);
  const eventBase = first(["eventBaseUrl", options.eventBaseUrl], ["INNGEST_EVENT_API_BASE_URL", perApi("INNGEST_EVENT_API_BASE_URL")], ...base);
  const apiBase = first(["apiBaseUrl", options.apiBaseUrl], ["INNGEST_API_BASE_URL", perApi("INNGEST_API_BASE_URL")], ...base);
  const userFetch = options.fetch;
  if (userFetch !== undefined && typeof userFetch !== "function") {
    issues.push({ path: "fetch", message: "must be a Fetch-compatible function" });
  }
  if (options.observe !== undefined && typeof options.observe !== "function") {
    issues.push({ path: "observe", message: "must be a function" });
  }
  const config: ResolvedConfig = {
    eventKey: options.eventKey ?? readEnv("INNGEST_EVENT_KEY", envRefused),
    signingKey: options.signingKey ?? readEnv("INNGEST_SIGNING_KEY", envRefused),
    signingKeyFallback: options.signingKeyFallback ?? readEnv("INNGEST_SIGNING_KEY_FALLBACK", envRefused),
    env: headerValues(issues, { env: options.env ?? readEnv("INNGEST_ENV", envRefused) }).env,
    isDev,
    eventBaseUrl: url(issues, eventBase, isDev ? DEV_URL : "https://inn.gs"),
    apiBaseUrl: url(issues, apiBase, isDev ? DEV_URL : "https://api.inngest.com"),
    // Looked up per call, so a fetch patched after the client was made (nock, MSW) is used.
    fetch: typeof userFetch === "function" ? userFetch : (input, init) => globalThis.fetch(input, init),
    maxRetries: intOption(issues, "maxRetries", options.maxRetries, 2),
    timeout: intOption(issues, "timeout", options.timeout, 30_000),
    totalTimeout: intOption(issues, "totalTimeout", options.totalTimeout, undefined),
    maxRetryAfter: intOption(issues, "maxRetryAfter", options.maxRetryAfter, 10_000),
    retryBaseDelay: intOption(issues, "retryBaseDelay", options.retryBaseDelay, 500),
    retryMaxDelay: intOption(issues, "retryMaxDelay", options.retryMaxDelay, 8_000),
    batchSize: intOption(issues, "batchSize", options.batchSize, 512),
    concurrency: intOption(issues, "concurrency", options.concurrency, 4),
    maxEventSize: intOption(issues, "maxEventSize", options.maxEventSize, 3 * 1024 * 1024),
    headers: headerValues(issues, { ...options.headers }),
    envRefused,
    observe: options.observe,
  };
  if (issues.length > 0) throw invalidOptions(issues);
  return config;
}

/** The client settings a call's options override. @internal */
export type CallDefaults = Pick<ResolvedConfig, "maxRetries" | "timeout" | "totalTimeout">;

/**
 * Checks a call's options with the same bounds and wording as the client's, adding to `issues` (a
 * caller with options of its own, like `events.send`, checks those first and passes them in).
 * @throws {ValidationError} naming every bad option, before the call reads or sends anything.
 * @internal
 */
export function callOptions(defaults: CallDefaults, options: RequestOptions | undefined, issues: ValidationIssue[] = []) {
  const signal: unknown = options?.signal;
  // Duck-typed: an AbortSignal from another realm or a polyfill is fine.
  if (signal !== undefined && !(typeof (signal as AbortSignal | null)?.aborted === "boolean" && typeof (signal as AbortSignal).addEventListener === "function")) {
    issues.push({ path: "signal", message: "must be an AbortSignal" });
  }
  const call = {
    signal: options?.signal,
    maxRetries: intOption(issues, "maxRetries", options?.maxRetries, defaults.maxRetries),
    timeout: intOption(issues, "timeout", options?.timeout, defaults.timeout),
    totalTimeout: intOption(issues, "totalTimeout", options?.totalTimeout, defaults.totalTimeout),
  };
  if (issues.length > 0) throw invalidOptions(issues);
  return call;
}
