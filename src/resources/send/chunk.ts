/**
 * A chunk: a run of consecutive input events that goes out as one POST. Every shape the send path
 * handles (a chunk read, posted, refused, not sent, kept for a resend) is this one type.
 * @module
 */
import { makeEventIdSeed } from "../../internal/seed.js";
import { wireOf } from "../../wire/event-envelope.js";

/**
 * The `x-inngest-event-id-seed` a chunk goes out under, with the exact body sent under it. The
 * server derives the i-th event's id from the seed alone, so the pair travels together: a seed
 * resent with other bytes would give old ids to new events, and a seed kept without its body
 * cannot be checked against a resend (a 0.1.0 defect: a resend after `totalTimeout` lost the body,
 * so the next resend refused the seed and stored the chunk twice).
 */
export interface Seal {
  readonly seed: string;
  readonly body: string;
}

/** A run of events with its start, and its seal once it has one. */
export interface Chunk {
  /** Input position of the first event. */
  readonly start: number;
  /**
   * The caller's own event objects, in input order, all checked. The chunk's JSON is written from
   * them when it is first posted (its seal), not when they are checked: an array's chunks are
   * written one by one as they go out, while earlier ones are on the network.
   */
  readonly events: readonly unknown[];
  /**
   * A stream's events as JSON, written as each was read. A stream's iterator runs during the send
   * and may reuse or change an object after yielding it (`ev.data = row; yield ev`), so its events
   * cannot wait for their chunk's POST to be written. `undefined` for an array's chunk.
   */
  readonly written?: readonly string[] | undefined;
  /**
   * Set once the chunk is posted, and from then on for good: every retry of that POST, and every
   * resend of the chunk, goes out under it. A chunk from a resend plan carries it from the start.
   */
  readonly seal: Seal | undefined;
}

/**
 * The JSON array the Event API takes. The same bytes as joining each event's own JSON, which the
 * CLI's `--failed` file relies on to hash a chunk.
 */
export const bodyOf = (events: readonly unknown[]): string => JSON.stringify(events.map(wireOf));

/**
 * The chunk's seal, made on its first POST: a fresh seed and the body it covers.
 * @throws whatever `JSON.stringify` throws for an event the caller changed after it was checked
 * (a BigInt or a cycle put into its data since).
 */
export const sealOf = (chunk: Chunk): Seal =>
  chunk.seal ?? { seed: makeEventIdSeed(), body: chunk.written ? `[${chunk.written.join(",")}]` : bodyOf(chunk.events) };
