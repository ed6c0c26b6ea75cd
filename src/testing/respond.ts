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

export const v1 = {
  ok: (data: unknown, now: number): Response => json(200, { data, metadata: { fetched_at: goTime(now) } }),
  /** `publicerr.Error`: `{ error, data: null, status }`, with the same status on the HTTP response. */
  error: (status: number, message: string): Response => json(status, { error: message, data: null, status }),
};

export interface V2Page {
  cursor?: string;
  hasMore: boolean;
  limit: number;
}

export const v2 = {
  ok: (data: unknown, now: number, page?: V2Page, metadata?: Record<string, unknown>): Response =>
    json(200, { data, metadata: { fetchedAt: protoTime(now), ...metadata }, ...(page ? { page } : {}) }),
  error: (status: number, code: string, message: string): Response =>
    json(status, { errors: [{ code, message }] }),
};

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
