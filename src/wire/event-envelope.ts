/**
 * An event's envelope (`name`, `data`, `user`, `id`, `ts`, `v`) checked and put in the form it is
 * sent in. The common valid event is checked here without zod; anything this check refuses goes to
 * the zod schema (`event-schema.ts`, loaded then), which has the last word and words each problem.
 * So this check may refuse what zod accepts, never the reverse: a property test holds the two to it.
 * @module
 */
import type { ValidationIssue } from "../core/issues.js";
import { lazy } from "../internal/lazy.js";

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

/** An event whose envelope passed the check. Other keys it may have are not sent. @internal */
export interface Envelope {
  readonly name: string;
  readonly data?: Record<string, unknown> | undefined;
  readonly user?: Record<string, unknown> | undefined;
  readonly id?: string | undefined;
  readonly ts?: number | undefined;
  readonly v?: string | undefined;
}

/**
 * The wire form of a checked event (its fields picked, `data` defaulted), built when its chunk is
 * written: short-lived, so a 50,000-event send neither keeps nor promotes 50,000 of them.
 * @internal
 */
export const wireOf = (event: unknown): WireEvent => {
  const { name, data, user, id, ts, v } = event as Envelope;
  return { name, data: data ?? {}, user, id, ts, v };
};

/** The longest event name the Event API takes: the one home of the rule (the zod schema reads it too). @internal */
export const MAX_NAME_LENGTH = 256;

/**
 * Whether the envelope is valid as checked without zod. Reads each field once and allocates
 * nothing: it runs for every event of every batch.
 * @internal
 */
export function quickEnvelope(input: Record<string, unknown>): input is Record<string, unknown> & Envelope {
  const { name, data, user, id, ts, v } = input;
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME_LENGTH || isReserved(name)) return false;
  if ((data !== undefined && !isPlainObject(data)) || (user !== undefined && !isPlainObject(user))) return false;
  if ((id !== undefined && typeof id !== "string") || (v !== undefined && typeof v !== "string")) return false;
  return ts === undefined || (typeof ts === "number" && isTs(ts));
}

/** The zod schema of an envelope, loaded with zod once per process, on the first refusal. */
const loadEventSchema = lazy(() => import("./event-schema.js"));

/**
 * The zod schema's verdict on an envelope the quick check refused: the envelope after all (its
 * fields are the input's own), or each problem, worded. Loads zod (once per process) on first use.
 * @internal
 */
export async function zodEnvelope(input: Record<string, unknown>, index: number | undefined): Promise<Envelope | ValidationIssue[]> {
  const { eventSchema } = await loadEventSchema();
  const parsed = eventSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const at = index === undefined ? {} : { index };
  return parsed.error.issues.map((i) => ({ ...at, path: i.path.map(String).join("."), message: i.message }));
}
