/** Request helpers shared by the v2 routes: errors in the v2 shape, and query parameters as grpc-gateway reads them. */

import { v2 } from "./respond.js";
import type { Handler, RouteContext } from "./router.js";

/** A v2 error a handler throws; the route wrapper turns it into `{ errors: [{ code, message }] }`. */
export class V2Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const handle =
  (fn: Handler): Handler =>
  async (ctx) => {
    try {
      return await fn(ctx);
    } catch (error) {
      if (error instanceof V2Error) return v2.error(error.status, error.code, error.message);
      throw error;
    }
  };

/** Query values under any of `names` (grpc-gateway accepts camelCase and snake_case; repeated params repeat). */
export function all(ctx: RouteContext, ...names: string[]): string[] {
  return names.flatMap((name) => ctx.url.searchParams.getAll(name));
}

export function one(ctx: RouteContext, ...names: string[]): string | undefined {
  return all(ctx, ...names)[0];
}

/** `limit`, an int32 query parameter: absent or 0 means the default, 20 (parseRunsPageOpts, appsPageOpts). */
export function readLimit(ctx: RouteContext, max: number): number {
  const value = one(ctx, "limit");
  if (value === undefined) return 20;
  if (!/^[+-]?\d+$/.test(value)) throw queryError("limit", `strconv.ParseInt: parsing "${value}": invalid syntax`);
  const limit = Number(value);
  if (limit < -(2 ** 31) || limit >= 2 ** 31) {
    throw queryError("limit", `strconv.ParseInt: parsing "${value}": value out of range`);
  }
  if (limit === 0) return 20;
  if (limit < 1) throw new V2Error(400, "invalid_field_format", "Limit must be at least 1");
  if (limit > max) throw new V2Error(400, "invalid_field_format", `Limit cannot exceed ${max}`);
  return limit;
}

/** Go's strconv.ParseBool, which grpc-gateway uses for boolean query params. */
export function readBool(ctx: RouteContext, ...names: string[]): boolean | undefined {
  const value = one(ctx, ...names);
  if (value === undefined) return undefined;
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  throw queryError(names.at(-1) ?? "", `strconv.ParseBool: parsing "${value}": invalid syntax`);
}

/**
 * A query parameter grpc-gateway could not parse: the gateway's error has no JSON body of ours, so the v2 error
 * handler answers it as code "api_error" (`pkg/api/v2/apiv2base/errors.go`). `field` is the proto (snake_case) name.
 */
export function queryError(field: string, cause: string): V2Error {
  return new V2Error(400, "api_error", `parsing field "${field}": ${cause}`);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export function readTime(ctx: RouteContext, name: string): number | undefined {
  const value = one(ctx, name);
  if (value === undefined) return undefined;
  const ms = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    // grpc-gateway parses a Timestamp with time.Parse(time.RFC3339Nano, ...).
    throw queryError(name, `parsing time "${value}" as "2006-01-02T15:04:05.999999999Z07:00": cannot parse "${value}" as "2006"`);
  }
  return ms;
}

export function readBody(ctx: RouteContext): Record<string, unknown> {
  if (ctx.body.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(ctx.body);
  } catch {
    throw new V2Error(400, "invalid_request", "Request body is not valid JSON");
  }
  if (!isRecord(body)) throw new V2Error(400, "invalid_request", "Request body must be a JSON object");
  return body;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
