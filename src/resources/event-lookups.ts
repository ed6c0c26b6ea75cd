import type { RequestOptions } from "../core/options.js";
import type { ValidationIssue } from "../core/errors.js";
import { PagePromise } from "../core/pagination.js";
import { path } from "../internal/path.js";
import type { Core } from "../internal/request.js";
import { parseWith } from "../wire/load.js";
import { runsPage } from "../wire/quick-run.js";
import type { ReceivedEvent } from "../wire/received-events.js";
import type { Run } from "../wire/run-types.js";
import { list } from "./list.js";
import { timeParam } from "./params.js";

/** Filters and paging of {@link EventLookups.list} (`GET /v1/events`). */
export interface ListEventsParams {
  /** Only events with exactly this name. */
  name?: string | undefined;
  /**
   * Only events received at or after this time (a `Date` or an RFC 3339 string).
   * @default one hour before each request (the server's default, also when `until` is earlier)
   */
  from?: Date | string | undefined;
  /** Only events received at or before this time. @default now */
  until?: Date | string | undefined;
  /**
   * Page size, 1-51 (the server's `cqrs.MaxEvents`). Outside that range is a `ValidationError`:
   * the server would silently clamp it. Not a cap on the total.
   * @default 20 (the server's default)
   */
  limit?: number | undefined;
  /** Resume after this event: a page's `cursor` (the last event's `internalId`). */
  cursor?: string | undefined;
}

/** Paging of {@link EventLookups.runs} (`GET /v2/events/{eventId}/runs`). */
export interface EventRunsParams {
  /** Page size, 1-40. @default 20 (the server's default) */
  limit?: number | undefined;
  /** Resume from a page's `cursor`. */
  cursor?: string | undefined;
  /** Include each run's output. @default false */
  includeOutput?: boolean | undefined;
}

/** `events.list`'s largest page: pkg/cqrs/events.go MaxEvents (getEvents clamps to 1..51, pkg/api/apiv1/events.go). @internal */
export const MAX_EVENTS = 51;

/** `events.runs`'s largest page: pkg/api/v2/endpoints_runs.go maxEventRunsLimit. @internal */
export const MAX_EVENT_RUNS = 40;
const DEFAULT_EVENTS = 20; // pkg/api/apiv1/events.go DefaultEvents

/** The query of `events.list`, pushing an issue for each bad parameter (the page size is checked by `list`). */
function listQuery(params: ListEventsParams, issues: ValidationIssue[]) {
  const { name } = params;
  if (name !== undefined && (typeof name !== "string" || name === "")) issues.push({ path: "name", message: "must be a non-empty string" });
  const from = timeParam("from", params.from, issues);
  const until = timeParam("until", params.until, issues);
  // v1 answers an empty list, not an error, for a window that ends before it starts.
  if (from && until && from.getTime() > until.getTime()) issues.push({ path: "until", message: "must not be before `from`" });
  return { name, received_after: from?.toISOString(), received_before: until?.toISOString() };
}

/**
 * Looking up events Inngest has received: one by id, a list, and the runs one triggered. The
 * part of `inngest.events` that reads the REST API with the signing key.
 */
export class EventLookups {
  readonly #core: Core;

  /** @internal */
  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Gets one received event by its internal id (`GET /v1/events/{eventId}`), the id
   * `events.send` resolves with. The API caches it for 5 seconds.
   *
   * @throws {@link ValidationError} for an empty, `.` or `..` id, before any request.
   * @throws {@link NotFoundError} when no such event exists (404 "Event not found").
   * @throws {@link BadRequestError} for an id that is not a ULID ("Invalid event ID").
   * @throws {@link InngestApiError} for other answers, after retrying 429 and 5xx.
   * @example
   * ```ts
   * const { ids } = await inngest.events.send({ name: "app/user.signup", data: { userId: "u_1" } });
   * const event = await inngest.events.get(ids[0]!);
   * console.log(event.name, event.receivedAt);
   * ```
   */
  async get(eventId: string, options?: RequestOptions): Promise<ReceivedEvent> {
    const body = await this.#core.request(
      { api: "rest", method: "GET", path: path`/v1/events/${eventId}`, parse: parseWith("receivedEventEnvelope") },
      options,
    );
    return body.data;
  }

  /**
   * Lists received events, newest first (`GET /v1/events`); internal `inngest/` events are left
   * out. `await` it for the first page, or `for await` it for every event across pages.
   *
   * The server looks back one hour unless `from` says otherwise, **also when `until` is earlier
   * than that** (then nothing matches): pass `from` with `until`. v1 sends no cursor: the next
   * page starts after the last event's `internalId`, and a page shorter than `limit` is the last.
   *
   * @throws {@link ValidationError} (as a rejected promise) for `limit` outside 1-51, a bad time
   *   or name, or `until` before `from`.
   * @throws {@link BadRequestError} for a `cursor` that is not a ULID.
   * @throws {@link InngestApiError} for other answers, after retrying 429 and 5xx.
   * @example
   * ```ts
   * const from = new Date(Date.now() - 24 * 3_600_000);
   * for await (const event of inngest.events.list({ name: "app/user.signup", from })) {
   *   console.log(event.internalId, event.data);
   * }
   * ```
   */
  list(params: ListEventsParams = {}, options?: RequestOptions): PagePromise<ReceivedEvent> {
    params ??= {}; // a JS caller's `null`: a failure here must not be a synchronous TypeError
    const pageSize = params.limit ?? DEFAULT_EVENTS;
    return list(
      this.#core,
      {
        name: "events.list",
        path: () => "/v1/events",
        limit: params.limit,
        maxLimit: MAX_EVENTS,
        cursor: params.cursor,
        query: (issues) => listQuery(params, issues),
        schema: { parse: parseWith("receivedEventsEnvelope") },
        // pkg/cqrs/manager/cqrs.go: `internal_id < cursor ORDER BY internal_id DESC`, no next
        // cursor in the answer: the next page starts after the last event, and a short page is the last.
        page: (body) => {
          const data = body.data ?? [];
          return { data, hasMore: data.length >= pageSize, cursor: data.at(-1)?.internalId };
        },
      },
      options,
    );
  }

  /**
   * The runs an event triggered (`GET /v2/events/{eventId}/runs`), as a {@link PagePromise} of
   * {@link Run}. With the ids `events.send` resolves with, this goes from a send to its runs.
   * A run appears once Inngest has scheduled it, so a list read right after sending may be short.
   *
   * @throws {@link ValidationError} for an empty, `.` or `..` id, or `limit` outside 1-40, before any request.
   * @throws {@link BadRequestError} for an id that is not a ULID, or a bad `cursor`.
   * @throws {@link InngestApiError} for other answers, after retrying 429 and 5xx.
   * @example
   * ```ts
   * const { ids } = await inngest.events.send({ name: "app/order.paid", data: { orderId: "o_1" } });
   * for await (const run of inngest.events.runs(ids[0]!)) console.log(run.functionId, run.status);
   * ```
   */
  runs(eventId: string, params: EventRunsParams = {}, options?: RequestOptions): PagePromise<Run> {
    params ??= {};
    return list(
      this.#core,
      {
        name: "events.runs",
        path: () => path`/v2/events/${eventId}/runs`,
        id: "eventId",
        limit: params.limit,
        maxLimit: MAX_EVENT_RUNS,
        cursor: params.cursor,
        query: () => ({ includeOutput: params.includeOutput ? true : undefined }),
        schema: runsPage,
      },
      options,
    );
  }
}
