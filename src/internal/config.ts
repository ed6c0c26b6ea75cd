/**
 * Options resolved against the environment and defaults, and checked: the one place bounds and
 * wording of every option live.
 * @module
 */
import { MissingKeyError, ValidationError, type ValidationIssue } from "../core/errors.js";
import type { ClientOptions, FetchLike, RequestOptions } from "../core/options.js";
import type { RequestObserver } from "../core/observe.js";

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
function readEnv(name: string, refused?: EnvRefusal): string | undefined {
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
export function missingKey(config: Pick<ResolvedConfig, "envRefused">, option: "eventKey" | "signingKey"): MissingKeyError {
  const variable = option === "eventKey" ? "INNGEST_EVENT_KEY" : "INNGEST_SIGNING_KEY";
  const { names, deno } = config.envRefused;
  const fix = names.includes(variable)
    ? `The environment could not be read${deno ? ` (Deno needs --allow-env=${variable}, or --allow-env)` : ""}: grant that, or pass \`${option}\` to createInngestClient.`
    : `Pass \`${option}\` to createInngestClient or set the ${variable} environment variable (or INNGEST_DEV=1 for a local dev server).`;
  return new MissingKeyError(`No ${option === "eventKey" ? "event" : "signing"} key. ${fix}`, option);
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

/**
 * Bounds of every numeric option, wherever it is given (client or call), so each is checked and
 * worded once. The CLI's flags (`--batch-size`, `--concurrency`) take theirs from here.
 * @internal
 */
export const BOUNDS = {
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

/** `events.send`'s chunking when the client sets none (the CLI's defaults too). @internal */
export const SEND_DEFAULTS = { batchSize: 512, concurrency: 4 } as const;

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
/**
 * Header names lowercased, as the SDK writes its own: HTTP names are case-insensitive, and a caller's
 * `Authorization` next to the SDK's `authorization` would be joined by `fetch` into one value
 * ("x, Bearer ...") instead of being overridden.
 */
function lowerNames(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

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
 * @throws {@link ValidationError} naming every bad option (or environment variable) at once.
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
    batchSize: intOption(issues, "batchSize", options.batchSize, SEND_DEFAULTS.batchSize),
    concurrency: intOption(issues, "concurrency", options.concurrency, SEND_DEFAULTS.concurrency),
    maxEventSize: intOption(issues, "maxEventSize", options.maxEventSize, 3 * 1024 * 1024),
    headers: headerValues(issues, lowerNames({ ...options.headers })),
    envRefused,
    observe: options.observe,
  };
  if (issues.length > 0) throw invalidOptions(issues);
  return config;
}

/**
 * A call's options as the core takes them: the caller's, and what the SDK's own code adds. A
 * `deadline` is an instant (epoch ms) the call must end by, such as `runs.waitFor`'s. It is not
 * the caller's option, so it is never checked against `totalTimeout`'s bounds nor named in an error.
 * @internal
 */
export interface CallInput extends RequestOptions {
  deadline?: number | undefined;
}

/** Marks settings `resolveCall` made; module-private, so no options object from outside has it. */
const RESOLVED: unique symbol = Symbol("inngest-rest resolved call settings");

/**
 * A call's options resolved once, against the client's: what every step of the call reads. The
 * `totalTimeout` and a caller's `deadline` become one instant, `deadline` (`Infinity` for none),
 * so a call made of several requests (the chunks of a send, the polls of a wait) hands each of
 * them the same instant rather than re-deriving a number of ms.
 * @internal
 */
export interface CallSettings {
  /** A brand no caller's options object can carry: a plain `resolved` key could skip every check. */
  readonly [RESOLVED]: true;
  readonly signal: AbortSignal | undefined;
  readonly maxRetries: number;
  readonly timeout: number;
  /** The caller's `totalTimeout` (or the client's), as errors name it. */
  readonly totalTimeout: number | undefined;
  /** Epoch ms by which the call must end, or `Infinity`. */
  readonly deadline: number;
  /** The caller's extra headers for this call, checked. */
  readonly headers: Record<string, string> | undefined;
}

/** The client settings a call's options override. @internal */
export type CallDefaults = Pick<ResolvedConfig, "maxRetries" | "timeout" | "totalTimeout">;

const isSignal = (signal: unknown) =>
  // Duck-typed: an AbortSignal from another realm or a polyfill is fine.
  typeof (signal as AbortSignal | null)?.aborted === "boolean" && typeof (signal as AbortSignal).addEventListener === "function";

/**
 * Resolves a call's options once, with the same bounds and wording as the client's, adding to
 * `issues` (a caller with options of its own, like `events.send`, checks those first and passes
 * them in). Settings already resolved are handed back as they are.
 * @throws {@link ValidationError} naming every bad option, before the call reads or sends anything.
 * @internal
 */
export function resolveCall(defaults: CallDefaults, options: CallInput | CallSettings | undefined, issues: ValidationIssue[] = []): CallSettings {
  if (options && RESOLVED in options) return options as CallSettings;
  if (options?.signal !== undefined && !isSignal(options.signal)) issues.push({ path: "signal", message: "must be an AbortSignal" });
  const maxRetries = intOption(issues, "maxRetries", options?.maxRetries, defaults.maxRetries);
  const timeout = intOption(issues, "timeout", options?.timeout, defaults.timeout);
  const totalTimeout = intOption(issues, "totalTimeout", options?.totalTimeout, defaults.totalTimeout);
  const headers = options?.headers === undefined ? undefined : callHeaders(issues, options.headers);
  if (issues.length > 0) throw invalidOptions(issues);
  const deadline = Math.min(totalTimeout === undefined ? Infinity : Date.now() + totalTimeout, options?.deadline ?? Infinity);
  return { [RESOLVED]: true, signal: options?.signal, maxRetries, timeout, totalTimeout, deadline, headers };
}

/** A call's `headers`: an object of strings, each value free of line breaks and NUL (see `headerValues`). */
function callHeaders(issues: ValidationIssue[], headers: unknown): Record<string, string> | undefined {
  if (typeof headers !== "object" || headers === null || Array.isArray(headers)) {
    issues.push({ path: "headers", message: "must be an object of header names to string values" });
    return undefined;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== "string") issues.push({ path: `headers["${name}"]`, message: "must be a string" });
  }
  return headerValues(issues, lowerNames(headers as Record<string, string>));
}

/** How early a timer may fire against `Date.now()`: Node's timers count from the event loop's cached time. */
const TIMER_SLACK_MS = 5;

/**
 * Whether `deadline` has passed, allowing a timer's slack: a timeout that fired this close to the
 * deadline was the deadline's, not one attempt's.
 * @internal
 */
export function pastDeadline(deadline: number): boolean {
  return Date.now() >= deadline - TIMER_SLACK_MS;
}

/**
 * The `totalTimeout` to give ky for what is left of the call: whole ms, at least 1, or `undefined`
 * when there is no deadline or more time is left than a timer counts (the policy still never
 * sleeps past the deadline).
 * @internal
 */
export function msLeft(deadline: number): number | undefined {
  if (deadline === Infinity) return undefined;
  const left = Math.max(1, Math.ceil(deadline - Date.now()));
  return left > MAX_TIMER_MS ? undefined : left;
}
