/**
 * The error hierarchy. Every failure this SDK reports is an {@link InngestError}, delivered as a
 * rejected promise. Messages are built only from data the SDK owns (method, a redacted path, the
 * API's own message), so no error, stack, `cause` chain or `util.inspect` output ever holds a key.
 *
 * Classes are branded with `Symbol.for`, so `instanceof` holds even when two copies of this
 * package (its CJS and ESM builds, say) are loaded in one process.
 *
 * @module
 */

import type { EventPayload } from "../wire/events.js";
import type { ValidationIssue } from "./issues.js";

export type { ValidationIssue };

const BRAND = Symbol.for("inngest-rest.error");


/**
 * Base class of every error this SDK throws. Check with `instanceof InngestError` or
 * {@link isInngestError}.
 *
 * @example
 * ```ts
 * try {
 *   await inngest.runs.get(id);
 * } catch (err) {
 *   if (err instanceof NotFoundError) return null;
 *   throw err;
 * }
 * ```
 */
export class InngestError extends Error {
  /** The class name as a string literal, safe from minifiers. */
  override name: string = "InngestError";
  /** @internal */
  static brand = "InngestError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    if (options && "cause" in options) {
      Object.defineProperty(this, "cause", { value: options.cause, writable: true, configurable: true });
    }
    const chain: string[] = [];
    for (let c: unknown = new.target; typeof c === "function" && "brand" in c; c = Object.getPrototypeOf(c)) {
      chain.push((c as typeof InngestError).brand);
    }
    Object.defineProperty(this, BRAND, { value: chain });
  }

  /**
   * `instanceof` by brand: true for errors from any loaded copy of this package (its CJS and
   * ESM builds in one process, say), not only this copy's classes.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    const chain = (value as { [BRAND]?: unknown } | null)?.[BRAND];
    return Array.isArray(chain) && chain.includes(this.brand);
  }
}

/**
 * Bad input, refused before any request was sent: an invalid event, parameter or option. A bad
 * option is this error wherever it was given (to `createInngestClient`, which throws it at once, or
 * to one call, which rejects with it before reading its input). `issues` names every problem found.
 */
export class ValidationError extends InngestError {
  override name = "ValidationError" as const;
  /** @internal */
  static override brand = "ValidationError";
  /** Every problem found, each with the event's index (for batches) and the field. */
  readonly issues: ValidationIssue[];

  constructor(message: string, issues: ValidationIssue[]) {
    super(`${message}\n${issues.slice(0, 10).map(formatIssue).join("\n")}${issues.length > 10 ? `\n  …and ${issues.length - 10} more` : ""}`);
    this.issues = issues;
  }
}

function formatIssue(issue: ValidationIssue): string {
  const at = issue.index === undefined ? "" : `event[${issue.index}]`;
  const where = [at, issue.path].filter(Boolean).join(".");
  return `  - ${where ? `${where}: ` : ""}${issue.message}`;
}

/** What the API answered, as kept on an {@link InngestApiError}. */
export interface ApiErrorDetails {
  /** HTTP status (or the Event API body's `status`). */
  status: number;
  /** HTTP method. */
  method: string;
  /** The request path with secrets replaced: the event key shows as `/e/***`. */
  path: string;
  /** The API's own message (from `error`, `errors[0].message`, or a plain-text body). */
  apiMessage: string;
  /** The API's error code, when it gives one (v2 `errors[0].code`, v1 `code`). */
  code?: string | undefined;
  /** The parsed response body: JSON when it parses, else the text. */
  body?: unknown;
  /** Response headers, lower-cased. */
  headers?: Record<string, string>;
  /** Ids the Event API says it accepted before failing (it is not atomic: a 400 can be partial). */
  acceptedIds?: string[];
  /** How many HTTP requests were made, the retry with `signingKeyFallback` included. */
  attempts?: number;
  /** Milliseconds the server asked to wait (Retry-After / X-RateLimit-Reset). */
  retryAfterMs?: number | undefined;
}

/**
 * The API answered with an error status, or with a success status whose body says it failed: an
 * Event API HTTP 200 with an `error`, or any answer whose body carries an `error` and a `status` of
 * 400 or more (behind Inngest's v1 cache, every v1 GET error comes as HTTP 200 so). Such an answer is
 * reported, and retried or not, as its body's `status`. Subclasses narrow it by status: {@link BadRequestError} 400, {@link AuthenticationError}
 * 401, {@link PermissionDeniedError} 403, {@link NotFoundError} 404, {@link ConflictError} 409,
 * {@link PayloadTooLargeError} 413, {@link UnprocessableEntityError} 422, {@link RateLimitError} 429, {@link InternalServerError} 5xx.
 */
export class InngestApiError extends InngestError {
  override name: string = "InngestApiError";
  /** @internal */
  static override brand = "InngestApiError";
  /** HTTP status; for an error that came as HTTP 200, the `status` its body gave. */
  readonly status: number;
  /** The API's error code, when it gives one (`"not_found"`, `"rate_limited"`, …). */
  readonly code: string | undefined;
  /** The API's own message (from `error`, `errors[0].message`, or a plain-text body); `""` when it gave none. */
  readonly apiMessage: string;
  /** The parsed error body as the API sent it. */
  readonly body: unknown;
  /** Response headers, lower-cased. */
  readonly headers: Record<string, string>;
  /** HTTP method of the failed request. */
  readonly method: string;
  /** Request path, redacted: the event key shows as `/e/***`. */
  readonly path: string;
  /** How many HTTP requests were made before giving up, the retry with `signingKeyFallback` included. */
  readonly attempts: number;
  /** Ids the Event API accepted from this request before it failed (a 400 can be partial). */
  readonly acceptedIds: string[];
  /**
   * Milliseconds the server asked to wait (`Retry-After`, `X-RateLimit-Reset`), when it said: on a
   * 429, or a 503 whose wait was longer than `maxRetryAfter`.
   */
  readonly retryAfterMs: number | undefined;

  constructor(details: ApiErrorDetails) {
    super(`${details.status} ${details.apiMessage || "(no message)"} (${details.method} ${details.path})`);
    this.status = details.status;
    this.code = details.code;
    this.apiMessage = details.apiMessage;
    this.body = details.body;
    this.headers = details.headers ?? {};
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts ?? 1;
    this.acceptedIds = details.acceptedIds ?? [];
    this.retryAfterMs = details.retryAfterMs;
  }

  /** @internal Picks the subclass for a status, the way openai-node's `APIError.generate` does. */
  static from(details: ApiErrorDetails): InngestApiError {
    const s = details.status;
    const Class =
      s === 400 ? BadRequestError
      : s === 401 ? AuthenticationError
      : s === 403 ? PermissionDeniedError
      : s === 404 ? NotFoundError
      : s === 409 ? ConflictError
      : s === 413 ? PayloadTooLargeError
      : s === 422 ? UnprocessableEntityError
      : s === 429 ? RateLimitError
      : s >= 500 ? InternalServerError
      : InngestApiError;
    return new Class(details);
  }
}

/** 400: the API refused the request as malformed. Not retried. */
export class BadRequestError extends InngestApiError {
  override name = "BadRequestError" as const;
  /** @internal */
  static override brand = "BadRequestError";
}
/** 401: the event key or signing key was refused. Not retried (but see `signingKeyFallback`). */
export class AuthenticationError extends InngestApiError {
  override name = "AuthenticationError" as const;
  /** @internal */
  static override brand = "AuthenticationError";
}
/** 403: the key is valid but may not do this. Not retried. */
export class PermissionDeniedError extends InngestApiError {
  override name = "PermissionDeniedError" as const;
  /** @internal */
  static override brand = "PermissionDeniedError";
}
/**
 * 404: no such resource (or, on the Event API, no such event key). Also raised for v1's
 * not-found quirk: `GET /v1/runs/{id}` and `GET /v1/runs/{id}/jobs` answer 500 "Unable to load
 * function run" for a missing run (as HTTP 500, or HTTP 200 behind the v1 cache); that answer is
 * reported as a `NotFoundError` whose `status` stays 500, and is not retried.
 */
export class NotFoundError extends InngestApiError {
  override name = "NotFoundError" as const;
  /** @internal */
  static override brand = "NotFoundError";
}
/**
 * 409: the request conflicts with the resource's state. Not retried. The one 409 Inngest sends to a
 * route this SDK calls, a reused idempotency key on `functions.invoke`, is read as the success it is
 * (`{ duplicate: true }`), so this is met only when that 409 carries no run id, or from a newer API or a
 * proxy. (Inngest's v1 cancel answers 200 for an ended run; the v2 `run_already_cancelled` and
 * `run_already_ended` codes belong to `POST /v2/runs/{id}/cancel`, which this SDK does not call.)
 * The parsed answer is in {@link InngestApiError.body}.
 */
export class ConflictError extends InngestApiError {
  override name = "ConflictError" as const;
  /** @internal */
  static override brand = "ConflictError";
}
/**
 * Codes of a 422 from `functions.invoke` (`pkg/api/v2/apiv2base/errors.go`): the function's own
 * flow control stopped the run. Other codes may appear as the API grows.
 */
export type UnprocessableEntityCode = "rate_limited" | "function_debounced" | "function_skipped" | (string & {});

/**
 * 422: the API took the request but did not act on it. `functions.invoke` meets it when the
 * function's flow control kept the run from being scheduled, and says which in `code`:
 * `"rate_limited"` (the function's `rateLimit`, not the API's own 429), `"function_debounced"`
 * (its `debounce`) or `"function_skipped"` (the function is paused or draining). Not retried: the
 * same request would meet the same rule.
 *
 * @example
 * ```ts
 * try {
 *   await inngest.functions.invoke("my-app", "send-digest", { userId: "u_1" });
 * } catch (err) {
 *   if (err instanceof UnprocessableEntityError && err.code === "function_skipped") console.log("paused");
 *   else throw err;
 * }
 * ```
 */
export class UnprocessableEntityError extends InngestApiError {
  override name = "UnprocessableEntityError" as const;
  /** @internal */
  static override brand = "UnprocessableEntityError";
  /** Why nothing ran: see {@link UnprocessableEntityCode}. */
  declare readonly code: UnprocessableEntityCode | undefined;
}
/** 413: the request or an event is over the size limit. Not retried. */
export class PayloadTooLargeError extends InngestApiError {
  override name = "PayloadTooLargeError" as const;
  /** @internal */
  static override brand = "PayloadTooLargeError";
}
/**
 * 429: rate limited. Retried while the server's wait (`Retry-After`, `X-RateLimit-Reset`) is
 * under `maxRetryAfter`; above it the SDK does not sleep and throws at once, with
 * {@link RateLimitError.retryAfterMs} so a serverless caller can decide what to do.
 */
export class RateLimitError extends InngestApiError {
  override name = "RateLimitError" as const;
  /** @internal */
  static override brand = "RateLimitError";
}
/**
 * 5xx: the server failed. 500, 502, 503 and 504 are retried (except for non-idempotent calls
 * such as `runs.replay`); 501 Not Implemented is not, since it will not change.
 */
export class InternalServerError extends InngestApiError {
  override name = "InternalServerError" as const;
  /** @internal */
  static override brand = "InternalServerError";
}

/**
 * No key for the call: the event key for `events.send`, the signing key for the REST API, found
 * neither in the client's options nor in the environment (and not in dev mode). Thrown before
 * any request; the message says where to put the key (or that the runtime refused to read the
 * environment, as Deno does without `--allow-env`). {@link MissingKeyError.option} names it.
 */
export class MissingKeyError extends InngestError {
  override name = "MissingKeyError" as const;
  /** @internal */
  static override brand = "MissingKeyError";
  /** The option that would have given the key. */
  readonly option: "eventKey" | "signingKey";

  constructor(message: string, option: "eventKey" | "signingKey") {
    super(message);
    this.option = option;
  }
}

/**
 * The server does not support what was asked, and never will answer otherwise: retrying cannot
 * help, so it is not retried. Met on Inngest's dev server, which has no store for bulk
 * cancellations: every `/v1/cancellations` call that passes validation panics there and answers
 * HTTP 500 with an empty body (and the `x-inngest-server-kind: dev` header of every dev server
 * answer). Inngest Cloud supports them; the emulator serves them as Cloud does. `status` stays
 * the server's 500; {@link NotSupportedError.feature} names what is missing.
 *
 * @example
 * ```ts
 * try {
 *   await inngest.cancellations.list();
 * } catch (err) {
 *   if (err instanceof NotSupportedError) console.log(err.message); // "The Inngest dev server does not support bulk cancellation (Inngest Cloud does) ..."
 *   else throw err;
 * }
 * ```
 */
export class NotSupportedError extends InngestApiError {
  override name = "NotSupportedError" as const;
  /** @internal */
  static override brand = "NotSupportedError";
  /** What the server does not support, e.g. `"bulk cancellation"`. */
  readonly feature: string;

  constructor(details: ApiErrorDetails, feature: string) {
    super(details);
    this.feature = feature;
    this.message = `The Inngest dev server does not support ${feature} (Inngest Cloud does): it answered ${details.status} with no body (${details.method} ${details.path})`;
  }
}

/**
 * No response arrived: DNS, refused or reset connection. `cause` is a sanitised copy of the
 * runtime's error (name, message and `code`, secrets removed). Retried.
 */
export class ConnectionError extends InngestError {
  override name: string = "ConnectionError";
  /** @internal */
  static override brand = "ConnectionError";
  /** HTTP method of the failed request. */
  readonly method: string;
  /** Request path, redacted. */
  readonly path: string;
  /** How many attempts were made. */
  readonly attempts: number;

  constructor(message: string, details: { method: string; path: string; attempts: number; cause?: unknown }) {
    super(`${message} (${details.method} ${details.path})`, "cause" in details ? { cause: details.cause } : undefined);
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts;
  }
}

/** An attempt ran past `timeout`, or all attempts past `totalTimeout`. */
export class TimeoutError extends ConnectionError {
  override name = "TimeoutError" as const;
  /** @internal */
  static override brand = "TimeoutError";
}

/**
 * The caller's `AbortSignal` fired. Named `"AbortError"`, so code that checks
 * `err.name === "AbortError"` keeps working; the signal's reason is the `cause`.
 */
export class AbortError extends InngestError {
  override name = "AbortError" as const;
  /** @internal */
  static override brand = "AbortError";
}

/**
 * Some events of a `send` were accepted and some were not. Nothing is lost: `ids` lines up with
 * the input (an id, or `null` where the event was not accepted) and `failedEvents` holds exactly
 * the events to send again, in input order. On a typed client, narrow with
 * `inngest.events.isPartialSendError(err)` to get `failedEvents` typed as the client's events.
 *
 * @example
 * ```ts
 * try {
 *   await inngest.events.send(batch);
 * } catch (err) {
 *   if (err instanceof PartialSendError) {
 *     await inngest.events.send(err.failedEvents); // completes the set, no event runs twice
 *   } else throw err;
 * }
 * ```
 */
export class PartialSendError<E = EventPayload> extends InngestError {
  override name = "PartialSendError" as const;
  /** @internal */
  static override brand = "PartialSendError";
  /** One entry per input event read: its id when accepted, `null` when not. */
  readonly ids: (string | null)[];
  /** The input events that were not accepted, in input order, ready to pass to `send` again. */
  readonly failedEvents: E[];
  /** Input positions of `failedEvents`. */
  readonly failedIndexes: number[];
  /** Why: one error per failed chunk (API errors, connection errors, a `ValidationError` for a stream). */
  readonly errors: InngestError[];

  constructor(ids: (string | null)[], failedEvents: E[], failedIndexes: number[], errors: InngestError[]) {
    const accepted = ids.length - failedEvents.length;
    super(
      `${accepted} of ${ids.length} events were accepted; ${failedEvents.length} were not (see failedEvents). First error: ${errors[0]?.message ?? "unknown"}`,
      { cause: errors[0] },
    );
    this.ids = ids;
    this.failedEvents = failedEvents;
    this.failedIndexes = failedIndexes;
    this.errors = errors;
  }
}

/** True for any error thrown by this SDK, from any loaded copy of it. */
export function isInngestError(value: unknown): value is InngestError {
  return value instanceof InngestError;
}

/** True for an HTTP error answer from the API ({@link InngestApiError} and its subclasses). */
export function isInngestApiError(value: unknown): value is InngestApiError {
  return value instanceof InngestApiError;
}

/**
 * True for a {@link PartialSendError} from any client. Its `failedEvents` are typed as plain
 * `EventPayload`s, which an untyped client's `send` takes. On a typed client
 * (`createInngestClient<Events>()`), narrow with `inngest.events.isPartialSendError(err)` instead: it
 * checks that this client threw the error and types `failedEvents` as the client's own events. (The
 * type parameter here is an unchecked assertion, kept for compatibility; prefer the client's guard.)
 */
export function isPartialSendError<E = EventPayload>(value: unknown): value is PartialSendError<E> {
  return value instanceof PartialSendError;
}
