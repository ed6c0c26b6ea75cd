/**
 * An event's envelope (`name`, `data`, `user`, `id`, `ts`, `v`) checked and put in the form it is
 * sent in. The common valid event is checked here without zod; anything this check refuses goes to
 * the zod schema (`event-schema.ts`, loaded then), which has the last word and words each problem.
 * So this check may refuse what zod accepts, never the reverse: a property test holds the two to it.
 * @module
 */
import type { ValidationIssue } from "../core/issues.js";

const MIN_TS = Date.UTC(1980, 0, 1);
const MAX_TS = Date.UTC(2100, 0, 1);

/** A plain object: `{}` or `Object.create(null)`, not an array, Map, Date or class instance. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Names starting with `inngest/` are Inngest's own events. */
export const isReserved = (name: string): boolean => name.toLowerCase().startsWith("inngest/");

/** Whole milliseconds between 1980 and 2100: the server reads `ts` as an int64. */
export const isTs = (t: number): boolean => Number.isInteger(t) && t >= MIN_TS && t <= MAX_TS;

/**
 * An event as it goes on the wire: these keys in this order (the official SDK's), `data` always an
 * object. A key left `undefined` is left out by `JSON.stringify`, so every event has one shape.
 */
export interface WireEvent {
  readonly name: string;
  readonly data: Record<string, unknown>;
  readonly user: Record<string, unknown> | undefined;
  readonly id: string | undefined;
  readonly ts: number | undefined;
  readonly v: string | undefined;
}

type Fields = { name: string; data?: Record<string, unknown> | undefined; user?: Record<string, unknown> | undefined; id?: string | undefined; ts?: number | undefined; v?: string | undefined };

const wire = ({ name, data, user, id, ts, v }: Fields): WireEvent => ({ name, data: data ?? {}, user, id, ts, v });

/**
 * The event's wire form if its envelope is valid as checked without zod, else `undefined`. Other
 * keys of `input` are not sent.
 * @internal
 */
export function quickEnvelope(input: Record<string, unknown>): WireEvent | undefined {
  const { name, data, user, id, ts, v } = input;
  if (typeof name !== "string" || name.length === 0 || name.length > 256 || isReserved(name)) return undefined;
  if ((data !== undefined && !isPlainObject(data)) || (user !== undefined && !isPlainObject(user))) return undefined;
  if ((id !== undefined && typeof id !== "string") || (v !== undefined && typeof v !== "string")) return undefined;
  if (ts !== undefined && (typeof ts !== "number" || !isTs(ts))) return undefined;
  return wire({ name, data, user, id, ts, v } as Fields);
}

/**
 * The zod schema's verdict on an envelope the quick check refused: its wire form after all, or
 * each problem, worded. Loads zod (once per process) on first use.
 * @internal
 */
export async function zodEnvelope(input: Record<string, unknown>, index: number | undefined): Promise<WireEvent | ValidationIssue[]> {
  const { eventSchema } = await import("./event-schema.js");
  const parsed = eventSchema.safeParse(input);
  if (parsed.success) return wire(parsed.data);
  const at = index === undefined ? {} : { index };
  return parsed.error.issues.map((i) => ({ ...at, path: i.path.map(String).join("."), message: i.message }));
}
