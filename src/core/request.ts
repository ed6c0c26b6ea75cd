/**
 * THE request core. It alone touches ky, headers, auth, retries, timeouts and error mapping;
 * resources hand it a {@link Route} (a method, a path, a parser) and get typed values or typed
 * errors back. No ky error, `Request`, URL or header with a key in it ever leaves this file.
 * @module
 */
import type { KyInstance } from "ky";
import { callOptions, invalidOptions, missingKey, type RequestOptions, type ResolvedConfig } from "./config.js";
import {
  AbortError,
  ConnectionError,
  InngestApiError,
  InngestError,
  NotFoundError,
  TimeoutError,
} from "./errors.js";
import { backoffMs, RETRYABLE_STATUS, retryAfterMs, sleep } from "./retry.js";
import { hashSigningKey, redact, redactValue, sanitizeCause } from "./secrets.js";
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
  /** Turns the parsed body into the resource's type; throws (zod) when the shape is wrong. */
  parse: (body: unknown) => T;
}

/** Options a resource may forward from the caller. */
export type { RequestOptions };

/** The core as resources see it: no secrets, just `request` and the non-secret settings. @internal */
export interface Core {
  request<T>(route: Route<T>, options?: RequestOptions): Promise<T>;
  readonly settings: Pick<ResolvedConfig, "batchSize" | "concurrency" | "maxEventSize" | "maxRetries" | "timeout" | "totalTimeout">;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const TIMED_OUT = Symbol("timeout");
// ky is loaded on the first request, not at import: importing it builds a Request at module load,
// which makes Node load its whole fetch implementation (40-80 ms measured) before the app needs it.
let kyModule: Promise<KyInstance> | undefined;
const loadKy = () => (kyModule ??= import("ky").then((m) => m.default));
const HEADER_SAFE = /^[\x21-\x7e]+$/;
const REFUSED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** Builds the request core for one client. Keys stay in this closure. @internal */
export function createCore(config: ResolvedConfig): Core {
  const secrets = [config.eventKey, config.signingKey, config.signingKeyFallback].filter(
    (s): s is string => typeof s === "string" && s.length > 0,
  );
  let hashed: Promise<[string, string | undefined]> | undefined;
  const hashedKeys = () =>
    (hashed ??= Promise.all([
      config.signingKey ? hashSigningKey(config.signingKey) : "",
      config.signingKeyFallback ? hashSigningKey(config.signingKeyFallback) : undefined,
    ]).then((keys) => {
      for (const k of keys) if (k && !secrets.includes(k)) secrets.push(k);
      return keys;
    }));

  // Called unbound: a user's `fetch: window.fetch` throws "Illegal invocation" when called as a method.
  const runtimeFetch = config.fetch;

  const baseHeaders: Record<string, string> = {
    ...config.headers,
    "user-agent": `inngest-rest/${VERSION}`,
    "x-inngest-sdk": `inngest-rest:v${VERSION}`,
  };
  if (config.env) baseHeaders["x-inngest-env"] = config.env;

  async function request<T>(route: Route<T>, options?: RequestOptions): Promise<T> {
    const call = callOptions(config, options);
    const { method } = route;
    const headers: Record<string, string> = { ...baseHeaders, ...route.headers };
    if (route.body !== undefined) headers["content-type"] = "application/json";

    let url: string;
    let path: string;
    let fallbackKey: string | undefined;
    if (route.api === "event") {
      // The dev server takes any key; the official SDK sends this placeholder.
      const key = config.eventKey ?? (config.isDev ? "NO_EVENT_KEY_SET" : undefined);
      if (!key) throw missingKey(config, "eventKey");
      url = `${config.eventBaseUrl}/e/${encodeURIComponent(key)}`;
      path = "/e/***";
    } else {
      path = (route.path ?? "/") + queryString(route.query);
      url = config.apiBaseUrl + path;
      if (config.signingKey) {
        // A key with a stray newline (a secret file's) would make the Request constructor throw,
        // which would read as a network failure: say what it is instead, without showing the key.
        if (!HEADER_SAFE.test(config.signingKey) || (config.signingKeyFallback !== undefined && !HEADER_SAFE.test(config.signingKeyFallback))) {
          throw invalidOptions([{ path: "signingKey", message: "contains whitespace or a control character (or its fallback does); check for a trailing newline" }]);
        }
        const [primary, fallback] = await hashedKeys();
        headers.authorization = `Bearer ${primary}`;
        fallbackKey = fallback;
      } else if (!config.isDev) {
        throw missingKey(config, "signingKey");
      }
    }

    const idempotent = route.idempotent !== false;
    const deadline = call.totalTimeout === undefined ? Infinity : Date.now() + call.totalTimeout;
    const signal = call.signal;
    const aborted = () => new AbortError("The request was aborted by the caller's AbortSignal.", { cause: signal?.reason });
    let attempts = 0;
    let retries = 0;

    for (;;) {
      attempts++;
      if (signal?.aborted) throw aborted();
      let failure: InngestError;
      let retryable: boolean;
      let wait: number | undefined;
      try {
        const answer = await attempt(url, method, headers, route.body, signal, Math.min(call.timeout, deadline - Date.now()));
        const apiError = toApiError(route, answer, method, path, attempts);
        if (!apiError) {
          try {
            return route.parse(answer.body);
          } catch (err) {
            throw new InngestError(`Unexpected response shape from ${method} ${path}: ${describeParseError(err)}`);
          }
        }
        // Key rotation: a 401/403 is tried once more with the fallback key, as inngest-js does. That
        // request counts in `attempts` (every HTTP request does) but not against `maxRetries`.
        if ((apiError.status === 401 || apiError.status === 403) && fallbackKey) {
          headers.authorization = `Bearer ${fallbackKey}`;
          fallbackKey = undefined;
          continue;
        }
        failure = apiError;
        wait = apiError.retryAfterMs;
        retryable =
          !(apiError instanceof NotFoundError) &&
          RETRYABLE_STATUS.has(apiError.status) &&
          (idempotent || apiError.status === 429);
        // A server wait longer than we may sleep: do not sleep it, say it (serverless callers decide).
        if (retryable && wait !== undefined && wait > config.maxRetryAfter) retryable = false;
      } catch (err) {
        if (err instanceof InngestError) throw err;
        if (signal?.aborted) throw aborted();
        const cause = sanitizeCause(err === TIMED_OUT ? undefined : err, secrets);
        const details = { method, path, attempts, ...(cause ? { cause } : {}) };
        if (err === TIMED_OUT) {
          failure = new TimeoutError(
            Date.now() >= deadline ? `Request exceeded totalTimeout of ${call.totalTimeout} ms` : `Attempt timed out after ${call.timeout} ms`,
            details,
          );
          retryable = idempotent;
        } else {
          failure = new ConnectionError(`Connection failed: ${cause?.message ?? "no response"}${causeCode(cause)}`, details);
          retryable = idempotent || REFUSED.has(String((cause?.cause as { code?: unknown } | undefined)?.code ?? (cause as { code?: unknown } | undefined)?.code));
        }
      }
      const delay = wait ?? backoffMs(retries + 1, config.retryBaseDelay, config.retryMaxDelay);
      if (!retryable || retries >= call.maxRetries || Date.now() + delay >= deadline) throw failure;
      retries++;
      await sleep(delay, signal, aborted);
    }
  }

  /**
   * One attempt through ky. ky's own retries and timeout are off: this core owns both, so the
   * event-id seed, Retry-After cap and key fallback behave the same on every route. The per-attempt
   * timer and the caller's signal share one AbortController, and both listeners are removed after.
   */
  async function attempt(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
    timeout: number,
  ): Promise<Answer> {
    // Loaded before the timer starts: loading ky is not the server's time.
    const ky = await loadKy();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, Math.max(0, timeout));
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const response = await ky(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        // ky hands its fetch a Request whose body is a stream; the runtime would copy that Request
        // and stream the body. The body is a string we hold, so hand the runtime the plain form:
        // the same URL, method and headers (ky's, merged). The signal is ours, given straight to
        // the runtime: ky needs none with its own timeout and retries off, and giving it one costs
        // an AbortSignal.any per request.
        fetch: (input, init) =>
          input instanceof Request
            ? runtimeFetch(input.url, {
                method: input.method,
                headers: input.headers,
                ...(body === undefined ? {} : { body }),
                signal: controller.signal,
              })
            : runtimeFetch(input, { ...init, signal: controller.signal }),
        timeout: false,
        retry: 0,
        throwHttpErrors: false,
      });
      // Read the body under the same timer: a stalled body is a timeout too.
      const text = await response.text();
      const out: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        out[key.toLowerCase()] = value;
      });
      return { status: response.status, headers: out, body: parseBody(text) };
    } catch (err) {
      if (timedOut && !signal?.aborted) throw TIMED_OUT;
      throw err;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Maps an answer to a typed error, or `undefined` when it is a success. */
  function toApiError(route: Route<unknown>, answer: Answer, method: string, path: string, attempts: number) {
    const body = answer.body as { status?: unknown; error?: unknown; ids?: unknown } | undefined;
    let status = answer.status;
    if (status < 400) {
      const inBody = bodyErrorStatus(route, answer);
      if (inBody === undefined) return undefined;
      // Reported, and retried or not, exactly as the same status over HTTP would be.
      status = inBody;
    }
    const { message, code } = errorMessage(answer.body);
    const apiMessage = redact(message, secrets);
    const details = {
      status,
      method,
      path,
      apiMessage,
      code,
      body: redactValue(answer.body, secrets),
      // A proxy could echo the request URL (and so the event key) in a header such as `location`.
      headers: redactValue(answer.headers, secrets),
      attempts,
      retryAfterMs: retryAfterMs(answer.headers),
      ...(Array.isArray(body?.ids) ? { acceptedIds: acceptedPrefix(body.ids) } : {}),
    };
    // GET /v1/runs/{id} answers 500 "Unable to load function run" for a run that does not exist.
    if (route.notFound && status >= 500 && route.notFound.test(message)) return new NotFoundError(details);
    return InngestApiError.from(details);
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
 * The status of an error that came as a success (HTTP < 400) with the error in its body, or
 * `undefined` when the answer is a real success.
 */
function bodyErrorStatus(route: Route<unknown>, answer: Answer): number | undefined {
  const body = answer.body;
  if (typeof body !== "object" || body === null) return undefined;
  const { status, error } = body as { status?: unknown; error?: unknown };
  const bodyStatus = typeof status === "number" && status >= 400 ? status : undefined;
  // pkg/api/apiv1/cache.go: the v1 cache middleware (in front of every cached v1 GET) copies the
  // handler's headers and body but never its status, so a v1 error arrives as HTTP 200 with
  // publicerr's body `{error, data: null, status}`. Any answer shaped so is that error.
  if (typeof error === "string" && error !== "" && bodyStatus !== undefined) return bodyStatus;
  // The Event API can answer HTTP 200 with an error in the body; inngest-js checks both fields.
  if (route.api === "event" && ((typeof status === "number" && status !== 200) || !!error)) return bodyStatus ?? answer.status;
  return undefined;
}

/**
 * The ids of the events the Event API accepted before it failed: the leading non-empty strings.
 * pkg/api/api.go answers `ids[0:max+1]` of a slice of empty strings, so a request whose first event
 * failed still carries one id, `""`: that is no accepted event.
 */
function acceptedPrefix(ids: unknown[]): string[] {
  const end = ids.findIndex((id) => typeof id !== "string" || id === "");
  return (end === -1 ? ids : ids.slice(0, end)) as string[];
}

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

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  const first = text.trimStart()[0];
  if (first === "{" || first === "[") {
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return text;
}

/**
 * The API's message and code from any of its error bodies: Event API `{ids,status,error}`,
 * v1 `{error,status,code?}`, v2 `{errors:[{code,message}]}`, or plain text (the dev server's 401).
 */
function errorMessage(body: unknown): { message: string; code: string | undefined } {
  if (typeof body === "string") return { message: body.trim().slice(0, 500), code: undefined };
  if (typeof body === "object" && body !== null) {
    const b = body as { errors?: unknown; error?: unknown; message?: unknown; code?: unknown };
    if (Array.isArray(b.errors) && b.errors.length > 0) {
      const first = b.errors[0] as { code?: unknown; message?: unknown };
      return {
        message: typeof first.message === "string" ? first.message : String(first.code ?? ""),
        code: typeof first.code === "string" ? first.code : undefined,
      };
    }
    const message = typeof b.error === "string" && b.error ? b.error : typeof b.message === "string" ? b.message : "";
    return { message, code: typeof b.code === "string" ? b.code : undefined };
  }
  return { message: "", code: undefined };
}

function causeCode(cause: Error | undefined): string {
  const code = (cause?.cause as { code?: unknown } | undefined)?.code ?? (cause as { code?: unknown } | undefined)?.code;
  return code === undefined ? "" : ` [${String(code)}]`;
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
