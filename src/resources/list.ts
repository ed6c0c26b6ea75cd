import type { RequestOptions } from "../core/options.js";
import { ValidationError, type ValidationIssue } from "../core/errors.js";
import { PagePromise } from "../core/pagination.js";
import type { Core, Route } from "../internal/request.js";
import type { PageBody } from "../wire/read.js";
import { checkLimit } from "./params.js";


/**
 * A v2 list route (`GET /v2/runs`, `GET /v2/apps`) as a {@link PagePromise}. Parameters are
 * checked when the first page is asked for (so a bad one is a rejected promise, never a throw),
 * then each page is one request, retried on its own, following `page.cursor` while `hasMore`.
 * @internal
 */
export function listV2<T>(
  core: Core,
  route: {
    /** `runs.list`, `apps.list`: named in the ValidationError. */
    name: string;
    path: string;
    limit: number | undefined;
    /** The route's largest page size (`GET /v2/events/{id}/runs`: 40). @default 100 */
    maxLimit?: number;
    cursor: string | undefined;
    /** Checks the route's own parameters, pushing issues, and returns its query. */
    query: (issues: ValidationIssue[]) => Route<unknown>["query"];
    schema: { parse(body: unknown): PageBody<T> | Promise<PageBody<T>> };
  },
  options: RequestOptions | undefined,
): PagePromise<T> {
  return new PagePromise(async (cursor) => {
    const issues: ValidationIssue[] = [];
    checkLimit(route.limit, route.maxLimit ?? 100, issues);
    const query = route.query(issues);
    if (issues.length > 0) throw new ValidationError(`Invalid ${route.name} parameters: nothing was sent.`, issues);
    const body = await core.request(
      { api: "rest", method: "GET", path: route.path, query: { limit: route.limit, cursor, ...query }, parse: (b) => route.schema.parse(b) },
      options,
    );
    return { data: body.data ?? [], hasMore: body.page?.hasMore ?? false, cursor: body.page?.cursor || undefined };
  }, route.cursor, { method: "GET", path: route.path });
}
