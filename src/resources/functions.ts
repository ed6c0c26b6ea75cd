import type { RequestOptions } from "../core/options.js";
import { ConflictError, ValidationError, type ValidationIssue } from "../core/errors.js";
import type { PagePromise } from "../core/pagination.js";
import { path } from "../internal/path.js";
import type { Core } from "../internal/request.js";
import type { InngestFunction, InvokeResult } from "../wire/functions.js";
import { parseWith } from "../wire/load.js";
import { isObject } from "../wire/read.js";
import { list } from "./list.js";
import { jsonBody } from "./params.js";

/** Options of {@link Functions.invoke}. */
export interface InvokeOptions extends RequestOptions {
  /**
   * Makes the call safe to repeat: the server starts at most one run per key (within its
   * idempotency period) and answers a repeat with the first run's id and `duplicate: true`. With
   * a key the SDK also retries the call on any retryable failure; without one it retries only
   * when the request cannot have reached the server. A non-empty string; hash your own ids if
   * they are long. (The dev server also starts one extra run per request with a key that reaches
   * it, from the `inngest/function.invoked` event the request stores, keyed on that event's own
   * id: pkg/api/v2/endpoints_function.go. Inngest Cloud: unknown.)
   */
  idempotencyKey?: string | undefined;
}

/** Paging for {@link Functions.list} (`GET /v2/apps/{appId}/functions`). */
export interface ListFunctionsParams {
  /** Page size (1-100), not a cap on the total. @default 20 (the API's default) */
  limit?: number | undefined;
  /** Resume from a page's `cursor`. */
  cursor?: string | undefined;
}

/**
 * Functions of an app: trigger one directly, read its configuration. Reach it as
 * `inngest.functions`. Uses REST v2. `functionId` is the id you gave the function in your SDK
 * (`"send-email"`); the app-prefixed slug (`"my-app-send-email"`) is accepted too.
 */
export class Functions {
  readonly #core: Core;

  /** @internal */
  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Starts a run of a function directly, with `data` as its event's `data`
   * (`POST /v2/apps/{appId}/functions/{functionId}/invoke`), and resolves the new run's id. The
   * run starts asynchronously: wait for it with `runs.get`.
   *
   * A reused `idempotencyKey` is not an error: the server answers 409 with the run the key first
   * started, and this resolves `{ runId, duplicate: true }`.
   *
   * **Without an `idempotencyKey` this is not idempotent:** every call that reaches the server
   * starts a run, so it is retried only when the request cannot have reached the server (a 429, a
   * refused connection). With a key it is retried like a read.
   *
   * @param appId - The app's id (its SDK client id).
   * @param functionId - The function's id in that app.
   * @param data - A JSON object: the run's `event.data`.
   * @throws {@link ValidationError} for an empty/`.`/`..` id, `data` that is not an object, or an
   *   empty `idempotencyKey`; nothing is sent.
   * @throws {@link UnprocessableEntityError} when the function's flow control kept the run from
   *   starting: `code` is `"rate_limited"`, `"function_debounced"` or `"function_skipped"` (paused).
   * @throws {@link NotFoundError} for an unknown app or function.
   * @throws {@link InngestApiError} for any other error answer, {@link ConnectionError} /
   *   {@link TimeoutError} / {@link AbortError} when no answer came.
   *
   * @example
   * ```ts
   * const { runId, duplicate } = await inngest.functions.invoke("my-app", "send-digest", { userId: "u_1" }, {
   *   idempotencyKey: "digest-u_1-2026-12-01",
   * });
   * ```
   */
  async invoke(appId: string, functionId: string, data: Record<string, unknown>, options: InvokeOptions = {}): Promise<InvokeResult> {
    const { idempotencyKey, ...requestOptions } = options ?? {};
    const issues: ValidationIssue[] = [];
    // A JSON object, as protobuf's `Struct` takes it: not an array, not `null`.
    if (!isObject(data)) issues.push({ path: "data", message: "must be a JSON object (the run's event.data)" });
    if (idempotencyKey !== undefined && (typeof idempotencyKey !== "string" || idempotencyKey === "")) {
      issues.push({ path: "idempotencyKey", message: "must be a non-empty string" });
    }
    const route = path`/v2/apps/${appId}/functions/${functionId}/invoke`;
    const body = jsonBody(idempotencyKey === undefined ? { data } : { data, idempotencyKey }, "data", issues);
    if (issues.length > 0) throw new ValidationError("Invalid functions.invoke arguments: nothing was sent.", issues);
    try {
      const answer = await this.#core.request(
        {
          api: "rest",
          method: "POST",
          path: route,
          body,
          idempotent: idempotencyKey !== undefined,
          parse: parseWith("invokeSchema"),
        },
        requestOptions,
      );
      return { runId: answer.data.runId, duplicate: false };
    } catch (err) {
      // pkg/api/v2/endpoints_function.go: a reused idempotency key answers 409 (`x-http-code`) with
      // the success body and the existing run's id. The core maps every 409 to ConflictError and
      // keeps the parsed body, so a 409 carrying a runId is read here as the success it is.
      if (err instanceof ConflictError) {
        // A body that is not the success shape (or schemas that fail to load): the ConflictError it is.
        const existing = await parseWith("invokeSchema")(err.body).catch(() => undefined);
        if (existing) return { runId: existing.data.runId, duplicate: true };
      }
      throw err;
    }
  }

  /**
   * Lists an app's functions with their configuration (`GET /v2/apps/{appId}/functions`).
   * `await` it for the first page, or `for await` it for every function.
   *
   * @throws {@link ValidationError} (as a rejection) for an empty/`.`/`..` `appId` or a bad `limit`.
   * @throws {@link InngestApiError} for an error answer.
   *
   * @example
   * ```ts
   * for await (const fn of inngest.functions.list("my-app")) {
   *   console.log(fn.id, fn.paused ? "paused" : "active", fn.triggers.map((t) => t.value));
   * }
   * ```
   */
  list(appId: string, params: ListFunctionsParams = {}, options?: RequestOptions): PagePromise<InngestFunction> {
    params ??= {}; // a JS caller's `null`: a failure here must not be a synchronous TypeError
    return list(
      this.#core,
      {
        name: "functions.list",
        // A bad id is a rejected promise naming appId, as every other bad list parameter is.
        path: () => path`/v2/apps/${appId}/functions`,
        id: "appId",
        limit: params.limit,
        cursor: params.cursor,
        schema: { parse: parseWith("functionsPage") },
      },
      options,
    );
  }

  /**
   * Gets one function's configuration: triggers, retries, flow control, paused or not
   * (`GET /v2/apps/{appId}/functions/{functionId}`).
   *
   * @throws {@link ValidationError} for an empty/`.`/`..` id; nothing is sent.
   * @throws {@link NotFoundError} for an unknown app or function.
   * @throws {@link InngestApiError} for any other error answer.
   *
   * @example
   * ```ts
   * const fn = await inngest.functions.get("my-app", "send-digest");
   * if (fn.paused) console.log(`${fn.name} is paused`);
   * ```
   */
  async get(appId: string, functionId: string, options?: RequestOptions): Promise<InngestFunction> {
    const body = await this.#core.request(
      { api: "rest", method: "GET", path: path`/v2/apps/${appId}/functions/${functionId}`, parse: parseWith("functionEnvelope") },
      options,
    );
    return body.data;
  }
}
