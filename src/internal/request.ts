/**
 * THE request core. Resources hand it a {@link Route} (a method, a path, a parser) and get typed
 * values or typed errors back. ky is the engine: it runs the attempts, the retry loop and its
 * abort-aware sleep, the per-attempt `timeout` (which also covers reading the body) and the
 * `totalTimeout`. (The first attempt is a ky call without retries, so ky does not clone its
 * `Request` for a retry that most calls never make; see `attempts`.) This core gives it the SDK's
 * policy (`policy.ts`), the auth step (`auth.ts`) and a `fetch` that counts attempts, reports them
 * and reads a successful answer's body within the attempt (`transport.ts`), and maps what comes
 * back (`answer.ts`). No ky error, `Request`, URL or header with a key in it ever leaves the core.
 * @module
 */
import type { KyInstance, Options as KyOptions } from "ky";
import { bodyFailure, apiError, classify, headersOf, type Limits, parseBody, toInngestError } from "./answer.js";
import { createAuth, type Target } from "./auth.js";
import type { RequestOptions } from "../core/options.js";
import { type CallInput, callOptions, type ResolvedConfig } from "./config.js";
import { AuthenticationError, InngestError, PermissionDeniedError } from "../core/errors.js";
import { lazy } from "./lazy.js";
import { notify } from "./notify.js";
import { decideRetry, kyRetry, type RetryContext } from "./policy.js";
import { sleep } from "./retry.js";
import { attemptFetch, type CallRecord, type Sent } from "./transport.js";
import { VERSION } from "../version.js";

/** A request a resource asks the core to make. @internal */
export interface Route<T> {
  /** `event` posts to `{eventBaseUrl}/e/{eventKey}`; `rest` calls `{apiBaseUrl}{path}` with the signing key. */
  api: "event" | "rest";
  method: "GET" | "POST" | "DELETE";
  /** Already-encoded path for `rest` routes (build it with `path`). Ignored for `event`. */
  path?: string;
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  /** JSON text of the body. */
  body?: string;
  headers?: Record<string, string>;
  /**
   * `false` for calls that are not idempotent (`runs.replay`): they are retried only when the
   * server certainly did not act (429, or a connection that was refused), never after a 5xx,
   * a timeout or a reset, since the request may have reached the server.
   * @default true
   */
  idempotent?: boolean;
  /** A v1 quirk: a 5xx whose message matches is really "not found" (not retried, `NotFoundError`). */
  notFound?: RegExp;
  /**
   * What the route does, for a dev server that does not support it: its empty 5xx is a
   * `NotSupportedError` naming this, not retried (bulk cancellation, `answer.ts` `isDevUnsupported`).
   */
  devUnsupported?: string;
  /** Turns the parsed body into the resource's type; throws or rejects (zod) when the shape is wrong. */
  parse: (body: unknown) => T | Promise<T>;
}

/** Options a resource may forward from the caller. */
export type { RequestOptions };

/** The core as resources see it: no secrets, just `request` and the non-secret settings. @internal */
export interface Core {
  request<T>(route: Route<T>, options?: CallInput): Promise<T>;
  readonly settings: Pick<ResolvedConfig, "batchSize" | "concurrency" | "maxEventSize" | "maxRetries" | "timeout" | "totalTimeout">;
}

type Call = ReturnType<typeof callOptions>;

// ky is loaded on the first request, not at import: importing it builds a Request at module load,
// which makes Node load its whole fetch implementation (40-80 ms measured) before the app needs it.
const loadKy = lazy<KyInstance>(() => import("ky").then((m) => m.default));

/** Builds the request core for one client. Keys stay in the auth step's closure. @internal */
export function createCore(config: ResolvedConfig): Core {
  const auth = createAuth(config);
  const baseHeaders: Record<string, string> = {
    ...config.headers,
    "user-agent": `inngest-rest/${VERSION}`,
    "x-inngest-sdk": `inngest-rest:v${VERSION}`,
  };
  if (config.env) baseHeaders["x-inngest-env"] = config.env;

  async function request<T>(route: Route<T>, options?: CallInput): Promise<T> {
    const call = callOptions(config, options);
    // Synchronous once the signing keys are hashed: an `await` per call is work too.
    const found = auth.target(route.api, (route.path ?? "/") + queryString(route.query));
    const target = found instanceof Promise ? await found : found;
    const record: CallRecord = { method: route.method, path: target.path, attempts: 0 };
    const limits: Limits = { timeout: call.timeout, totalTimeout: call.totalTimeout, started: Date.now() };
    const body = await withKeyRotation(route, call, target, record, limits);
    try {
      return await route.parse(body);
    } catch (err) {
      throw new InngestError(`Unexpected response shape from ${record.method} ${record.path}: ${describeParseError(err)}`);
    }
  }

  /**
   * Key rotation, as inngest-js does it: a 401/403 is tried once more with the hashed
   * `signingKeyFallback`, as a fresh ky call. (Not `ky.retry()` from a hook: ky checks its retry
   * limit first, so with `maxRetries: 0` the fallback would never be tried, and it would spend
   * one of the caller's retries.)
   */
  /** Tells the observer the next attempt of `record`'s call is coming, after `delayMs`, and why. */
  function retried(record: CallRecord, { delayMs, reason }: { delayMs: number; reason: string }): void {
    notify(config.observe, { type: "retry", method: record.method, path: record.path, attempt: record.attempts + 1, delayMs, reason });
  }

  async function withKeyRotation(route: Route<unknown>, call: Call, target: Target, record: CallRecord, limits: Limits): Promise<unknown> {
    const [primary, fallback] = target.authorizations;
    try {
      return await attempts(route, call, target, primary, record, limits);
    } catch (err) {
      if (!fallback || !(err instanceof AuthenticationError || err instanceof PermissionDeniedError)) throw err;
      retried(record, { delayMs: 0, reason: "signing key refused: trying signingKeyFallback" });
      return attempts(route, call, target, fallback, record, limits);
    }
  }

  /**
   * Every attempt of the route with one key. Resolves to the parsed body.
   *
   * The first attempt is a ky call of its own, without retries, and only a failure the policy
   * retries goes on to a second ky call with the retries left. ky keeps a clone of its `Request`
   * for a retry before every attempt of a call that may retry (30-80 µs of CPU each, most of it
   * the clone's abort-signal wiring), and most calls succeed at once.
   */
  async function attempts(route: Route<unknown>, call: Call, target: Target, authorization: string | undefined, record: CallRecord, limits: Limits): Promise<unknown> {
    // Nothing goes out on a signal that has already fired.
    if (call.signal?.aborted) throw toInngestError(undefined, route, record, limits, call.signal, auth.secrets);
    const ky = loadKy.loaded() ?? (await loadKy());
    const sent: Sent = { headers: headersFor(route, authorization), body: route.body };
    try {
      try {
        await ky(target.url, kyOptions(route, call, sent, record));
      } catch (err) {
        const ctx = retryContext(route, limits);
        const decision = call.maxRetries > 0 ? decideRetry(classify(err, route, call.signal), 1, ctx) : ({ retry: false } as const);
        if (!decision.retry) throw err;
        // The wait ky would sleep between its attempts: the caller's abort ends it at once.
        await sleep(decision.delayMs, call.signal, () => call.signal?.reason);
        retried(record, decision);
        const left = limits.totalTimeout === undefined ? undefined : ctx.deadline - Date.now();
        await ky(target.url, kyOptions(route, call, sent, record, left, call.maxRetries - 1, 1, ctx));
      }
      // The transport read the body of the answer ky accepted, under that attempt's timer.
      const text = record.answered?.text ?? "";
      const body = parseBody(text);
      // An error status in the body was made the answer's status by the transport; what is
      // left is the Event API's 200 that says `status: 200` and still has an `error`.
      const failed = mayFailInBody(route) && bodyFailure(route, { status: record.answered?.status ?? 200, body });
      if (failed) throw apiError(route, { ...failed, headers: headersOf(record.answered?.headers) }, record, auth.secrets);
      return body;
    } catch (err) {
      throw toInngestError(err, route, record, limits, call.signal, auth.secrets);
    }
  }

  function retryContext(route: Route<unknown>, limits: Limits): RetryContext {
    return {
      idempotent: route.idempotent !== false,
      retryBaseDelay: config.retryBaseDelay,
      retryMaxDelay: config.retryMaxDelay,
      maxRetryAfter: config.maxRetryAfter,
      deadline: limits.totalTimeout === undefined ? Infinity : limits.started + limits.totalTimeout,
    };
  }

  /** The headers of every attempt with one key. */
  function headersFor(route: Route<unknown>, authorization: string | undefined): Record<string, string> {
    // Object.assign, not a spread of two objects: measured 0.2 against 4 µs per call.
    const headers: Record<string, string> = Object.assign({}, baseHeaders, route.headers);
    if (authorization) headers.authorization = authorization;
    if (route.body !== undefined) headers["content-type"] = "application/json";
    return headers;
  }

  /**
   * The options of one ky call: `retries` more attempts after its first, which is attempt `done + 1`
   * of the route. With no retries (the first attempt) there is no retry policy and no hook, and
   * nothing ky would only set to its default: ky merges and normalises every option it is given on
   * every call, so each one left out is work saved. No headers or body for ky either: the
   * transport hands them to the runtime (see `attemptFetch`).
   */
  function kyOptions(route: Route<unknown>, call: Call, sent: Sent, record: CallRecord, totalTimeout = call.totalTimeout, retries = 0, done = 0, ctx?: RetryContext): KyOptions {
    const options: KyOptions = {
      timeout: call.timeout,
      // Error bodies keep their text when they are not JSON (a proxy's HTML, a dev server's 401).
      parseJson: parseBody,
      fetch: attemptFetch(config.fetch, sent, record, config.observe, call.signal, auth.secrets, mayFailInBody(route) ? statusInBody(route) : undefined),
      retry: 0,
    };
    if (route.method !== "GET") options.method = route.method;
    if (call.signal) options.signal = call.signal;
    if (totalTimeout !== undefined) options.totalTimeout = totalTimeout;
    if (ctx) {
      let planned = { delayMs: 0, reason: "" };
      options.retry = kyRetry(retries, ctx, (error) => classify(error, route, call.signal), ({ delayMs, reason }) => (planned = { delayMs, reason }), done);
      options.hooks = {
        beforeRetry: [() => retried(record, planned)],
      };
    }
    return options;
  }

  return {
    request,
    settings: {
      batchSize: config.batchSize,
      concurrency: config.concurrency,
      maxEventSize: config.maxEventSize,
      maxRetries: config.maxRetries,
      timeout: config.timeout,
      totalTimeout: config.totalTimeout,
    },
  };
}

/**
 * The Event API and v1 can answer an error as HTTP 200 with the status in the body (see
 * `bodyFailure`); v2 never does, so its pages skip the extra read of the body. A DELETE never
 * does either: its 2xx is a success whatever the body (v1's cache middleware, which hides a
 * status in the body, is on GETs only; `DELETE /v1/cancellations/{id}` is specified as a 200 with
 * no content, and a 204 is as good).
 */
const mayFailInBody = (route: Route<unknown>) => route.method !== "DELETE" && (route.api === "event" || !!route.path?.startsWith("/v1/"));

/** The status an error answered as HTTP 200 carries in its body (see `bodyFailure`), if any. */
const statusInBody = (route: Route<unknown>) => (status: number, text: string) => {
  const failed = bodyFailure(route, { status, body: parseBody(text) });
  return failed && failed.status >= 400 ? failed.status : undefined;
};

function queryString(query: Route<unknown>["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

function describeParseError(err: unknown): string {
  const issues = (err as { issues?: { path?: PropertyKey[]; message?: string }[] }).issues;
  if (Array.isArray(issues)) {
    return issues
      .slice(0, 5)
      .map((i) => `${(i.path ?? []).map(String).join(".") || "(root)"}: ${i.message ?? "invalid"}`)
      .join("; ");
  }
  return err instanceof Error ? err.message : String(err);
}
