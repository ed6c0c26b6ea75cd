/**
 * What a resource asks the request core for: one {@link Route}. A route is data (a method, a path,
 * a parser and the quirks of its API); the core turns it into requests.
 * @module
 */

/** A request a resource asks the core to make. @internal */
export interface Route<T> {
  /** `event` posts to `{eventBaseUrl}/e/{eventKey}`; `rest` calls `{apiBaseUrl}{path}` with the signing key. */
  api: "event" | "rest";
  method: "GET" | "POST" | "DELETE";
  /** Already-encoded path for `rest` routes (build it with `path`). Ignored for `event`. */
  path?: string;
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  /** JSON text of the body. */
  body?: string;
  headers?: Record<string, string>;
  /**
   * `false` for calls that are not idempotent (`runs.replay`): they are retried only when the
   * server certainly did not act (429, or a connection that was refused), never after a 5xx,
   * a timeout or a reset, since the request may have reached the server.
   * @default true
   */
  idempotent?: boolean;
  /** A v1 quirk: a 5xx whose message matches is really "not found" (not retried, `NotFoundError`). */
  notFound?: RegExp;
  /**
   * What the route does, for a dev server that does not support it: its empty 5xx is a
   * `NotSupportedError` naming this, not retried (bulk cancellation, `answer.ts` `isDevUnsupported`).
   */
  devUnsupported?: string;
  /** Turns the parsed body into the resource's type; throws or rejects (zod) when the shape is wrong. */
  parse: (body: unknown) => T | Promise<T>;
}

/** The route's path and query as one string, the query encoded (`?a=1&a=2`), for the URL. @internal */
export function pathAndQuery(route: Route<unknown>): string {
  const path = route.path ?? "/";
  if (!route.query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(route.query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
