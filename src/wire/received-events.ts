/**
 * Events Inngest has received, as v1 sends them: `cqrs.Event` (pkg/cqrs/events.go) in the v1
 * envelope, snake_case since Inngest commit a968103b9f (the published OpenAPI's camelCase names
 * are stale). Read into the camelCase {@link ReceivedEvent}.
 * @module
 */
import * as z from "zod/mini";
import { envelope, jsonObject, text } from "./common.js";
import { orNull, timeOrNull } from "./read.js";

/** An event as Inngest stored it, from `events.get` and `events.list`. Times are RFC 3339 strings. */
export interface ReceivedEvent {
  /**
   * Inngest's id for the event (a ULID): the id `events.send` resolves with, and the one
   * `events.get` and `events.runs` take.
   */
  internalId: string;
  /** The `id` you sent with the event (your deduplication key), or `null` if you sent none. */
  id: string | null;
  name: string;
  /** The event's `data`; `{}` when it was stored without any. */
  data: Record<string, unknown>;
  /** The event's `user`, or `null`. */
  user: Record<string, unknown> | null;
  /** The event's own timestamp, in milliseconds since the epoch, or `null`. */
  ts: number | null;
  /** The event's schema version (`v`), or `null`. */
  version: string | null;
  /** When Inngest received it. Not the id's time: a seeded id can be older. */
  receivedAt: string | null;
  /** How it arrived, for example `"key"` for an event key. */
  source: string | null;
  /** The id of the event key (or other source) it arrived through, or `null`. */
  sourceId: string | null;
}

const object = z.optional(z.nullable(jsonObject()));

/** One `cqrs.Event` (`id`, `user`, `ts`, `v` are `omitempty`; `data` is `null` for a nil map). @internal */
const receivedEventSchema = z.pipe(
  z.object({
    internal_id: z.string(),
    id: text,
    name: z.string(),
    data: object,
    user: object,
    ts: z.optional(z.nullable(z.number())),
    v: text,
    received_at: text,
    source: text,
    source_id: text,
  }),
  z.transform(
    (e): ReceivedEvent => ({
      internalId: e.internal_id,
      id: orNull(e.id),
      name: e.name,
      data: e.data ?? {},
      user: e.user ?? null,
      ts: e.ts ?? null,
      version: orNull(e.v),
      receivedAt: timeOrNull(e.received_at),
      source: orNull(e.source),
      sourceId: orNull(e.source_id),
    }),
  ),
);

/** `GET /v1/events/{eventId}`. @internal */
export const receivedEventEnvelope = envelope(receivedEventSchema);

/** `GET /v1/events`: a JSON array, `[]` when empty (`make(..., 0, limit)`, pkg/cqrs/manager/cqrs.go). @internal */
export const receivedEventsEnvelope = envelope(z.nullable(z.array(receivedEventSchema)));
