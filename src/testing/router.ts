/** Route tables and the dispatch in front of them: API family, auth, 404 and 405, in each API's own shape. */

import { apiFamily, raw, text, v1, v2 } from "./respond.js";
import type { AuthCheck } from "./auth.js";
import type { V1Cache } from "./cache.js";
import type { Store } from "./store.js";

/** What a route handler gets. */
export interface RouteContext {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  /** Raw request body text (`""` when none). */
  readonly body: string;
  readonly store: Store;
  /** The clock's time when the request arrived. */
  readonly now: number;
  /** Decoded path parameters. */
  readonly params: Readonly<Record<string, string>>;
}

export type Handler = (ctx: RouteContext) => Response | Promise<Response>;

/** A route: `pattern` segments starting with `:` are parameters (`/v1/runs/:runId`). */
export interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly handler: Handler;
}

export interface RouteTables {
  readonly event: readonly Route[];
  readonly v1: readonly Route[];
  readonly v2: readonly Route[];
}

export interface Dispatch {
  readonly routes: RouteTables;
  readonly store: Store;
  /** Checks `Authorization` on `/v1` and `/v2`; absent when no signing key is configured. */
  readonly auth: AuthCheck | undefined;
  /** The v1 cache middleware's store. */
  readonly cache: V1Cache;
}

/** Answers one request (faults aside). */
export async function dispatch(
  deps: Dispatch,
  request: { method: string; url: URL; headers: Headers; body: string; now: number },
): Promise<Response> {
  const family = apiFamily(request.url.pathname);
  // chi's default 404: plain text, on the dev server's whole origin.
  if (family === "other") return text(404, "404 page not found\n");
  if (family !== "event" && deps.auth && !(await deps.auth(request.headers.get("authorization")))) {
    // authn.SigningKeyMiddleware answers with http.Error, plain text, as HTTP middleware in front of v1 and v2 alike.
    return text(401, "Authentication failed\n", { "x-content-type-options": "nosniff" });
  }
  // The dev server mounts v2 at /api/v2 and /v2.
  const path = family === "v2" ? request.url.pathname.replace(/^\/api/, "") : request.url.pathname;
  const routes = deps.routes[family].map((route) => ({ route, params: matchPattern(route.pattern, path) }));
  const matching = routes.filter((r) => r.params !== undefined);
  const hit = matching.find((r) => r.route.method === request.method);
  if (hit?.params) {
    const ctx = { ...request, store: deps.store, params: hit.params };
    if (family !== "v1" || request.method !== "GET") return hit.route.handler(ctx);
    const authorization = request.headers.get("authorization");
    return deps.cache.serve(request.url, authorization, request.now, async () => hit.route.handler(ctx));
  }
  if (matching.length > 0) return notAllowed(family, [...new Set(matching.map((r) => r.route.method))]);
  if (family === "event") return text(404, "404 page not found\n");
  // grpc-gateway's routing errors go through the v2 error handler as a bare status: code "api_error".
  return family === "v1" ? v1.error(404, "Not found") : v2.error(404, "api_error", "Not Found");
}

function notAllowed(family: "event" | "v1" | "v2", methods: string[]): Response {
  if (family === "event") return raw(405, "", { allow: methods.join(", ") });
  // chi's own 405 on v1 too: an empty body, no content type, and `Allow` (watched: `PUT /v1/events/{id}`).
  if (family === "v1") return raw(405, "", { allow: methods.join(", ") });
  // grpc-gateway maps a path served under another method to codes.Unimplemented, which v2 answers as 501.
  return v2.error(501, "api_error", "Method Not Allowed");
}

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] ?? "";
    if (segment.startsWith(":")) {
      if (actual === "") return undefined;
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (segment !== actual) {
      return undefined;
    }
  }
  return params;
}
