/**
 * From what came back (an answer, or ky's error) to this SDK's typed errors. The only place that
 * looks inside a ky error; what leaves is always an {@link InngestError} built from data the SDK
 * owns, so no URL (with the event key in it), `Request` or header escapes.
 * @module
 */
import { AbortError, ConnectionError, InngestApiError, InngestError, NotFoundError, NotSupportedError, TimeoutError } from "../core/errors.js";
import { parseBody } from "./body.js";
import { pastDeadline } from "./config.js";
import type { Call, CallRecord } from "./call.js";
import type { AttemptFailure } from "./policy.js";
import { retryAfterMs } from "./retry.js";
import { redact, redactValue, sanitizeCause } from "./secrets.js";

/** An HTTP answer, its body parsed. (Reading a body is `body.ts`.) */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** What the mapping needs to know about the route. */
export interface RouteTraits {
  api: "event" | "rest";
  /** A v1 quirk: a 5xx whose message matches is really "not found". */
  notFound?: RegExp | undefined;
  /** What the route does, when the dev server does not support it (see {@link isDevUnsupported}). */
  devUnsupported?: string | undefined;
}

/** Response headers as a plain object with lower-case names. */
export function headersOf(headers: Headers | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  headers?.forEach((value, key) => {
    out[key.toLowerCase()] = value;
  });
  return out;
}

/** The typed error for an error answer. */
export function apiError(route: RouteTraits, answer: Answer, record: CallRecord, secrets: readonly string[]): InngestApiError {
  const { message, code } = errorMessage(answer.body);
  // Only the Event API answers the ids it took: on another route an `ids` field means nothing.
  const ids = route.api === "event" ? (answer.body as { ids?: unknown } | undefined)?.ids : undefined;
  const details = {
    status: answer.status,
    method: record.method,
    path: record.path,
    apiMessage: redact(message, secrets),
    code,
    body: redactValue(answer.body, secrets),
    // A proxy could echo the request URL (and so the event key) in a header such as `location`.
    headers: redactValue(answer.headers, secrets),
    attempts: record.attempts,
    retryAfterMs: retryAfterMs(answer.headers),
    ...(Array.isArray(ids) ? { acceptedIds: acceptedPrefix(ids) } : {}),
  };
  // GET /v1/runs/{id} answers 500 "Unable to load function run" for a run that does not exist.
  if (isNotFoundQuirk(route, answer.status, message)) return new NotFoundError(details);
  if (isDevUnsupported(route, answer)) return new NotSupportedError(details, route.devUnsupported!);
  return InngestApiError.from(details);
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

const isNotFoundQuirk = (route: RouteTraits, status: number, message: string) => !!route.notFound && status >= 500 && route.notFound.test(message);

/**
 * The dev server's answer to a route it has no store for: a 5xx with an empty body from a server
 * that says it is a dev server. pkg/devserver has no cancellation store, so every
 * `/v1/cancellations` call that passes validation panics and chi's recoverer answers an empty 500
 * (seen on the real dev server, test/real/cancellations.test.ts). It will never pass.
 */
function isDevUnsupported(route: RouteTraits, answer: Answer): boolean {
  return !!route.devUnsupported && answer.status >= 500 && answer.body === undefined && answer.headers["x-inngest-server-kind"] === "dev";
}

/**
 * The API's message and code from any of its error bodies: Event API `{ids,status,error}`,
 * v1 `{error,status,code?}`, v2 `{errors:[{code,message}]}`, or plain text (the dev server's 401).
 */
function errorMessage(body: unknown): { message: string; code: string | undefined } {
  if (typeof body === "string") return { message: body.trim().slice(0, 500), code: undefined };
  if (typeof body !== "object" || body === null) return { message: "", code: undefined };
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

// ky's error classes, told apart by name as ky's own guards do (ky is loaded lazily, and a
// second copy of it would fail `instanceof`).
interface KyHttpError extends Error {
  name: "HTTPError";
  response: Response;
  data: unknown;
}
const isKyHttpError = (e: unknown): e is KyHttpError => (e as Error | undefined)?.name === "HTTPError" && "response" in (e as object);

const isKyTimeout = (e: unknown) => (e as Error | undefined)?.name === "TimeoutError" && !(e instanceof InngestError);

/** The answer inside ky's `HTTPError`; its body was read by ky into `data` (through our `parseJson`). */
function answerOf(error: KyHttpError): Answer {
  const body = typeof error.data === "string" ? parseBody(error.data) : error.data;
  return { status: error.response.status, headers: headersOf(error.response.headers), body };
}

const REFUSED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** What the retry policy needs to know about an error ky caught. */
export function classify(error: unknown, route: RouteTraits, callerSignal: AbortSignal | undefined): AttemptFailure {
  if (callerSignal?.aborted) return { kind: "aborted" };
  if (isKyHttpError(error)) {
    const answer = answerOf(error);
    const final = isNotFoundQuirk(route, answer.status, errorMessage(answer.body).message) || isDevUnsupported(route, answer);
    return { kind: "status", status: answer.status, headers: answer.headers, final };
  }
  if (isKyTimeout(error)) return { kind: "timeout" };
  return { kind: "network", refused: REFUSED.has(String(causeCode(error) ?? "")) };
}

/**
 * Turns whatever ky threw into this SDK's error. `InngestError`s pass through; an `HTTPError`
 * becomes the API error; a timeout says which limit it hit; the caller's abort is an
 * `AbortError`; anything else is a `ConnectionError` with a sanitised copy of the cause.
 */
export function toInngestError(error: unknown, call: Call, secrets: readonly string[]): InngestError {
  if (error instanceof InngestError) return error;
  const { route, record, settings } = call;
  if (settings.signal?.aborted) return new AbortError("The request was aborted by the caller's AbortSignal.", { cause: settings.signal.reason });
  if (isKyHttpError(error)) return apiError(route, answerOf(error), record, secrets);
  const details = { method: record.method, path: record.path, attempts: record.attempts };
  if (isKyTimeout(error)) return new TimeoutError(timeoutMessage(call), details);
  const cause = sanitizeCause(error, secrets);
  const code = causeCode(cause);
  return new ConnectionError(`Connection failed: ${cause?.message ?? "no response"}${code === undefined ? "" : ` [${String(code)}]`}`, {
    ...details,
    ...(cause ? { cause } : {}),
  });
}

/** Which limit a timeout hit: the call's deadline (its `totalTimeout`, or its caller's deadline), else one attempt's `timeout`. */
function timeoutMessage({ settings }: Call): string {
  // ky's totalTimeout timer can fire a millisecond or two before Date.now() says the total is up.
  if (!pastDeadline(settings.deadline)) return `Attempt timed out after ${settings.timeout} ms`;
  return settings.totalTimeout !== undefined ? `Request exceeded totalTimeout of ${settings.totalTimeout} ms` : "Request ran past its deadline";
}

/** The `code` of an error or of its cause (undici puts `ECONNREFUSED` on the cause), skipping ky's wrapper. */
function causeCode(error: unknown): unknown {
  const e = error as { name?: unknown; code?: unknown; cause?: { code?: unknown; cause?: { code?: unknown } } } | undefined;
  if (e?.name === "NetworkError") return e.cause?.cause?.code ?? e.cause?.code;
  return e?.cause?.code ?? e?.code;
}
