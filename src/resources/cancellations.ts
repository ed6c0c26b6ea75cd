import type { RequestOptions } from "../core/options.js";
import type { PagePromise } from "../core/pagination.js";
import { ValidationError, type ValidationIssue } from "../core/errors.js";
import { path } from "../internal/path.js";
import type { Core } from "../internal/request.js";
import type { Cancellation } from "../wire/cancellations.js";
import { parseWith } from "../wire/load.js";
import { list, onePage } from "./list.js";
import { timeParam } from "./params.js";

/** The method and path `cancellations.create` sends (the CLI's `--dry-run` prints them). @internal */
export const CREATE_CANCELLATION_ROUTE = { method: "POST", path: "/v1/cancellations" } as const;

/** The method and path `cancellations.delete` sends (the CLI's `--dry-run` prints them). @internal */
export const deleteCancellationRoute = (id: string) => ({ method: "DELETE", path: path`/v1/cancellations/${id}` }) as const;

/** What to cancel, for {@link Cancellations.create} (`POST /v1/cancellations`). */
export interface CreateCancellationParams {
  /** The app's id (its SDK client id, e.g. `"my-app"`). */
  appId: string;
  /**
   * The function's id. The published spec calls it "the function ID specified in the SDK"; the
   * dev server matches it against the slug Inngest stores, alone (`pkg/cqrs/manager/cqrs.go`,
   * `GetFunctionByExternalID`), which for apps served by inngest-js is app-prefixed
   * (`"my-app-send-email"`). The created cancellation's `functionId` shows the slug it matched.
   */
  functionId: string;
  /** Cancel only runs started after this time (a `Date` or an RFC 3339 string). Default: no lower bound. */
  startedAfter?: Date | string | undefined;
  /** Cancel runs started before this time. Required, and not in the future (the server allows 5 s of clock skew). */
  startedBefore: Date | string;
  /**
   * A CEL expression on the run's triggering event, e.g. `"event.data.userId == 'u_1'"`: only
   * matching runs are cancelled. A bad expression is a 400 `BadRequestError` ("invalid expression").
   */
  if?: string | undefined;
}

/** The dev server has no cancellation store: its empty 500 on every route is a `NotSupportedError` naming this. */
const FEATURE = "bulk cancellation";

/** `pkg/api/apiv1/cancellation.go` (`Validate`): started_before may be at most 5 s in the future. */
const CLOCK_SKEW_MS = 5_000;
/** A cancellation id is a ULID: `ulid.Parse` refuses any other length with 400 "Invalid cancellation ID". */
const ULID_LENGTH = 26;

/**
 * The body `cancellations.create` sends (snake_case JSON), after the checks the server's
 * `CreateCancellationBody.Validate` makes, made before the wire: a {@link ValidationError} when any
 * fails. The CLI's `--dry-run` calls it too, so a dry run refuses what the real call refuses and
 * prints what it would send. @internal
 */
export function createCancellationBody(params: CreateCancellationParams, now: number): string {
  const { body, issues } = validate(params, now);
  if (issues.length > 0) throw new ValidationError("Invalid cancellations.create parameters: nothing was sent.", issues);
  return body;
}

function validate(params: CreateCancellationParams, now: number): { body: string; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  for (const name of ["appId", "functionId"] as const) {
    if (typeof params[name] !== "string" || params[name] === "") issues.push({ path: name, message: "is required (a non-empty string)" });
  }
  const before = timeParam("startedBefore", params.startedBefore, issues);
  if (params.startedBefore === undefined) issues.push({ path: "startedBefore", message: "is required" });
  if (before && before.getTime() > now + CLOCK_SKEW_MS) issues.push({ path: "startedBefore", message: "must be in the past" });
  const after = timeParam("startedAfter", params.startedAfter, issues);
  if (before && after && after.getTime() > before.getTime()) issues.push({ path: "startedAfter", message: "must be before startedBefore" });
  if (params.if !== undefined && typeof params.if !== "string") issues.push({ path: "if", message: "must be a string (a CEL expression)" });
  const body = {
    app_id: params.appId,
    function_id: params.functionId,
    started_before: before?.toISOString(),
    ...(after ? { started_after: after.toISOString() } : {}),
    ...(params.if === undefined ? {} : { if: params.if }),
  };
  return { body: JSON.stringify(body), issues };
}

/**
 * Bulk cancellation: cancel every run of a function that started in a time range, optionally
 * only those whose event matches an expression. Reach it as `inngest.cancellations`. Uses REST v1
 * (v2 has no such route).
 *
 * **Inngest Cloud only.** The Inngest dev server (`npx inngest-cli dev`) does not support bulk
 * cancellation: it has no cancellation store and answers every call with an empty HTTP 500. Each
 * method then rejects at once, without retrying, with a {@link NotSupportedError} that says so.
 * The emulator (`inngest-rest/testing`) serves bulk cancellation as Cloud does.
 */
export class Cancellations {
  readonly #core: Core;

  /** @internal */
  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Creates a bulk cancellation (`POST /v1/cancellations`) and resolves it. Inngest then cancels
   * the matching runs, queued or running, asynchronously; runs that already ended are untouched.
   *
   * **Not idempotent:** each call that reaches the server makes another cancellation, so it is
   * retried only when the request cannot have reached the server. A duplicate cancels nothing
   * more, but shows in `list()`.
   *
   * @throws {@link ValidationError} before any request when `appId`/`functionId` are missing,
   *   `startedBefore` is missing, not a time or in the future, or `startedAfter` is after it.
   * @throws {@link NotFoundError} when Inngest knows no such function ("function not found").
   * @throws {@link BadRequestError} for a CEL `if` that does not compile ("invalid expression: ...").
   * @throws {@link NotSupportedError} on the Inngest dev server, which does not support bulk cancellation.
   * @throws {@link InngestApiError} for any other error answer.
   *
   * @example
   * ```ts
   * const cancellation = await inngest.cancellations.create({
   *   appId: "my-app",
   *   functionId: "my-app-send-email",
   *   startedAfter: new Date(Date.now() - 3_600_000),
   *   startedBefore: new Date(),
   *   if: "event.data.userId == 'u_1'",
   * });
   * ```
   */
  async create(params: CreateCancellationParams, options?: RequestOptions): Promise<Cancellation> {
    const body = createCancellationBody(params ?? ({} as CreateCancellationParams), Date.now());
    return this.#core.request(
      { api: "rest", ...CREATE_CANCELLATION_ROUTE, body, idempotent: false, devUnsupported: FEATURE, parse: parseWith("createdCancellationSchema") },
      options,
    );
  }

  /**
   * Lists every cancellation in the environment (`GET /v1/cancellations`), as every list of the
   * SDK: a {@link PagePromise}. The API does not page this list, so its first page is all of it
   * (`hasMore: false`); `for await` walks it the same.
   *
   * @throws {@link NotSupportedError} on the Inngest dev server, which does not support bulk cancellation.
   * @throws {@link InngestApiError} for an error answer.
   *
   * @example
   * ```ts
   * for await (const c of inngest.cancellations.list()) console.log(c.id, c.functionId, c.startedBefore);
   * ```
   */
  list(options?: RequestOptions): PagePromise<Cancellation> {
    return list(
      this.#core,
      {
        name: "cancellations.list",
        path: () => "/v1/cancellations",
        schema: { parse: parseWith("cancellationsEnvelope") },
        page: onePage,
        quirks: { devUnsupported: FEATURE },
      },
      options,
    );
  }

  /**
   * Deletes a cancellation (`DELETE /v1/cancellations/{id}`): from then on it stops no more runs.
   * Runs it already cancelled stay cancelled. Resolves to nothing: any 2xx answer is a success,
   * whatever its body (`{ data: { ok: true } }`, none, or a 204).
   *
   * @param id - The cancellation's id (a 26-character ULID, as `create` and `list` give it).
   * @throws {@link ValidationError} for an id that is not a ULID; nothing is sent.
   * @throws {@link NotFoundError} when there is no such cancellation (also when a retry of this
   *   call follows an attempt that deleted it).
   * @throws {@link NotSupportedError} on the Inngest dev server, which does not support bulk cancellation.
   * @throws {@link InngestApiError} for any other error answer.
   *
   * @example
   * ```ts
   * await inngest.cancellations.delete(cancellation.id);
   * ```
   */
  async delete(id: string, options?: RequestOptions): Promise<void> {
    const route = deleteCancellationRoute(id);
    if (id.length !== ULID_LENGTH) {
      throw new ValidationError("Invalid cancellation id: nothing was sent.", [{ path: "id", message: `must be a ${ULID_LENGTH}-character ULID` }]);
    }
    await this.#core.request({ api: "rest", ...route, devUnsupported: FEATURE, parse: () => undefined }, options);
  }
}
