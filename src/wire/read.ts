/**
 * Readers of what the API sends that need no zod: protojson's and Go's ways of saying "absent"
 * (omitted zero values, `null`, Go's zero time, uint64 as a string), and the quick read of a v2
 * page. Resources import these statically; the zod schemas (`common.ts` and the modules next to
 * it) are reached only through `loadSchemas` (`load.ts`), on the first answer that needs them.
 * @module
 */

/**
 * The common well-formed v2 page read without zod: each item through `quickItem` (which answers
 * `undefined` for anything it does not take), the envelope checked by hand. Anything off, and the
 * whole page goes to `schema`, which has the last word and the error messages. zod's parse of a
 * 100-run page was 230-330 µs, more than the request around it; and a client that only pages
 * through runs never loads zod at all when `schema` loads it lazily.
 * @internal
 */
export function quickPage<T, R extends PageBody<T> | Promise<PageBody<T>>>(
  quickItem: (value: unknown) => T | undefined,
  schema: { parse(body: unknown): R },
): { parse(body: unknown): PageBody<T> | R } {
  return {
    parse(body) {
      return quickPageBody(body, quickItem) ?? schema.parse(body);
    },
  };
}

/** A v2 list envelope, parsed. @internal */
export interface PageBody<T> {
  data?: T[] | null | undefined;
  page?: { cursor?: string | null | undefined; hasMore?: boolean | undefined } | undefined;
}

function quickPageBody<T>(body: unknown, quickItem: (value: unknown) => T | undefined): PageBody<T> | undefined {
  if (!isObject(body)) return undefined;
  const { data, page } = body;
  if (page !== undefined && !(isObject(page) && isText(page.cursor) && (page.hasMore === undefined || typeof page.hasMore === "boolean"))) return undefined;
  if (data !== undefined && data !== null && !Array.isArray(data)) return undefined;
  const out: PageBody<T> = { data: data as null | undefined };
  if (Array.isArray(data)) {
    const items: T[] = [];
    for (const value of data) {
      const item = quickItem(value);
      if (item === undefined) return undefined;
      items.push(item);
    }
    out.data = items;
  }
  if (page !== undefined) out.page = { cursor: page.cursor as string | null | undefined, hasMore: page.hasMore as boolean | undefined };
  return out;
}

/** What zod's `z.object` takes: an object that is not an array. @internal */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** What the schemas' `text` takes: an optional, nullable string. @internal */
export const isText = (v: unknown): v is string | null | undefined => v === undefined || v === null || typeof v === "string";

/** An empty or absent string as `null`. @internal */
export const orNull = (v: string | null | undefined) => (v ? v : null);

/**
 * A protobuf `Timestamp` as an RFC 3339 string, or `null` when it is absent or Go's zero time:
 * `timestamppb.New(time.Time{})` is sent as `"0001-01-01T00:00:00Z"`, which means "not set"
 * (pkg/api/v2/endpoints_runs.go sets `startedAt` from the run even before it has started). @internal
 */
export const timeOrNull = (v: string | null | undefined) => (v && !v.startsWith("0001-01-01") ? v : null);

/** A protojson `uint64` (sent as a decimal string) or a number, as a number; `null` when absent or not a number. @internal */
export function uint64(v: string | number | null | undefined): number | null {
  if (v === undefined || v === null || v === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
