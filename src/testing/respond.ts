/** Response builders for the three APIs' envelopes and error shapes, and their time formats. */

/** Which API a path belongs to; each has its own error shape. */
export type ApiFamily = "event" | "v1" | "v2" | "other";

export function apiFamily(path: string): ApiFamily {
  if (path === "/e" || path.startsWith("/e/")) return "event";
  if (path === "/v1" || path.startsWith("/v1/")) return "v1";
  if (/^(\/api)?\/v2(\/|$)/.test(path)) return "v2";
  return "other";
}

// Every response from the dev server or OSS carries it; SDKs use it to detect the dev server.
const SERVER_KIND = { "x-inngest-server-kind": "dev" };
// Statuses the Fetch API refuses to give a body.
const NULL_BODY = new Set([101, 204, 205, 304]);

export function json(status: number, body: unknown, headers?: Record<string, string>): Response {
  return raw(status, JSON.stringify(body), { "content-type": "application/json", ...headers });
}

export function text(status: number, body: string, headers?: Record<string, string>): Response {
  return raw(status, body, { "content-type": "text/plain; charset=utf-8", ...headers });
}

export function raw(status: number, body: string, headers: Record<string, string>): Response {
  return new Response(NULL_BODY.has(status) ? null : body, { status, headers: { ...SERVER_KIND, ...headers } });
}

/** Go `time.Time` JSON (RFC 3339 with trailing zeros of the fraction trimmed): `2024-01-22T14:22:42.13Z`. */
export function goTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, "Z");
}

/** protojson `Timestamp`: 0, 3, 6 or 9 fractional digits, so whole seconds have none. */
export function protoTime(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

// Go's encoder escapes these by default (SetEscapeHTML(true)), so HTML cannot be smuggled into a page.
const GO_ESCAPES: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** Go's `json.Encoder`: HTML-escaped text, then a newline. v1 and the Event API write their bodies with it. */
export function goJson(status: number, body: unknown, headers?: Record<string, string>): Response {
  const text = JSON.stringify(body).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
  return raw(status, `${text}\n`, { "content-type": "application/json", ...headers });
}

export const v1 = {
  /**
   * `WriteCachedResponse` (`pkg/api/apiv1/apiv1.go`): with `cacheSeconds`, `metadata.cached_until` and
   * `Cache-Control: private, max-age=N`, which the cache middleware reads to keep the answer (see `cache.ts`).
   */
  ok: (data: unknown, now: number, cacheSeconds = 0): Response => {
    const cached = cacheSeconds > 0;
    const metadata = { fetched_at: goTime(now), ...(cached && { cached_until: goTime(now + cacheSeconds * 1000) }) };
    return goJson(200, { data, metadata }, cached ? { "cache-control": `private, max-age=${cacheSeconds}` } : {});
  },
  /** `publicerr.Error`: `{ error, data: null, status }`, with the same status on the HTTP response. */
  error: (status: number, message: string): Response => goJson(status, { error: message, data: null, status }),
};

export interface V2Page {
  cursor?: string;
  hasMore: boolean;
  limit: number;
}

export const v2 = {
  /**
   * A v2 answer as grpc-gateway writes it: protojson omits an empty `data` list and `hasMore: false`, and the
   * enum-shortening pass (`pkg/api/v2/enum_json.go`) re-encodes the body through a Go map, so every object's keys
   * come out sorted.
   */
  ok: (data: unknown, now: number, page?: V2Page, metadata?: Record<string, unknown>): Response => {
    const body = {
      ...(!(Array.isArray(data) && data.length === 0) && { data }),
      metadata: { fetchedAt: protoTime(now), ...metadata },
      ...(page && {
        page: { ...(page.cursor !== undefined && { cursor: page.cursor }), ...(page.hasMore && { hasMore: true }), limit: page.limit },
      }),
    };
    return json(200, sortKeys(body));
  },
  error: (status: number, code: string, message: string, headers?: Record<string, string>): Response =>
    json(status, { errors: [{ code, message }] }, headers),
};

/** `value` with every object's keys in sorted order (Go's `encoding/json` writes maps that way). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

/** The error body each API would send for `status`, for injected faults that give none. */
export function defaultErrorResponse(family: ApiFamily, status: number, headers: Record<string, string>): Response {
  const message = status === 429 ? "Rate limit exceeded (injected fault)" : `Injected fault: HTTP ${status}`;
  switch (family) {
    case "event":
      return json(status, { ids: [], status, error: message }, headers);
    case "v1":
      return json(status, { error: message, data: null, status }, headers);
    case "v2":
      return json(status, { errors: [{ code: v2Code(status), message }] }, headers);
    default:
      return text(status, `${message}\n`, headers);
  }
}

function v2Code(status: number): string {
  if (status === 429) return "rate_limited";
  if (status === 401) return "unauthorized";
  if (status === 404) return "not_found";
  if (status === 501) return "not_implemented";
  return status >= 500 ? "internal_error" : "invalid_request";
}
