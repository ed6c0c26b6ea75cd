/**
 * Request helpers shared by the v2 routes: errors in the v2 shape, and query parameters and bodies as grpc-gateway
 * reads them.
 */

import { scanValue, skipSpace } from "./json-scan.js";
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

/** A field of a request message, by its JSON (camelCase) and proto (snake_case) names; protojson accepts both. */
export interface GatewayField {
  readonly json: string;
  readonly proto: string;
  /** `string`; `struct` (google.protobuf.Struct, any JSON object); `list` (ListValue, any JSON array); or a message. */
  readonly kind: "string" | "struct" | "list" | GatewayMessage;
}

export interface GatewayMessage {
  readonly fields: readonly GatewayField[];
}

/**
 * A request body (`body: "*"`) as grpc-gateway decodes it, for every v2 route with one: Go's `json.Decoder` reads
 * one value (an empty body is no body; what follows the value is ignored; a body that ends inside the value is
 * `unexpected EOF`, any other syntax error is Go's message), then protojson unmarshals it into `message`: unknown
 * and duplicate fields, a value of the wrong type, a duplicate key in a Struct are each a `proto: ...` error at a
 * line and column of the value. Every one is a 400 `api_error` (the gateway's error, `apiv2base/errors.go`).
 * Watched on the dev server, alike for invoke and rerun. A `null` field is unset. Answers the set fields by JSON
 * name: strings, objects (Struct), arrays (ListValue) and nested messages.
 */
export function readGatewayBody(text: string, message: GatewayMessage): Record<string, unknown> {
  const start = skipSpace(text, 0);
  if (start === text.length) return {};
  const scanned = scanValue(text, start);
  if ("error" in scanned) throw new V2Error(400, "api_error", scanned.eof ? "unexpected EOF" : scanned.error);
  return new ProtoReader(text.slice(start, scanned.end)).message(0, message);
}

/** protojson over one value Go's decoder already read (so valid JSON); positions are into that value. */
class ProtoReader {
  constructor(private readonly raw: string) {}

  message(pos: number, message: GatewayMessage): Record<string, unknown> {
    if (this.raw.charAt(pos) !== "{") throw this.unexpected(pos);
    const out: Record<string, unknown> = {};
    const seen = new Set<GatewayField>();
    for (const { key, keyRaw, keyAt, valueAt } of this.members(pos)) {
      const field = message.fields.find((f) => f.json === key || f.proto === key);
      if (!field) throw this.error(keyAt, `unknown field ${keyRaw}`);
      if (seen.has(field)) throw this.error(keyAt, `duplicate field ${keyRaw}`);
      seen.add(field);
      if (this.raw.startsWith("null", valueAt)) continue;
      const c = this.raw.charAt(valueAt);
      if (field.kind === "string") {
        if (c !== '"') throw this.error(valueAt, `invalid value for string field ${field.json}: ${this.token(valueAt)}`);
        out[field.json] = JSON.parse(this.slice(valueAt));
      } else if (field.kind === "struct" || field.kind === "list") {
        if (c !== (field.kind === "struct" ? "{" : "[")) throw this.unexpected(valueAt);
        this.value(valueAt);
        out[field.json] = JSON.parse(this.slice(valueAt));
      } else {
        out[field.json] = this.message(valueAt, field.kind);
      }
    }
    return out;
  }

  /** A google.protobuf.Value: a Struct's keys must be unique, a number finite. */
  private value(pos: number): void {
    const c = this.raw.charAt(pos);
    if (c === "{") {
      const keys = new Set<string>();
      for (const { key, keyRaw, keyAt, valueAt } of this.members(pos)) {
        if (keys.has(key)) throw this.error(keyAt, `duplicate map key ${keyRaw}`);
        keys.add(key);
        this.value(valueAt);
      }
    } else if (c === "[") {
      let i = skipSpace(this.raw, pos + 1);
      while (this.raw.charAt(i) !== "]") {
        this.value(i);
        i = skipSpace(this.raw, this.end(i));
        if (this.raw.charAt(i) === ",") i = skipSpace(this.raw, i + 1);
      }
    } else if (c !== '"' && !this.raw.startsWith("true", pos) && !this.raw.startsWith("false", pos) && !this.raw.startsWith("null", pos)) {
      if (!Number.isFinite(Number(this.token(pos)))) throw this.error(pos, `invalid google.protobuf.Value: ${this.token(pos)}`);
    }
  }

  /** An object's members, in order: the key (decoded and as written), where it and its value start. */
  private *members(pos: number): Generator<{ key: string; keyRaw: string; keyAt: number; valueAt: number }> {
    let i = skipSpace(this.raw, pos + 1);
    while (this.raw.charAt(i) === '"') {
      const keyRaw = this.slice(i);
      const valueAt = skipSpace(this.raw, skipSpace(this.raw, i + keyRaw.length) + 1);
      yield { key: JSON.parse(keyRaw) as string, keyRaw, keyAt: i, valueAt };
      i = skipSpace(this.raw, this.end(valueAt));
      if (this.raw.charAt(i) === ",") i = skipSpace(this.raw, i + 1);
    }
  }

  private end(pos: number): number {
    const scanned = scanValue(this.raw, pos);
    return "end" in scanned ? scanned.end : this.raw.length;
  }

  private slice(pos: number): string {
    return this.raw.slice(pos, this.end(pos));
  }

  /** The token at `pos` as protojson prints it: `{` or `[` for an object or array, else the literal as written. */
  private token(pos: number): string {
    const c = this.raw.charAt(pos);
    return c === "{" || c === "[" ? c : this.slice(pos);
  }

  private unexpected(pos: number): V2Error {
    return new V2Error(400, "api_error", `proto: syntax error (${this.where(pos)}): unexpected token ${this.token(pos)}`);
  }

  private error(pos: number, message: string): V2Error {
    return new V2Error(400, "api_error", `proto: (${this.where(pos)}): ${message}`);
  }

  /** `line L:C`, 1-based, the column in characters (watched: a two-byte "é" is one column). */
  private where(pos: number): string {
    const before = this.raw.slice(0, pos);
    const lineStart = before.lastIndexOf("\n") + 1;
    return `line ${before.split("\n").length}:${Array.from(before.slice(lineStart)).length + 1}`;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
