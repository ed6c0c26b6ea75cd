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

// A pipe, so the length checks run only on a string: zod runs checks after a failed type check,
// and an empty array would also read "is empty".
const nameSchema = z.pipe(
  z.string({ error: (i) => (i.input === undefined ? "is missing" : "must be a string") }),
  z.string().check(
    z.minLength(1, "is empty"),
    z.maxLength(256, "is longer than 256 characters"),
    z.refine((n) => !n.toLowerCase().startsWith("inngest/"), "starts with \"inngest/\", which Inngest reserves for its own events"),
  ),
);

const eventSchema = z.object({
  name: nameSchema,
  data: z.optional(z.custom<Record<string, unknown>>(isPlainObject, "must be a plain object")),
  user: z.optional(z.custom<Record<string, unknown>>(isPlainObject, "must be a plain object")),
  id: z.optional(z.string("must be a string")),
  ts: z.optional(
    z.number("must be a finite number of milliseconds").check(
      // The server reads ts as an int64: a fraction (performance.now() arithmetic) would fail the chunk.
      z.refine((t) => Number.isInteger(t) && t >= MIN_TS && t <= MAX_TS, "must be whole milliseconds since the epoch, between 1980 and 2100"),
    ),
  ),
  v: z.optional(z.string("must be a string")),
});

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
  const at = index === undefined ? {} : { index };
  if (!isPlainObject(input)) {
    return { issues: [{ ...at, path: "", message: "must be an event object like { name, data }" }] };
  }
  const parsed = eventSchema.safeParse(input);
  if (!parsed.success) {
    return {
      issues: parsed.error.issues.map((i) => ({ ...at, path: i.path.map(String).join("."), message: i.message })),
    };
  }
  const event = parsed.data;
  const issues: ValidationIssue[] = [];
  if (event.data && hasJsonProblem(event.data, 0)) jsonProblems(event.data, "data", new Set(), issues, index);
  if (event.user && hasJsonProblem(event.user, 0)) jsonProblems(event.user, "user", new Set(), issues, index);

  const finish = (result: SchemaResult | undefined): Checked => {
    for (const issue of result?.issues ?? []) {
      const keys = (issue.path ?? []).map((p) => String(typeof p === "object" ? p.key : p));
      issues.push({ ...at, path: ["data", ...keys].join("."), message: issue.message });
    }
    if (issues.length > 0) return { issues };
    // The wire form, in the order the official SDK sends it; `data` is always an object.
    const json = JSON.stringify({
      name: event.name,
      data: event.data ?? {},
      ...(event.user === undefined ? {} : { user: event.user }),
      ...(event.id === undefined ? {} : { id: event.id }),
      ...(event.ts === undefined ? {} : { ts: event.ts }),
      ...(event.v === undefined ? {} : { v: event.v }),
    });
    // Cheap bound first: a UTF-16 string of n units is at most 3n bytes of UTF-8.
    if (json.length * 3 > maxEventSize) {
      const size = utf8Length(json);
      if (size > maxEventSize) {
        return { issues: [{ ...at, path: "", message: `is ${size} bytes of JSON, over the ${maxEventSize}-byte limit per event` }] };
      }
    }
    return { json };
  };
  // A validator should return issues, not throw; report a throw like one, so nothing is sent.
  const threw = (err: unknown): Checked => {
    issues.push({ ...at, path: "data", message: `the schema for "${event.name}" threw: ${err instanceof Error ? err.message : String(err)}` });
    return { issues };
  };

  const schema = schemas?.[event.name];
  if (!schema) return finish(undefined);
  try {
    const result = schema["~standard"].validate(event.data ?? {});
    return result instanceof Promise ? result.then(finish, threw) : finish(result);
  } catch (err) {
    return threw(err);
  }
}
