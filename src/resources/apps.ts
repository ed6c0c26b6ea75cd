import type { RequestOptions } from "../core/options.js";
import type { PagePromise } from "../core/pagination.js";
import { path } from "../internal/path.js";
import type { Core } from "../internal/request.js";
import type { App } from "../wire/apps.js";
import { parseWith } from "../wire/load.js";
import { list } from "./list.js";

/** Paging and filters for {@link Apps.list} (`GET /v2/apps`). */
export interface ListAppsParams {
  /** Page size (1-100), not a cap on the total. @default 20 (the API's default) */
  limit?: number | undefined;
  /** Resume from a page's `cursor`. */
  cursor?: string | undefined;
  /** `true` lists only archived apps; otherwise only active ones (the API's default). */
  archived?: boolean | undefined;
}

/** Apps registered with Inngest. Reach it as `inngest.apps`. Uses REST v2 (v1 has no such routes). */
export class Apps {
  readonly #core: Core;

  /** @internal */
  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Lists apps (`GET /v2/apps`). `await` it for the first page, or `for await` it for every app.
   *
   * @example
   * ```ts
   * for await (const app of inngest.apps.list()) console.log(app.id, app.functionCount);
   * ```
   * @param params - `limit` (1-100, the page size), `cursor` to resume, `archived` to list archived apps.
   * @param options - Per-call settings, applied to each page's request.
   * @throws {@link ValidationError} a `limit` outside 1-100 or an `archived` that is not a boolean; nothing is sent.
   * @throws {@link InngestApiError} a page says `hasMore` but gives no cursor (after that page's items), or any other error answer.
   * @throws {@link InternalServerError} 5xx still after `maxRetries`.
   * @throws {@link AuthenticationError} 401: the signing key was refused (tried once more with `signingKeyFallback`, if set).
   * @throws {@link PermissionDeniedError} 403: likewise.
   * @throws {@link RateLimitError} 429 still after `maxRetries`, or at once when the server asks for a wait longer than `maxRetryAfter` (see `retryAfterMs`).
   * @throws {@link ConnectionError} no answer (refused, reset, DNS) still after `maxRetries`.
   * @throws {@link TimeoutError} every attempt ran past `timeout`, or the call past `totalTimeout`.
   * @throws {@link AbortError} the `signal` fired, also during a backoff wait.
   * @throws {@link InngestError} no signing key (pass `signingKey`, set `INNGEST_SIGNING_KEY`, or `INNGEST_DEV=1`), or an answer of an unexpected shape.
   */
  list(params: ListAppsParams = {}, options?: RequestOptions): PagePromise<App> {
    params ??= {}; // a JS caller's `null`: a failure here must not be a synchronous TypeError
    return list(
      this.#core,
      {
        name: "apps.list",
        path: () => "/v2/apps",
        limit: params.limit,
        cursor: params.cursor,
        query: (issues) => {
          if (params.archived !== undefined && typeof params.archived !== "boolean") issues.push({ path: "archived", message: "must be a boolean" });
          return { archived: params.archived };
        },
        schema: { parse: parseWith("appsPage") },
      },
      options,
    );
  }

  /**
   * Gets one app, with its latest sync and function count (`GET /v2/apps/{appId}`).
   *
   * @param appId - The app's id (its SDK client id, e.g. `"my-app"`).
   * @throws {@link ValidationError} for an empty/`.`/`..` id; nothing is sent.
   * @throws {@link NotFoundError} when no app has that id.
   * @throws {@link InngestApiError} for any other error answer.
   *
   * @example
   * ```ts
   * const app = await inngest.apps.get("my-app");
   * console.log(app.functionCount, app.latestSync?.status);
   * ```
   */
  async get(appId: string, options?: RequestOptions): Promise<App> {
    const body = await this.#core.request(
      { api: "rest", method: "GET", path: path`/v2/apps/${appId}`, parse: parseWith("appEnvelope") },
      options,
    );
    return body.data;
  }
}
