import type { RequestOptions } from "../core/options.js";
import { ValidationError, type ValidationIssue } from "../core/errors.js";
import { PagePromise } from "../core/pagination.js";
import type { Core, Route } from "../internal/request.js";
import type { PageBody } from "../wire/read.js";
import { checkLimit } from "./params.js";

/** The largest page of a v2 list (runs, apps, functions) and the default `maxLimit`. @internal */
export const MAX_PAGE = 100;

/** One page as a list reads it: its items, whether more follow, and the cursor to them. @internal */
export interface PageOf<T> {
  data: T[];
  hasMore: boolean;
  cursor: string | undefined;
}

/** A list route: its name, path, paging and checks, and how a page is read. @internal */
export interface ListSpec<T, B = PageBody<T>> {
  /** `runs.list`, `apps.list`: named in the ValidationError. */
  name: string;
  /**
   * The route's path. Built when the list is checked, so a bad id in it (the `path` tag refuses
   * `""`, `.`, `..`) is refused like any other bad parameter: one ValidationError, as a rejection,
   * its issue named `id` (the parameter's name, e.g. `"appId"`).
   */
  path: () => string;
  /** The name of the id in `path`, for its issue. @default "id" */
  id?: string;
  /** The page size asked for, checked against 1..`maxLimit`; `undefined` for an unpaged route. */
  limit?: number | undefined;
  /** The route's largest page size (`GET /v2/events/{id}/runs`: 40). @default 100 */
  maxLimit?: number;
  cursor?: string | undefined;
  /** Checks the route's own parameters, pushing issues, and returns its query. Called once. */
  query?: (issues: ValidationIssue[]) => Route<unknown>["query"];
  schema: { parse(body: unknown): B | Promise<B> };
  /** Reads a page of the answer. @default a v2 page: `data`, `page.hasMore`, `page.cursor` */
  page?: (body: B) => PageOf<T>;
  /** The route's quirks, as `Route` has them (v1's "not found" 500, the dev server's unsupported route). */
  quirks?: Pick<Route<unknown>, "notFound" | "devUnsupported">;
}

/** The page of a route that does not page: every item, nothing more to fetch. @internal */
export const onePage = <T>(body: { data?: T[] | null | undefined }): PageOf<T> => ({ data: body.data ?? [], hasMore: false, cursor: undefined });

/** A v2 page envelope as a page. */
const v2Page = <T>(body: PageBody<T>): PageOf<T> => ({ data: body.data ?? [], hasMore: body.page?.hasMore ?? false, cursor: body.page?.cursor || undefined });

/** The checked path and query of a list, or the one ValidationError that names every bad parameter. */
function checked<T, B>(spec: ListSpec<T, B>): { path: string; query: Route<unknown>["query"] } {
  const issues: ValidationIssue[] = [];
  let path = "";
  try {
    path = spec.path();
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    for (const issue of err.issues) issues.push({ ...issue, path: spec.id ?? issue.path });
  }
  checkLimit(spec.limit, spec.maxLimit ?? MAX_PAGE, issues);
  const query = { limit: spec.limit, ...spec.query?.(issues) };
  if (issues.length > 0) throw new ValidationError(`Invalid ${spec.name} parameters: nothing was sent.`, issues);
  return { path, query };
}

/**
 * Every list of the SDK as a {@link PagePromise}: runs, events, an event's runs, apps, functions,
 * cancellations, a run's jobs. Parameters are checked once, when the first page is asked for (so
 * a bad one is a rejected promise, never a throw); then each page is one request, retried on its
 * own, following the page's cursor while it says more follow.
 * @internal
 */
export function list<T, B = PageBody<T>>(core: Core, spec: ListSpec<T, B>, options: RequestOptions | undefined): PagePromise<T> {
  let route: { path: string; query: Route<unknown>["query"] } | undefined;
  const read = spec.page ?? (v2Page as unknown as (body: B) => PageOf<T>);
  return new PagePromise(
    async (cursor) => {
      route ??= checked(spec);
      const request: Route<B> = { ...spec.quirks, api: "rest", method: "GET", path: route.path, query: { ...route.query, cursor }, parse: (b) => spec.schema.parse(b) };
      const body = await core.request(request, options);
      return read(body);
    },
    spec.cursor,
    // Named in the error of a page that says more follow with no cursor: after the first page.
    { method: "GET", get path() { return route?.path ?? spec.name; } },
  );
}
