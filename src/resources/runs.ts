import type { ValidationIssue } from "../core/errors.js";
import type { RequestOptions } from "../core/options.js";
import type { PagePromise } from "../core/pagination.js";
import type { CallInput } from "../internal/config.js";
import { path } from "../internal/path.js";
import type { Core } from "../internal/request.js";
import { list, onePage } from "./list.js";
import { timeParam } from "./params.js";
import { parseWith } from "../wire/load.js";
import { runsPage } from "../wire/quick-run.js";
import { wireStatuses } from "../wire/run-status.js";
import type { RunTrace } from "../wire/run-trace.js";
import type { Run, RunJob } from "../wire/run-types.js";
import { waitForRun, type WaitForRunOptions } from "./wait-for-run.js";

/** The method and path `runs.cancel` sends (the CLI's `--dry-run` prints them). @internal */
export const cancelRunRoute = (runId: string) => ({ method: "DELETE", path: path`/v1/runs/${runId}` }) as const;

/** The method and path `runs.replay` sends (the CLI's `--dry-run` prints them). @internal */
export const replayRunRoute = (runId: string) => ({ method: "POST", path: path`/v2/runs/${runId}/rerun` }) as const;

/** A status to filter `runs.list` by; any case is accepted (`"running"`, `"RUNNING"`). */
export type RunStatusFilter = "queued" | "running" | "completed" | "failed" | "cancelled" | Uppercase<"queued" | "running" | "completed" | "failed" | "cancelled">;

/** Filters and paging for {@link Runs.list} (`GET /v2/runs`). */
export interface ListRunsParams {
  /** Only runs in these statuses. */
  status?: RunStatusFilter | readonly RunStatusFilter[] | undefined;
  /**
   * Page size: runs per request (1-100), not a cap on the total. `for await` walks every page;
   * use `.toArray(n)` or `break` to stop early.
   * @default 20 (the API's default)
   */
  limit?: number | undefined;
  /** Resume from a page's `cursor`. */
  cursor?: string | undefined;
  /** Only runs of these apps (app ids). */
  appId?: string | readonly string[] | undefined;
  /** Only runs of these functions (function ids). Needs `appId` too: the API refuses it alone. */
  functionId?: string | readonly string[] | undefined;
  /**
   * Only runs whose `timeField` time is at or after this (a `Date` or an RFC 3339 string).
   * Must be before `until` (the server refuses them equal).
   */
  from?: Date | string | undefined;
  /**
   * Only runs whose `timeField` time is at or before this: inclusive, as the server is
   * (`start_time <= until`, pkg/cqrs/manager/cqrs.go; "Inclusive end" in service.proto). The
   * server compares its own timestamps, finer than the millisecond `queuedAt` it answers, so
   * `until: run.queuedAt` can leave that run out.
   */
  until?: Date | string | undefined;
  /**
   * Which time `from`, `until` and the order read: when a run was queued, started or ended. By
   * `"endedAt"`, the dev server reads an end from a run's spans, which is not the run's `endedAt`:
   * watched, it listed a run still sleeping (`endedAt: null`), and once left out a run that had ended.
   * @default "queuedAt"
   */
  timeField?: "queuedAt" | "startedAt" | "endedAt" | undefined;
  /**
   * Newest first (`"desc"`) or oldest first (`"asc"`), by `timeField`.
   * @default "desc"
   */
  order?: "asc" | "desc" | undefined;
  /**
   * Include each run's output (`includeOutput=true`). With the list's other parameters, as
   * `events.runs` has it: what a list's answer holds is a parameter of the list, as stripe-node's
   * `expand` is a parameter, not a request option.
   * @default false
   */
  includeOutput?: boolean | undefined;
}

/** Per-call options of {@link Runs.get}. */
export interface GetRunOptions extends RequestOptions {
  /** Include the run's output (`includeOutput=true`; the server's own default is without). @default true */
  includeOutput?: boolean | undefined;
}

/** Per-call options of {@link Runs.trace}. */
export interface TraceRunOptions extends RequestOptions {
  /**
   * Include each step's input and output (`includeOutput=true`); the server reads them one
   * span at a time, so leave it off for a quick look at statuses and timings.
   * @default false
   */
  includeOutput?: boolean | undefined;
}

/** What {@link Runs.replay} resolves to. */
export interface ReplayResult {
  /** The id of the new run. */
  runId: string;
}

/** `timeField` as `runTimeFieldFromAPI` (pkg/api/v2/endpoints_runs.go) reads it. */
const TIME_FIELDS: Record<string, string> = { queuedAt: "QUEUED_AT", startedAt: "STARTED_AT", endedAt: "ENDED_AT" };
const ORDERS: Record<string, string> = { asc: "ASC", desc: "DESC" };

/** The wire value of a choice, pushing an issue when it is not one of `table`'s keys. */
function choice(name: string, value: unknown, table: Record<string, string>, issues: ValidationIssue[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && Object.hasOwn(table, value)) return table[value];
  issues.push({ path: name, message: `must be one of ${Object.keys(table).map((k) => `"${k}"`).join(", ")}` });
  return undefined;
}

const many = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v as T]);

/**
 * Function runs. Reach it as `inngest.runs`. Listing, getting, tracing, waiting for and
 * replaying use REST v2; cancel and the queue's jobs use v1.
 */
export class Runs {
  readonly #core: Core;

  /** @internal */
  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Lists runs, newest first unless `order: "asc"` (`GET /v2/runs`). `await` it for the first
   * page, or `for await` it for every run across pages, fetched lazily.
   *
   * @example
   * ```ts
   * for await (const run of inngest.runs.list({ status: ["failed"], from: new Date(Date.now() - 3_600_000) })) {
   *   console.log(run.id, run.functionId);
   * }
   * ```
   * @param params - Filters (`status`, `appId`, `functionId` with its `appId`, `from`, `until` inclusive, by `timeField`), `order`, and paging (`limit` 1-100 is the page size; `cursor` resumes).
   * @param options - Per-call settings, applied to each page's request.
   * @throws {@link ValidationError} an unknown status, `timeField` or `order`, a `limit` outside 1-100, a `from`/`until` that is not a time, a `from` not before `until`, or `functionId` without `appId`; nothing is sent.
   * @throws {@link BadRequestError} 400, e.g. a stale cursor.
   * @throws {@link InngestApiError} a page says `hasMore` but gives no cursor (after that page's items).
   * @throws {@link InternalServerError} 5xx still after `maxRetries`.
   * @throws {@link AuthenticationError} 401: the signing key was refused (tried once more with `signingKeyFallback`, if set).
   * @throws {@link PermissionDeniedError} 403: likewise.
   * @throws {@link RateLimitError} 429 still after `maxRetries`, or at once when the server asks for a wait longer than `maxRetryAfter` (see `retryAfterMs`).
   * @throws {@link ConnectionError} no answer (refused, reset, DNS) still after `maxRetries`.
   * @throws {@link TimeoutError} every attempt ran past `timeout`, or the call past `totalTimeout`.
   * @throws {@link AbortError} the `signal` fired, also during a backoff wait.
   * @throws {@link InngestError} no signing key (pass `signingKey`, set `INNGEST_SIGNING_KEY`, or `INNGEST_DEV=1`), or an answer of an unexpected shape.
   */
  list(params: ListRunsParams = {}, options?: RequestOptions): PagePromise<Run> {
    params ??= {}; // a JS caller's `null`: a failure here must not be a synchronous TypeError
    return list(
      this.#core,
      {
        name: "runs.list",
        path: () => "/v2/runs",
        limit: params.limit,
        cursor: params.cursor,
        query: (issues) => {
          const status = wireStatuses(params.status, issues);
          const appId = many(params.appId);
          const functionId = many(params.functionId);
          // pkg/api/v2/endpoints_runs.go listRunsOpts: answered 400 invalid_field_format otherwise.
          if (functionId?.length && !appId?.length) issues.push({ path: "appId", message: "is required when filtering by functionId" });
          const from = timeParam("from", params.from, issues);
          const until = timeParam("until", params.until, issues);
          // pkg/api/v2/endpoints_runs.go: "from must be before until", answered 400 otherwise.
          if (from && until && from.getTime() >= until.getTime()) issues.push({ path: "from", message: "must be before until" });
          const timeField = choice("timeField", params.timeField, TIME_FIELDS, issues);
          const order = choice("order", params.order, ORDERS, issues);
          const includeOutput = params.includeOutput ? true : undefined;
          return { status, appId, functionId, from: from?.toISOString(), until: until?.toISOString(), timeField, order, includeOutput };
        },
        schema: runsPage,
      },
      options,
    );
  }

  /**
   * Gets one run, with its output unless `includeOutput: false` (`GET /v2/runs/{runId}`).
   * `functionId` is the function's slug; `queuedAt`, `functionName` and `appId` are filled.
   *
   * **When a run has ended:** its `status` is `completed`, `failed` or `cancelled` and its
   * `endedAt` is set. The status is reported by that rule: a run the server calls ended without
   * giving its end reads `running` (the dev server's `GET /v2/runs/{id}` derives the status from
   * the run's spans and says `COMPLETED`, with no `endedAt`, a moment before the end of a
   * `step.sleep` or a `step.waitForSignal` is written, while `GET /v2/runs` still says `RUNNING`).
   *
   * @throws {@link ValidationError} for an empty, `.` or `..` run id, before any request.
   * @throws {@link NotFoundError} when no such run exists (404 `not_found`, not retried).
   * @throws {@link BadRequestError} for a run id that is not a ULID (400 `invalid_field_format`).
   * @throws {@link InngestApiError} for other answers, after retrying 429 and 5xx;
   *   {@link ConnectionError} / {@link TimeoutError} / {@link AbortError} without one.
   * @example
   * ```ts
   * const run = await inngest.runs.get("01JABCDEF0123456789ABCDEFG");
   * if (run.status === "failed") console.log(run.functionId, run.output);
   * ```
   */
  async get(runId: string, options?: GetRunOptions): Promise<Run> {
    const { includeOutput = true, ...request } = options ?? {};
    return this.#read(runId, includeOutput, request);
  }

  /** `GET /v2/runs/{runId}`, for `get` and each poll of `waitFor` (which hands the core its deadline). */
  async #read(runId: string, includeOutput: boolean, request: CallInput): Promise<Run> {
    const body = await this.#core.request(
      {
        api: "rest",
        method: "GET",
        path: path`/v2/runs/${runId}`,
        // The server's default is without output; send the flag only to ask for it.
        query: { includeOutput: includeOutput ? true : undefined },
        parse: parseWith("runEnvelope"),
      },
      request,
    );
    return body.data;
  }

  /**
   * A run's steps as a tree of spans (`GET /v2/runs/{runId}/trace`): each step's name, status,
   * kind, timings and, with `includeOutput: true`, its input and output. This is a run's
   * history; {@link Runs.jobs} only lists what is still queued.
   *
   * @throws {@link ValidationError} for an empty, `.` or `..` run id, before any request.
   * @throws {@link NotFoundError} when the run has no trace (404 "Trace not found").
   * @throws {@link BadRequestError} for a run id that is not a ULID.
   * @throws {@link InngestApiError} for other answers, after retrying 429 and 5xx.
   * @example
   * ```ts
   * const trace = await inngest.runs.trace(runId, { includeOutput: true });
   * for (const step of trace.failedSteps()) console.error(step.name, step.output);
   * ```
   */
  async trace(runId: string, options?: TraceRunOptions): Promise<RunTrace> {
    const { includeOutput = false, ...request } = options ?? {};
    return this.#core.request(
      {
        api: "rest",
        method: "GET",
        path: path`/v2/runs/${runId}/trace`,
        query: { includeOutput: includeOutput ? true : undefined },
        parse: parseWith("traceSchema"),
      },
      request,
    );
  }

  /**
   * Waits for a run to end by polling `GET /v2/runs/{runId}`, and resolves with it. A run has
   * ended when its status is `completed`, `failed` or `cancelled` **and** the server gives its
   * `endedAt` (the rule {@link Runs.get} reports by): a run still sleeping in `step.sleep` or
   * waiting in `step.waitForSignal` is waited for, even where the dev server reads it `COMPLETED`
   * before its end is written. Pauses start at `interval` and grow 1.5x up to 10 s; a `Retry-After`
   * from the server is honoured. A run id that is not visible yet (just invoked) is polled
   * again until it appears. Each poll is a request like any read, retried by the client and
   * taking the request options given here (`timeout` is one attempt of one poll, as on every
   * method; `maxWait` bounds the whole wait, like openai-node's pollers, whose `timeout` is also
   * per request).
   *
   * @throws {@link ValidationError} for a bad run id, `maxWait` or `interval` (before any request),
   *   or a bad request option (`timeout`, `maxRetries`, ...).
   * @throws {@link TimeoutError} when `maxWait` passes and the run has not ended (no poll runs
   *   past it); also when the server's `Retry-After` would.
   * @throws {@link NotFoundError} when the run was never found before `maxWait` passed.
   * @throws {@link AbortError} when `signal` fires, during a poll or a pause.
   * @throws {@link InngestApiError} for any other error answer, which ends the wait.
   * @example
   * ```ts
   * const { runId } = await inngest.functions.invoke("my-app", "send-welcome", { userId: "u_1" });
   * const run = await inngest.runs.waitFor(runId, { maxWait: 60_000 });
   * if (run.status === "completed") console.log(run.output);
   * ```
   */
  waitFor(runId: string, options?: WaitForRunOptions): Promise<Run> {
    return waitForRun((id, { includeOutput, ...request }) => this.#read(id, includeOutput, request), runId, options);
  }

  /**
   * Cancels a run (`DELETE /v1/runs/{runId}`): no new steps run after it. The API answers 200 with
   * an empty body; this resolves to nothing.
   *
   * Cancelling a run that has **already ended** (completed, failed or cancelled) is not an error:
   * Inngest answers 200 and changes nothing, so this resolves and the run keeps the status it ended
   * with (read it with {@link Runs.get} to know whether your cancel or the run's end came first).
   * Cancelling is idempotent, so it is retried like a read.
   *
   * @param runId - The run's id (a ULID).
   * @param options - Per-call settings.
   * @throws {@link ValidationError} an empty, `.` or `..` id, before any request.
   * @throws {@link BadRequestError} 400 "Invalid run ID".
   * @throws {@link NotFoundError} (404) for a run id Inngest does not know.
   * @throws {@link InternalServerError} 5xx still after `maxRetries`.
   * @throws {@link AuthenticationError} 401: the signing key was refused (tried once more with `signingKeyFallback`, if set).
   * @throws {@link PermissionDeniedError} 403: likewise.
   * @throws {@link RateLimitError} 429 still after `maxRetries`, or at once when the server asks for a wait longer than `maxRetryAfter` (see `retryAfterMs`).
   * @throws {@link ConnectionError} no answer (refused, reset, DNS) still after `maxRetries`.
   * @throws {@link TimeoutError} every attempt ran past `timeout`, or the call past `totalTimeout`.
   * @throws {@link AbortError} the `signal` fired, also during a backoff wait.
   * @throws {@link InngestError} no signing key (pass `signingKey`, set `INNGEST_SIGNING_KEY`, or `INNGEST_DEV=1`), or an answer of an unexpected shape.
   */
  async cancel(runId: string, options?: RequestOptions): Promise<void> {
    await this.#core.request({ api: "rest", ...cancelRunRoute(runId), parse: () => undefined }, options);
  }

  /**
   * Replays a run (`POST /v2/runs/{runId}/rerun`) and resolves to the new run's id.
   *
   * **Not idempotent:** every call that reaches the server makes a new run. So it is never
   * retried once the request may have reached the server (a 5xx, a timeout, a reset connection);
   * only a 429 or a refused connection are retried. On such an error, check the runs list before
   * calling again.
   *
   * @param runId - The id of the run to replay.
   * @param options - Per-call settings; retried only when the request cannot have reached the server.
   * @throws {@link ValidationError} an empty, `.` or `..` id, before any request.
   * @throws {@link BadRequestError} 400: the id is not a ULID.
   * @throws {@link NotFoundError} 404 "Run not found".
   * @throws {@link InternalServerError} 501 for a cron-triggered run on Inngest Cloud (the dev server reruns it), or any 5xx: never retried, since a run may have been made (check `runs.list` first).
   * @throws {@link AuthenticationError} 401: the signing key was refused (tried once more with `signingKeyFallback`, if set).
   * @throws {@link PermissionDeniedError} 403: likewise.
   * @throws {@link RateLimitError} 429 still after `maxRetries`, or at once when the server asks for a wait longer than `maxRetryAfter` (see `retryAfterMs`).
   * @throws {@link ConnectionError} no answer (refused, reset, DNS) still after `maxRetries`.
   * @throws {@link TimeoutError} every attempt ran past `timeout`, or the call past `totalTimeout`.
   * @throws {@link AbortError} the `signal` fired, also during a backoff wait.
   * @throws {@link InngestError} no signing key (pass `signingKey`, set `INNGEST_SIGNING_KEY`, or `INNGEST_DEV=1`), or an answer of an unexpected shape.
   */
  async replay(runId: string, options?: RequestOptions): Promise<ReplayResult> {
    const body = await this.#core.request(
      { api: "rest", ...replayRunRoute(runId), body: "{}", idempotent: false, parse: parseWith("rerunSchema") },
      options,
    );
    return { runId: body.data.runId };
  }

  /**
   * A run's pending queue items (`GET /v1/runs/{runId}/jobs`): what is queued to run next, at
   * most 10 (the server's limit, pkg/api/apiv1/runs.go). Not a history: a step that has run is
   * no longer queued, and an ended run has none. For what a run did, use {@link Runs.trace}.
   * The API caches the answer for 5 seconds. A {@link PagePromise}, as every list: the API does
   * not page it, so its first page is all of it.
   *
   * @throws {@link ValidationError} for an empty, `.` or `..` run id, before any request.
   * @throws {@link NotFoundError} when no such run exists (v1 answers a 500 "Unable to load
   *   function run", which is not retried).
   * @throws {@link InngestApiError} for other error answers, after retrying 429 and 5xx.
   */
  jobs(runId: string, options?: RequestOptions): PagePromise<RunJob> {
    return list(
      this.#core,
      {
        name: "runs.jobs",
        path: () => path`/v1/runs/${runId}/jobs`,
        schema: { parse: parseWith("jobsEnvelope") },
        page: onePage,
        // pkg/api/apiv1/runs.go GetFunctionRunJobs: a missing run is a 500 "Unable to load function run: <id>".
        quirks: { notFound: /^Unable to load function run/ },
      },
      options,
    );
  }
}
