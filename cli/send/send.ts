/**
 * `events send` as a sequence of `events.send` calls: the NDJSON stream in one call (so 100,000
 * events are read chunk by chunk, in flat memory), except that each chunk a `--failed` file marked
 * for resending goes in a call of its own, under its original seed. The first failure stops the
 * sequence; everything not accepted from there on goes to the failed file.
 */
import { PartialSendError } from "../../src/core/errors.js";
import type { InngestClient } from "../../src/client.js";
import { CliPartialSendError, UsageError } from "../exit.js";
import { bodyOf } from "../../src/resources/send/chunk.js";
import { keepPlan } from "../../src/resources/send/resend-plans.js";
import { sha256, type Tap } from "../tap.js";
import { FailedFile } from "./failed-file.js";
import type { Input } from "./input.js";
import { MARKER, type Records, type ResendMarker } from "./records.js";
import { BOUNDS } from "../../src/internal/config.js";

export interface SendSettings {
  client: InngestClient;
  tap: Tap;
  batchSize: number;
  concurrency: number;
  /** `--failed FILE`. */
  failedPath: string | undefined;
  /** Ctrl-C: stops the send; what was not accepted still goes to the failed file. */
  signal: AbortSignal;
  /** Events read so far, for the progress line. */
  counter: { read: number };
  warn(text: string): void;
}

/** One `events.send` call: ids of the events it read, and what failed. */
interface Part {
  ids: (string | null)[];
  failed?: { events: unknown[]; error: unknown };
  /** A line that is not JSON: reading stopped before it. */
  bad?: string;
}

type Sendable = Parameters<InngestClient["events"]["send"]>[0];

/** Sends a list in one call; on failure, says which events were not accepted. */
async function sendList(events: unknown[], s: SendSettings, batchSize = s.batchSize): Promise<Part> {
  try {
    const { ids } = await s.client.events.send(events as Sendable, { batchSize, concurrency: s.concurrency, signal: s.signal });
    return { ids };
  } catch (error) {
    if (error instanceof PartialSendError) {
      return { ids: error.ids, failed: { events: error.failedEvents, error: error.errors[0] ?? error } };
    }
    // A list that fails with the error itself had nothing accepted (src/resources/events.ts).
    return { ids: events.map(() => null), failed: { events, error } };
  }
}

/** Sends the records up to the next resend marker (or a line that is not JSON) as one stream. */
async function sendStream(records: Records, s: SendSettings): Promise<Part> {
  const base = s.tap.accepted;
  // The SDK rejects a stream with its own error only when nothing of it was accepted; keep what was
  // read until then, so those events still reach the failed file. Dropped at the first acceptance.
  let held: unknown[] | undefined = [];
  let bad: string | undefined;
  async function* events() {
    for (let rec = await records.peek(); rec && rec.kind !== "resend"; rec = await records.peek()) {
      if (rec.kind === "bad") {
        bad = rec.message;
        return;
      }
      await records.take();
      if (held && s.tap.accepted > base) held = undefined;
      held?.push(rec.event);
      s.counter.read++;
      yield rec.event;
    }
  }
  try {
    const { ids } = await s.client.events.send(events() as Sendable, { batchSize: s.batchSize, concurrency: s.concurrency, signal: s.signal });
    return { ids, ...(bad === undefined ? {} : { bad }) };
  } catch (error) {
    const failed =
      error instanceof PartialSendError
        ? { events: error.failedEvents, error: error.errors[0] ?? error }
        : { events: held ?? [], error };
    const ids = error instanceof PartialSendError ? error.ids : failed.events.map(() => null);
    return { ids, failed, ...(bad === undefined ? {} : { bad }) };
  }
}

/** Sends one marked chunk of a failed file as one request, under its seed if its bytes are unchanged. */
async function sendMarked(marker: ResendMarker, records: Records, s: SendSettings): Promise<Part> {
  const events: unknown[] = [];
  while (events.length < marker.count) {
    const rec = await records.peek();
    if (rec?.kind !== "event") break;
    events.push(rec.event);
    await records.take();
  }
  s.counter.read += events.length;
  const body = bodyOf(events);
  const same = events.length === marker.count && sha256(body) === marker.sha256 && marker.count <= BOUNDS.batchSize[1];
  if (!same) s.warn(`a ${MARKER} chunk was edited; its ${events.length} events are sent afresh (as new events)`);
  // The SDK's own resend plan: this array goes out as one chunk under the marker's seed.
  if (same) keepPlan(events, [{ events, seal: { seed: marker.seed, body } }], Infinity);
  return sendList(events, s, same ? marker.count : s.batchSize);
}

/** The next part of the input: a list, a marked chunk, or a stream up to the next marker. */
async function nextPart(input: Input, s: SendSettings, first: boolean): Promise<Part | undefined> {
  if (input.kind === "list") {
    if (!first) return undefined;
    s.counter.read += input.events.length;
    return sendList(input.events, s);
  }
  const head = await input.records.peek();
  if (head === undefined) return undefined;
  if (head.kind === "resend") {
    await input.records.take();
    return sendMarked(head.marker, input.records, s);
  }
  return sendStream(input.records, s);
}

/**
 * Sends everything, writes the failed file (emptied when all was accepted), and resolves to one id
 * (or `null`) per event read. Rejects with the first error when nothing was accepted, and with a
 * `CliPartialSendError` when some was.
 */
export async function sendAll(input: Input, s: SendSettings): Promise<(string | null)[]> {
  const file = s.failedPath === undefined ? undefined : new FailedFile(s.failedPath);
  const ids: (string | null)[] = [];
  let failure: unknown;
  for (let first = true; failure === undefined; first = false) {
    const part = await nextPart(input, s, first);
    if (!part) break;
    for (const id of part.ids) ids.push(id);
    if (part.failed) {
      await file?.events(part.failed.events);
      failure = part.failed.error;
    } else if (part.bad !== undefined) {
      failure = new UsageError(`${part.bad}; reading stopped there`);
    }
  }
  if (failure !== undefined && input.kind === "records") await file?.rest(input.records.rest());
  await file?.close();
  if (failure === undefined) return ids;
  const accepted = ids.filter((id) => id !== null).length;
  if (accepted === 0) throw failure;
  const failed = file ? `${file.count} not accepted or not read, written to ${s.failedPath}` : "the rest were not (pass --failed FILE to keep them)";
  const why = failure instanceof Error ? failure.message : String(failure);
  throw new CliPartialSendError(`${accepted} events were accepted; ${failed}. First error: ${why}`, ids, file?.count ?? ids.length - accepted, failure);
}
