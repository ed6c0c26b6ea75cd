/**
 * Events as users hand them to `events.send`: their types, and the check that refuses a bad one
 * before anything is sent: the envelope (`event-envelope.ts`, zod for the wording of a refusal),
 * JSON-ability and a size bound from one walk of the value (`event-json.ts`), and per-event-name
 * Standard Schema validators when given.
 * @module
 */
import type { ValidationIssue } from "../core/issues.js";
import { type Envelope, isPlainObject, quickEnvelope, wireOf, zodEnvelope } from "./event-envelope.js";
import { jsonBound, jsonProblems, PROBLEM, utf8Length } from "./event-json.js";

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

/** The verdict on a good event: one shared value, so checking allocates nothing per good event. */
const VALID = Object.freeze({ valid: true as const });

/** An event checked: good, or every problem found. @internal */
export type Checked = typeof VALID | { readonly issues: ValidationIssue[] };
type SchemaResult = Awaited<ReturnType<StandardSchemaV1["~standard"]["validate"]>>;

/** What a check needs from the client. @internal */
export interface CheckContext {
  readonly maxEventSize: number;
  readonly schemas: Record<string, StandardSchemaV1 | undefined> | undefined;
}

const at = (index: number | undefined) => (index === undefined ? {} : { index });

/** Never written to: {@link finish} and {@link threw} copy it before adding a problem. */
const NO_ISSUES: readonly ValidationIssue[] = Object.freeze([]);

/**
 * Checks one event: good, or the problems found. Synchronous for a valid
 * event without an async Standard Schema: on a 50,000-event batch an `await` per event would cost
 * more than the checks themselves. The event's JSON is not written here but when its chunk is
 * sent; its size is bounded here, and measured only when the bound is over `maxEventSize`.
 * @internal
 */
export function checkEvent(input: unknown, index: number | undefined, context: CheckContext): Checked | Promise<Checked> {
  if (!isPlainObject(input)) return { issues: [{ ...at(index), path: "", message: "must be an event object like { name, data }" }] };
  if (quickEnvelope(input)) return checkContent(input, index, context);
  return zodEnvelope(input, index).then((r) => (Array.isArray(r) ? { issues: r } : checkContent(r, index, context)));
}

/** The checks past the envelope: JSON-ability, the event's own schema, and size. */
function checkContent(event: Envelope, index: number | undefined, context: CheckContext): Checked | Promise<Checked> {
  const data = event.data === undefined ? 2 : jsonBound(event.data, 0);
  const user = event.user === undefined ? 0 : jsonBound(event.user, 0);
  // Shared, and empty, for the common event: only a problem found makes an array of its own.
  let issues = NO_ISSUES;
  if (data === PROBLEM || user === PROBLEM) {
    const found: ValidationIssue[] = [];
    if (data === PROBLEM) jsonProblems(event.data, "data", new Set(), found, index);
    if (user === PROBLEM) jsonProblems(event.user, "user", new Set(), found, index);
    issues = found;
  }
  // A PROBLEM that names no path (only deep, no cycle) is measured for real.
  const bound = data === PROBLEM || user === PROBLEM ? Infinity : data + user + jsonBound(event.name, 0) + envelopeBound(event);
  // The limit to measure the JSON against, only when the bound is over it.
  const measure = bound > context.maxEventSize ? context.maxEventSize : undefined;
  const schema = context.schemas?.[event.name];
  if (!schema) return finish(event, undefined, issues, index, measure);
  try {
    const result = schema["~standard"].validate(event.data ?? {});
    if (!(result instanceof Promise)) return finish(event, result, issues, index, measure);
    return result.then(
      (r) => finish(event, r, issues, index, measure),
      (err: unknown) => threw(event, err, issues, index),
    );
  } catch (err) {
    return threw(event, err, issues, index);
  }
}

/** The keys and the short fields: `{"name":,"data":,"user":,"id":"…","ts":…,"v":"…"}`. */
const envelopeBound = (e: Envelope): number =>
  40 + (e.id === undefined ? 0 : jsonBound(e.id, 0)) + (e.v === undefined ? 0 : jsonBound(e.v, 0)) + (e.ts === undefined ? 0 : 24);

/**
 * The event once its data schema (if any) has spoken: every problem found, or its size checked.
 * `max` is given only when the size bound is over it: then the JSON is written to measure it.
 */
function finish(event: Envelope, result: SchemaResult | undefined, found: readonly ValidationIssue[], index: number | undefined, max: number | undefined): Checked {
  if (found.length > 0 || (result?.issues?.length ?? 0) > 0) {
    const schemaIssues = (result?.issues ?? []).map((issue) => {
      const keys = (issue.path ?? []).map((p) => String(typeof p === "object" ? p.key : p));
      return { ...at(index), path: ["data", ...keys].join("."), message: issue.message };
    });
    return { issues: [...found, ...schemaIssues] };
  }
  if (max !== undefined) {
    // Only near the limit (or with a custom toJSON) is the JSON written now, to measure it.
    const size = utf8Length(JSON.stringify(wireOf(event)));
    if (size > max) return { issues: [{ ...at(index), path: "", message: `is ${size} bytes of JSON, over the ${max}-byte limit per event` }] };
  }
  return VALID;
}

/** A validator should return issues, not throw; a throw is reported like one, so nothing is sent. */
function threw(event: Envelope, err: unknown, found: readonly ValidationIssue[], index: number | undefined): Checked {
  const message = `the schema for "${event.name}" threw: ${err instanceof Error ? err.message : String(err)}`;
  return { issues: [...found, { ...at(index), path: "data", message }] };
}
