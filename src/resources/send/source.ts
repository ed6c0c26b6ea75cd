/**
 * Where a send's chunks come from: one interface, two implementations. An array (or one event) is
 * validated whole before anything is sent and then cut into chunks; a stream (any other iterable)
 * is read and validated chunk by chunk, never held whole.
 * @module
 */
import { AbortError, InngestError, ValidationError } from "../../core/errors.js";
import type { Chunk } from "./chunk.js";
import { takePlan } from "./resend-plans.js";
import type { CheckContext } from "../../wire/events.js";
import { checkEvents, checkStreamed } from "./validate.js";

/** What a source hands a worker. */
export type Pulled =
  | { readonly kind: "chunk"; readonly chunk: Chunk }
  | { readonly kind: "end" }
  /** A stream's event was invalid, or its iterable threw (`thrown`): `chunk` holds what was read of its chunk. */
  | { readonly kind: "unreadable"; readonly chunk: Chunk; readonly error: InngestError; readonly thrown?: { readonly value: unknown } }
  /** The caller's signal fired while a stream was slow to yield. */
  | { readonly kind: "aborted"; readonly chunk: Chunk; readonly error: AbortError };

/** A run of chunks in input order. */
export interface Source {
  /**
   * The caller's own input when the caller still holds every event it gave (an array, one event),
   * so a wholly failed send can be retried with it. `undefined` for a stream.
   */
  readonly holder: object | undefined;
  /** How many chunks there are, at most: a send needs no more workers than that. */
  readonly chunkCount: number;
  /** The next chunk. Calls are served one at a time, in order. */
  next(): Promise<Pulled>;
  /** The chunks never handed out (an array whose send stopped early). */
  rest(): Chunk[];
  /** Ends reading once the send is over: a stream left early is closed, so its `finally` runs. */
  close(): Promise<void>;
}

/** What a source needs from the send. */
export interface SourceOptions extends CheckContext {
  readonly batchSize: number;
  readonly signal: AbortSignal | undefined;
  /** True once a failure stopped the send: a stream reads no further. */
  readonly stopped: () => boolean;
}

const END: Pulled = { kind: "end" };

/**
 * The source for `input`. An array or one event is validated first.
 * @throws {@link ValidationError} for an array or an event with any bad event, before anything is sent.
 */
export async function openSource(input: unknown, options: SourceOptions): Promise<Source> {
  // A copy, taken before the check: what is sent is exactly what was checked, even if the caller
  // pushes onto its array right after calling send (the check ends before send returns).
  if (Array.isArray(input)) return arraySource(input, input.slice(), "array", options);
  if (typeof input === "object" && input !== null && (Symbol.iterator in input || Symbol.asyncIterator in input)) {
    return new StreamSource(input as Iterable<unknown> | AsyncIterable<unknown>, options);
  }
  return arraySource(input as object, [input], "single", options);
}

async function arraySource(holder: object, list: readonly unknown[], mode: "array" | "single", options: SourceOptions): Promise<Source> {
  const refused = await checkEvents(list, mode === "single", options);
  if (refused) throw refused;
  const chunks: Chunk[] = [];
  let at = 0;
  // The events of a PartialSendError (or of a wholly failed send, retried): chunks that may be
  // stored go out whole, under their seal; the rest in chunks of batchSize.
  for (const segment of takePlan(holder, list) ?? [{ events: list, seal: undefined }]) {
    const end = at + segment.events.length;
    const step = segment.seal ? segment.events.length : options.batchSize;
    for (let s = at; s < end; s += step) {
      const e = Math.min(end, s + step);
      chunks.push({ start: s, events: list.slice(s, e), seal: segment.seal });
    }
    at = end;
  }
  let next = 0;
  return {
    holder,
    chunkCount: chunks.length,
    next: async () => {
      const chunk = chunks[next++];
      return chunk ? { kind: "chunk", chunk } : END;
    },
    rest: () => chunks.splice(next),
    close: async () => undefined,
  };
}

/**
 * Where a stream is: `open`; `ended` (it finished or threw: nothing to close); `stopped` (left
 * early: closed when the send ends); `abandoned` (the caller aborted during a `next()`, which may
 * never settle: closed without waiting).
 */
type StreamState = "open" | "ended" | "stopped" | "abandoned";

/** Any (async) iterable: read one chunk at a time, each event validated as it is read. */
class StreamSource implements Source {
  readonly holder = undefined;
  readonly chunkCount = Infinity;
  readonly #iterator: Iterator<unknown> | AsyncIterator<unknown>;
  readonly #options: SourceOptions;
  #state: StreamState = "open";
  #read = 0;
  // Reads are serialised across workers: each waits for the one before it.
  #turn: Promise<unknown> = Promise.resolve();

  constructor(input: Iterable<unknown> | AsyncIterable<unknown>, options: SourceOptions) {
    this.#iterator = Symbol.asyncIterator in input ? input[Symbol.asyncIterator]() : input[Symbol.iterator]();
    this.#options = options;
  }

  next(): Promise<Pulled> {
    const pulled = this.#turn.then(() => this.#readChunk());
    this.#turn = pulled.catch(() => undefined);
    return pulled;
  }

  rest(): Chunk[] {
    return []; // a stream's unread events were never given
  }

  async close(): Promise<void> {
    if (this.#state === "ended") return;
    const closing = Promise.resolve()
      .then(() => this.#iterator.return?.())
      .catch(() => undefined);
    // Closing waits for the source's pending `next()`; after an abort that may never come.
    if (this.#state !== "abandoned") await closing;
  }

  async #readChunk(): Promise<Pulled> {
    const { batchSize, stopped } = this.#options;
    if (this.#state !== "open" || stopped()) return END;
    const start = this.#read;
    const events: unknown[] = [];
    const written: string[] = [];
    // A failure elsewhere stops reading too: what was read of this chunk is reported unsent.
    while (events.length < batchSize && !stopped()) {
      let step: IteratorResult<unknown>;
      try {
        step = await untilAborted(this.#iterator.next(), this.#options.signal);
      } catch (err) {
        return this.#readFailed(err, { start, events, seal: undefined });
      }
      if (step.done) {
        this.#state = "ended";
        break;
      }
      events.push(step.value);
      // Checked and written as it is read: a bad event stops the stream there, so nothing after
      // it is read, and its chunk is not sent.
      const pending = checkStreamed(step.value, this.#read++, start, this.#options);
      const json = pending instanceof Promise ? await pending : pending;
      if (json instanceof ValidationError) {
        this.#state = "stopped";
        return { kind: "unreadable", chunk: { start, events, seal: undefined }, error: json };
      }
      written.push(json);
    }
    return events.length === 0 ? END : { kind: "chunk", chunk: { start, events, written, seal: undefined } };
  }

  #readFailed(err: unknown, chunk: Chunk): Pulled {
    if (err instanceof AbortError) {
      // The caller aborted while the source was slow to yield: stop waiting for it. (A send stopped
      // by a failure does wait for a read in progress, so the event it yields is not lost.)
      this.#state = "abandoned";
      return { kind: "aborted", chunk, error: err };
    }
    // The caller's iterable threw: it is done. Chunks already sent still finish and are reported.
    this.#state = "ended";
    const why = err instanceof Error ? err.message : String(err);
    const error = new InngestError(`Reading the event at position ${this.#read} failed (the iterable threw): ${why}`, { cause: err });
    return { kind: "unreadable", chunk, error, thrown: { value: err } };
  }
}

/**
 * Resolves or rejects like `value`, or rejects with an `AbortError` as soon as `signal` fires,
 * removing its listener either way.
 */
function untilAborted<T>(value: T | PromiseLike<T>, signal: AbortSignal | undefined): T | PromiseLike<T> {
  // A sync iterator's value is already here: racing it could only drop an event it has yielded.
  if (!signal || typeof (value as PromiseLike<T> | null)?.then !== "function") return value;
  const aborted = () => new AbortError("The send was aborted by the caller's AbortSignal while reading its input.", { cause: signal.reason });
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(value)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}
