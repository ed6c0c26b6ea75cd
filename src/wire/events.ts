/**
 * Events as users hand them to `events.send`: their types, and the check that refuses a bad one
 * before anything is sent (shape with zod, JSON-ability and size by walking the value, and
 * per-event-name Standard Schema validators when given).
 * @module
 */
import * as z from "zod/mini";
import type { ValidationIssue } from "../core/issues.js";

/** An event to send. `data` defaults to `{}`; `ts` to the time the API receives it. */
export interface EventPayload<Name extends string = string, Data = Record<string, unknown>> {
  /** Event name, e.g. `"app/user.signup"`: 1-256 characters, not starting with `inngest/` (reserved). */
  name: Name;
  /** A plain JSON object. */
  data?: Data;
  /**
   * Your deduplication key: of several events with one `id` within 24 hours only the first
   * triggers functions. Global across names, so include the event type in it.
   */
  id?: string;
  /** Milliseconds since the epoch (between 1980 and 2100). A future `ts` delays the runs it triggers. */
  ts?: number;
  /** Schema version of the payload, e.g. `"2024-05-15.1"`. */
  v?: string;
  /** @deprecated Inngest keeps `user` only for compatibility; put everything in `data`. */
  user?: Record<string, unknown>;
}

/**
 * A map of event names to their payloads, for typed sends:
 * `createInngestClient<{ "app/user.signup": { data: { userId: string } } }>()`.
 */
export type EventMap = Record<string, { data?: object | undefined }>;

/** The event map used when none is given: any name, any object data. */
export type AnyEvents = Record<string, { data?: EventData }>;

/**
 * What `data` may be when no event map says more: any object, interfaces included (they have no
 * index signature, so `Record<string, unknown>` would refuse them), but not an array, Map or Set.
 */
export type EventData = Record<string, unknown> | (object & { readonly [Symbol.iterator]?: never });

/** The union of payloads an {@link EventMap} allows; `data` is required when the map's `data` is. */
export type SendableEvent<M extends EventMap> = {
  [K in keyof M & string]: Omit<EventPayload<K>, "data"> &
    (undefined extends M[K]["data"] ? { data?: M[K]["data"] } : { data: M[K]["data"] });
}[keyof M & string];

/** The Standard Schema interface (https://standardschema.dev): zod, valibot and arktype schemas implement it. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) =>
      | { readonly value: Output; readonly issues?: undefined }
      | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined }> }
      | Promise<
          | { readonly value: Output; readonly issues?: undefined }
          | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined }> }
        >;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** Run-time validators of `data`, per event name. Events with other names are not checked. */
export type EventSchemas<M extends EventMap> = { [K in keyof M]?: StandardSchemaV1<unknown, M[K]["data"]> };

const MIN_TS = Date.UTC(1980, 0, 1);
const MAX_TS = Date.UTC(2100, 0, 1);

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Names starting with `inngest/` are Inngest's own events. */
const isReserved = (name: string): boolean => name.toLowerCase().startsWith("inngest/");

const isTs = (t: number): boolean => Number.isInteger(t) && t >= MIN_TS && t <= MAX_TS;

// A pipe, so the length checks run only on a string: zod runs checks after a failed type check,
// and an empty array would also read "is empty".
const nameSchema = z.pipe(
  z.string({ error: (i) => (i.input === undefined ? "is missing" : "must be a string") }),
  z.string().check(
    z.minLength(1, "is empty"),
    z.maxLength(256, "is longer than 256 characters"),
    z.refine((n) => !isReserved(n), "starts with \"inngest/\", which Inngest reserves for its own events"),
  ),
);

/**
 * The authority on an event's envelope: every problem's message comes from here.
 * @internal
 */
export const eventSchema = z.object({
  name: nameSchema,
  data: z.optional(z.custom<Record<string, unknown>>(isPlainObject, "must be a plain object")),
  user: z.optional(z.custom<Record<string, unknown>>(isPlainObject, "must be a plain object")),
  id: z.optional(z.string("must be a string")),
  ts: z.optional(
    z.number("must be a finite number of milliseconds").check(
      // The server reads ts as an int64: a fraction (performance.now() arithmetic) would fail the chunk.
      z.refine(isTs, "must be whole milliseconds since the epoch, between 1980 and 2100"),
    ),
  ),
  v: z.optional(z.string("must be a string")),
});

type Envelope = z.output<typeof eventSchema>;

/**
 * The common valid event, checked without zod: the same rules as {@link eventSchema}, read once
 * each. `undefined` when anything is off, and then zod checks the event again and words the
 * problems; so this may refuse what zod accepts, never the reverse (a property test holds it to
 * that). On a 50,000-event batch zod's parse of each envelope was the largest cost before the
 * first POST.
 * @internal
 */
export function quickEnvelope(input: Record<string, unknown>): Envelope | undefined {
  const { name, data, user, id, ts, v } = input;
  if (typeof name !== "string" || name.length === 0 || name.length > 256 || isReserved(name)) return undefined;
  if ((data !== undefined && !isPlainObject(data)) || (user !== undefined && !isPlainObject(user))) return undefined;
  if ((id !== undefined && typeof id !== "string") || (v !== undefined && typeof v !== "string")) return undefined;
  if (ts !== undefined && (typeof ts !== "number" || !isTs(ts))) return undefined;
  return { name, data, user, id, ts, v } as Envelope;
}

/** Finds what JSON would drop or change silently (functions, symbols, NaN), or cannot hold (BigInt, cycles). */
/**
 * The fast first pass over an event's data: is anything in it that JSON would drop, change or
 * refuse? No allocation on the way (the walk runs once per event of every batch); only when it
 * finds something does {@link jsonProblems} walk again to name each path.
 */
function hasJsonProblem(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "bigint":
    case "function":
    case "symbol":
      return true;
    case "number":
      return !Number.isFinite(value);
    case "object": {
      if (value === null || typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
      // Deeper than any sane payload: a cycle, most likely. The second pass says for sure.
      if (depth > 200 || value instanceof Map || value instanceof Set) return true;
      for (const key in value) {
        if (Object.prototype.hasOwnProperty.call(value, key) && hasJsonProblem((value as Record<string, unknown>)[key], depth + 1)) return true;
      }
      return false;
    }
    default:
      return false;
  }
}

function jsonProblems(value: unknown, path: string, seen: Set<object>, out: ValidationIssue[], index: number | undefined): void {
  const add = (message: string): void => {
    out.push({ ...(index === undefined ? {} : { index }), path, message });
  };
  switch (typeof value) {
    case "bigint":
      return add("is a BigInt, which JSON cannot hold (send it as a string)");
    case "function":
      return add("is a function, which JSON would drop silently");
    case "symbol":
      return add("is a symbol, which JSON would drop silently");
    case "number":
      if (!Number.isFinite(value)) add(`is ${value}, which JSON turns into null`);
      return;
    case "object": {
      if (value === null) return;
      if (seen.has(value)) return add("refers back to itself (a cycle), which JSON cannot hold");
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return;
      if (value instanceof Map || value instanceof Set) return add("is a Map or Set, which JSON turns into {}");
      seen.add(value);
      for (const [key, child] of Object.entries(value)) {
        if (out.length > 20) break;
        jsonProblems(child, `${path}.${key}`, seen, out, index);
      }
      seen.delete(value);
      return;
    }
    default:
      return;
  }
}

/** UTF-8 length of a string, without allocating an encoded copy. */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // 2 bytes below U+0800, 3 above, 4 for a surrogate pair (2 units): so +1, +2, +1 per unit.
    if (c >= 0x80) bytes += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

type Checked = { json: string } | { issues: ValidationIssue[] };
type SchemaResult = Awaited<ReturnType<StandardSchemaV1["~standard"]["validate"]>>;

const at = (index: number | undefined) => (index === undefined ? {} : { index });

/**
 * Checks one event and returns its JSON (the form it is sent in), or the problems found.
 * Synchronous unless the event's Standard Schema validates asynchronously: on a 50,000-event
 * batch an `await` per event would cost more than the checks themselves.
 * @internal
 */
export function checkEvent(
  input: unknown,
  index: number | undefined,
  maxEventSize: number,
  schemas: Record<string, StandardSchemaV1 | undefined> | undefined,
): Checked | Promise<Checked> {
  if (!isPlainObject(input)) {
    return { issues: [{ ...at(index), path: "", message: "must be an event object like { name, data }" }] };
  }
  let event = quickEnvelope(input);
  if (!event) {
    const parsed = eventSchema.safeParse(input);
    if (!parsed.success) {
      return { issues: parsed.error.issues.map((i) => ({ ...at(index), path: i.path.map(String).join("."), message: i.message })) };
    }
    event = parsed.data;
  }
  const issues: ValidationIssue[] = [];
  if (event.data && hasJsonProblem(event.data, 0)) jsonProblems(event.data, "data", new Set(), issues, index);
  if (event.user && hasJsonProblem(event.user, 0)) jsonProblems(event.user, "user", new Set(), issues, index);

  const schema = schemas?.[event.name];
  if (!schema) return finish(event, undefined, issues, index, maxEventSize);
  const checked = event;
  try {
    const result = schema["~standard"].validate(checked.data ?? {});
    if (!(result instanceof Promise)) return finish(checked, result, issues, index, maxEventSize);
    return result.then(
      (r) => finish(checked, r, issues, index, maxEventSize),
      (err: unknown) => threw(checked, err, issues, index),
    );
  } catch (err) {
    return threw(checked, err, issues, index);
  }
}

/** The event's JSON once its data schema (if any) has spoken, or every problem found. */
function finish(event: Envelope, result: SchemaResult | undefined, issues: ValidationIssue[], index: number | undefined, maxEventSize: number): Checked {
  for (const issue of result?.issues ?? []) {
    const keys = (issue.path ?? []).map((p) => String(typeof p === "object" ? p.key : p));
    issues.push({ ...at(index), path: ["data", ...keys].join("."), message: issue.message });
  }
  if (issues.length > 0) return { issues };
  const json = wireJson(event);
  // Cheap bound first: a UTF-16 string of n units is at most 3n bytes of UTF-8.
  if (json.length * 3 > maxEventSize) {
    const size = utf8Length(json);
    if (size > maxEventSize) {
      return { issues: [{ ...at(index), path: "", message: `is ${size} bytes of JSON, over the ${maxEventSize}-byte limit per event` }] };
    }
  }
  return { json };
}

/** A validator should return issues, not throw; a throw is reported like one, so nothing is sent. */
function threw(event: Envelope, err: unknown, issues: ValidationIssue[], index: number | undefined): Checked {
  issues.push({ ...at(index), path: "data", message: `the schema for "${event.name}" threw: ${err instanceof Error ? err.message : String(err)}` });
  return { issues };
}

const hasToJSON = (v: unknown): boolean => typeof (v as { toJSON?: unknown } | undefined)?.toJSON === "function";

/**
 * The wire form, in the order the official SDK sends it; `data` is always an object. Built from
 * each field's JSON, without a wrapper object per event. A top-level `toJSON` on `data` or `user`
 * is called with its key by `JSON.stringify`, so those go the long way to stay identical.
 */
function wireJson(e: Envelope): string {
  if (hasToJSON(e.data) || hasToJSON(e.user)) {
    return JSON.stringify({
      name: e.name,
      data: e.data ?? {},
      ...(e.user === undefined ? {} : { user: e.user }),
      ...(e.id === undefined ? {} : { id: e.id }),
      ...(e.ts === undefined ? {} : { ts: e.ts }),
      ...(e.v === undefined ? {} : { v: e.v }),
    });
  }
  let json = `{"name":${JSON.stringify(e.name)},"data":${e.data === undefined ? "{}" : JSON.stringify(e.data)}`;
  if (e.user !== undefined) json += `,"user":${JSON.stringify(e.user)}`;
  if (e.id !== undefined) json += `,"id":${JSON.stringify(e.id)}`;
  // An integer between 1980 and 2100: its JSON is its decimal text.
  if (e.ts !== undefined) json += `,"ts":${e.ts}`;
  if (e.v !== undefined) json += `,"v":${JSON.stringify(e.v)}`;
  return `${json}}`;
}
