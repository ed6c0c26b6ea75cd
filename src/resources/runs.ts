import * as z from "zod/mini";
import type { RequestOptions } from "../core/config.js";
import type { ValidationIssue } from "../core/errors.js";
import type { PagePromise } from "../core/pagination.js";
import { path } from "../core/path.js";
import type { Core } from "../core/request.js";
import { listV2 } from "./list.js";
import { envelope, pageEnvelope, rerunSchema, type Run, type RunJob, v1JobSchema, v1RunSchema, v2RunSchema } from "../wire/runs.js";

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
  /** Only runs queued at or after this time (a `Date` or an RFC 3339 string). */
  from?: Date | string | undefined;
  /** Only runs queued before this time. */
  until?: Date | string | undefined;
}

/** What {@link Runs.replay} resolves to. */
export interface ReplayResult {
  /** The id of the new run. */
  runId: string;
}

const STATUSES = new Set(["queued", "running", "completed", "failed", "cancelled"]);
const runsPage = pageEnvelope(v2RunSchema);
const runEnvelope = envelope(v1RunSchema);
const jobsEnvelope = envelope(z.nullable(z.array(v1JobSchema)));

function time(name: string, value: Date | string | undefined, issues: ValidationIssue[]): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    issues.push({ path: name, message: "must be a Date or an RFC 3339 timestamp" });
    return undefined;
  }
  return date.toISOString();
}

const many = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v as T]);

/**
 * Function runs. Reach it as `inngest.runs`. Listing and replaying use REST v2 (v1 has no such
 * routes); get, cancel and history use v1.
 */
export class Runs {
  readonly #core: Core;

  /** @internal */
  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Lists runs, newest first (`GET /v2/runs`). `await` it for the first page, or `for await` it
   * for every run across pages, fetched lazily.
   *
   * @example
   * ```ts
   * for await (const run of inngest.runs.list({ status: ["failed"], from: new Date(Date.now() - 3_600_000) })) {
   *   console.log(run.id, run.functionId);
   * }
   * ```
   */
  list(params: ListRunsParams = {}, options?: RequestOptions): PagePromise<Run> {
    params ??= {}; // a JS caller's `null`: a failure here must not be a synchronous TypeError
    return listV2(
      this.#core,
      {
        name: "runs.list",
        path: "/v2/runs",
        limit: params.limit,
        cursor: params.cursor,
        query: (issues) => {
          const status = many(params.status)?.map((s) => String(s).toLowerCase());
          for (const s of status ?? []) {
            if (!STATUSES.has(s)) issues.push({ path: "status", message: `unknown status "${s}" (queued, running, completed, failed, cancelled)` });
          }
          const appId = many(params.appId);
          const functionId = many(params.functionId);
          // pkg/api/v2/endpoints_runs.go listRunsOpts: answered 400 invalid_field_format otherwise.
          if (functionId?.length && !appId?.length) issues.push({ path: "appId", message: "is required when filtering by functionId" });
          return {
            status: status?.map((s) => s.toUpperCase()),
            appId,
            functionId,
            from: time("from", params.from, issues),
            until: time("until", params.until, issues),
          };
        },
        schema: runsPage,
      },
      options,
    );
  }

  /**
   * Gets one run, with its output (`GET /v1/runs/{runId}`). A missing run is a `NotFoundError`
   * (v1 answers it as a 500 "Unable to load function run"; the SDK does not retry that).
   */
  async get(runId: string, options?: RequestOptions): Promise<Run> {
    const body = await this.#core.request(
      { api: "rest", method: "GET", path: path`/v1/runs/${runId}`, notFound: /^Unable to load function run/, parse: (b) => runEnvelope.parse(b) },
      options,
    );
    return body.data;
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
   * @throws {NotFoundError} (404) for a run id Inngest does not know.
   */
  async cancel(runId: string, options?: RequestOptions): Promise<void> {
    await this.#core.request({ api: "rest", method: "DELETE", path: path`/v1/runs/${runId}`, parse: () => undefined }, options);
  }

  /**
   * Replays a run (`POST /v2/runs/{runId}/rerun`) and resolves to the new run's id.
   *
   * **Not idempotent:** every call that reaches the server makes a new run. So it is never
   * retried once the request may have reached the server (a 5xx, a timeout, a reset connection);
   * only a 429 or a refused connection are retried. On such an error, check the runs list before
   * calling again.
   */
  async replay(runId: string, options?: RequestOptions): Promise<ReplayResult> {
    const body = await this.#core.request(
      { api: "rest", method: "POST", path: path`/v2/runs/${runId}/rerun`, body: "{}", idempotent: false, parse: (b) => rerunSchema.parse(b) },
      options,
    );
    return { runId: body.data.runId };
  }

  /**
   * A run's step history (`GET /v1/runs/{runId}/jobs`): at most 10 jobs, the server's limit.
   * The API caches it for 5 seconds. A missing run is a `NotFoundError`, as for {@link Runs.get}.
   */
  async jobs(runId: string, options?: RequestOptions): Promise<RunJob[]> {
    const body = await this.#core.request(
      // pkg/api/apiv1/runs.go GetFunctionRunJobs: a run it cannot load is the same 500 as runs.get's.
      { api: "rest", method: "GET", path: path`/v1/runs/${runId}/jobs`, notFound: /^Unable to load function run/, parse: (b) => jobsEnvelope.parse(b) },
      options,
    );
    return body.data ?? [];
  }
}
