import * as z from "zod/mini";
import { callOptions, intOption, type RequestOptions } from "../core/config.js";
import {
  AbortError,
  BadRequestError,
  InngestApiError,
  InngestError,
  PartialSendError,
  PayloadTooLargeError,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
} from "../core/errors.js";
import type { Core } from "../core/request.js";
import { makeEventIdSeed } from "../core/secrets.js";
import { checkEvent, type EventMap, type EventSchemas, type SendableEvent, type StandardSchemaV1 } from "../wire/events.js";

/**
 * Per-call options of {@link Events.send}. `totalTimeout` bounds the whole send (every chunk,
 * its retries and backoff); `timeout` is per attempt of one POST.
 */
export interface SendOptions extends RequestOptions {
  /** Events per POST for this call (1-5000). @default the client's `batchSize` (512) */
  batchSize?: number | undefined;
  /** POSTs in flight at once for this call (1-64). @default the client's `concurrency` (4) */
  concurrency?: number | undefined;
}

/** What {@link Events.send} resolves to. */
export interface SendResult {
  /** One internal event id (a ULID) per input event, in input order. Use it with the REST API. */
  ids: string[];
}

/** What `send` accepts: one event, an array, or any (async) iterable of events. */
export type SendInput<E> = E | readonly E[] | Iterable<E> | AsyncIterable<E>;

interface Chunk {
  start: number;
  events: unknown[];
  json: string[];
  /** The chunk's `x-inngest-event-id-seed`: set when it is first posted, or carried over from a failed send. */
  seed?: string | undefined;
  /** The request body, once built: a resend plan keeps it to check a resend is byte-for-byte the same. */
  body?: string | undefined;
}

interface Failure {
  start: number;
  events: unknown[];
  error: InngestError;
  /** Set when the chunk was posted whole: the server may hold it (from any attempt), so a resend reuses it. */
  seed?: string | undefined;
  body?: string | undefined;
}

/** A run of `PartialSendError.failedEvents` to resend as it was sent (with its seed) or afresh. */
interface Segment {
  events: unknown[];
  seed: string | undefined;
  /** With a seed: the exact body sent under it. A resend reuses the seed only for the same bytes. */
  body: string | undefined;
}

interface Plan {
  segments: Segment[];
  /** Plans kept on the caller's own input (a retry of a wholly failed send) expire; others do not. */
  expires: number;
}

/**
 * The resend plan of each `PartialSendError.failedEvents` array this module made. When a chunk
 * failed without a definite answer (a timeout, a reset, a 5xx), the server may have stored it;
 * resending those events under a fresh seed would store them twice. So `send(err.failedEvents)`
 * looks the array up here and resends such chunks whole, with their original seed: the server
 * derives the same ids and stores nothing twice. A copy of the array is sent afresh.
 */
const resendPlans = new WeakMap<object, Plan>();

/** How long a plan kept on the caller's own input stays valid: a retry comes soon, a new send later. */
const RETRY_WINDOW_MS = 15 * 60_000;

/**
 * Takes the resend plan for `input` (it is used once), if there is one, it has not expired, and
 * `input` still holds the same events in the same order. A seeded segment keeps its seed only if
 * its events serialise to the very bytes sent under that seed: an edited event is sent afresh.
 */
function takePlan(input: object, list: readonly unknown[], json: readonly string[]): Segment[] | undefined {
  const plan = resendPlans.get(input);
  if (!plan) return undefined;
  resendPlans.delete(input);
  if (Date.now() > plan.expires) return undefined;
  let at = 0;
  for (const segment of plan.segments) for (const event of segment.events) if (list[at++] !== event) return undefined;
  if (at !== list.length) return undefined;
  at = 0;
  return plan.segments.map((segment) => {
    const start = at;
    at += segment.events.length;
    const same = segment.seed !== undefined && segment.body === bodyOf(json.slice(start, at));
    return same ? segment : { ...segment, seed: undefined, body: undefined };
  });
}

const bodyOf = (json: readonly string[]) => `[${json.join(",")}]`;

type Mode = "single" | "array" | "stream";

const responseSchema = z.object({ ids: z.array(z.string()) });

/**
 * Failures that say nothing about the other chunks: the rest are still sent. Anything else
 * (a refused key, the API unreachable after retries, a long rate limit, an abort) stops the send.
 */
const chunkLocal = (err: InngestError) => err instanceof BadRequestError || err instanceof PayloadTooLargeError;

/**
 * The Event API (`POST {eventBaseUrl}/e/{eventKey}`). Reach it as `inngest.events`.
 */
export class Events<M extends EventMap> {
  readonly #core: Core;
  readonly #schemas: Record<string, StandardSchemaV1 | undefined> | undefined;
  /** The PartialSendErrors this client's `send` threw: what {@link Events.isPartialSendError} recognises. */
  readonly #thrown = new WeakSet<object>();

  /** @internal */
  constructor(core: Core, schemas: EventSchemas<M> | undefined) {
    this.#core = core;
    this.#schemas = schemas as Record<string, StandardSchemaV1 | undefined> | undefined;
  }

  /**
   * Sends one event, an array, or an (async) iterable of events, and resolves to their ids in
   * input order.
   *
   * - **Validated first.** An array is checked whole before the first request; any bad event
   *   refuses the whole call with one `ValidationError` naming each bad event's index and field.
   *   An (async) iterable is checked event by event as it is read (it is never held in memory
   *   whole): a bad event stops reading (nothing after it is read), and nothing from its chunk
   *   is sent. Chunks before it are sent as usual: the call then rejects with a
   *   `PartialSendError` whose `ids` say which events were accepted, and whose `errors` hold the
   *   `ValidationError` naming the bad position.
   * - **Chunked.** Events go out in POSTs of `batchSize` (512), up to `concurrency` (4) at once.
   * - **Exactly once.** Each POST carries one `x-inngest-event-id-seed`, reused on every retry of
   *   that POST, so the server derives the same ids and a retry after a lost response stores
   *   nothing twice. Retried: no response, 408, 429 (within `maxRetryAfter`), 5xx.
   * - **Nothing lost.** If some events were accepted and some were not, the call rejects with a
   *   `PartialSendError` whose `failedEvents` are exactly the ones to send again. If none were
   *   accepted, it rejects with the underlying error itself (a wrong key is an
   *   `AuthenticationError`). A 400 or 413 on one POST does not stop the others; any other
   *   failure (auth, network after retries, a long rate limit, an abort) stops sending more.
   * - If an iterable throws, reading stops, the chunks already sent finish, and the call
   *   rejects with a `PartialSendError` (its `errors` hold an `InngestError` whose `cause` is what
   *   the iterable threw) or, when nothing was accepted, with the iterable's own error.
   * - Empty input sends nothing and resolves to `{ ids: [] }`.
   *
   * @example
   * ```ts
   * const { ids } = await inngest.events.send({ name: "app/user.signup", data: { userId: "u_1" } });
   *
   * // 10,000 events: 20 POSTs of 512 (the last 272), 4 in flight.
   * await inngest.events.send(users.map((u) => ({ name: "app/user.sync", data: { id: u.id } })));
   *
   * // A stream: read and sent chunk by chunk.
   * async function* rows() { for await (const row of db.cursor()) yield { name: "app/row", data: row }; }
   * await inngest.events.send(rows());
   * ```
   */
  async send(input: SendInput<SendableEvent<M>>, options?: SendOptions): Promise<SendResult> {
    const { settings } = this.#core;
    // Every option is checked here, before the input is read: the same bounds and the same
    // ValidationError as at createInngestClient (a bad timeout must not surface from a chunk).
    const issues: ValidationIssue[] = [];
    const batchSize = intOption(issues, "batchSize", options?.batchSize, settings.batchSize);
    const concurrency = intOption(issues, "concurrency", options?.concurrency, settings.concurrency);
    // totalTimeout bounds the whole send, not each POST: each request gets what is left of it,
    // and a chunk whose turn comes after the deadline is not sent at all.
    const { totalTimeout } = callOptions(settings, options, issues);
    const deadline = totalTimeout === undefined ? undefined : Date.now() + totalTimeout;
    const post = (chunk: Chunk) => {
      if (deadline === undefined) return this.#post(chunk, options);
      const left = deadline - Date.now();
      if (left <= 0) {
        const details = { method: "POST", path: "/e/***", attempts: 0 };
        return Promise.reject(new TimeoutError(`events.send ran past its totalTimeout of ${totalTimeout} ms; this chunk was not sent`, details));
      }
      return this.#post(chunk, { ...options, totalTimeout: left });
    };
    const check = (events: readonly unknown[], start: number, mode: Mode, chunkStart = start) =>
      this.#check(events, start, mode, settings.maxEventSize, chunkStart);

    // A source hands out chunks in input order; for a stream it also says where reading stopped.
    let pull: () => Promise<Chunk | Failure | undefined>;
    let close: (() => unknown) | undefined;
    // What the caller's iterable threw, if it did.
    let readError: { error: unknown } | undefined;
    let chunkCount = Infinity;
    const signal = options?.signal;
    // Set when an abort left a `next()` of the caller's iterator pending.
    let abandoned = false;
    // Set when a chunk fails for good in a way that stops the send (see chunkLocal).
    let stop = false;
    let stopError: InngestError | undefined;
    const list = asList(input);
    const specs: { start: number; end: number; seed?: string | undefined; body?: string | undefined }[] = [];
    if (list) {
      // Arrays are validated whole before anything is sent.
      const checked = await check(list, 0, Array.isArray(input) ? "array" : "single");
      if (checked instanceof ValidationError) throw checked;
      if (list.length === 0) return { ids: [] };
      // Chunks of batchSize; for a PartialSendError's failedEvents, chunks that may have been stored
      // are sent again whole, with their original seed.
      let at = 0;
      for (const segment of takePlan(input as object, list, checked) ?? [{ events: list as unknown[], seed: undefined, body: undefined }]) {
        const end = at + segment.events.length;
        if (segment.seed) specs.push({ start: at, end, seed: segment.seed, body: segment.body });
        else for (let s = at; s < end; s += batchSize) specs.push({ start: s, end: Math.min(end, s + batchSize) });
        at = end;
      }
      chunkCount = specs.length;
      let next = 0;
      pull = async () => {
        const spec = specs[next++];
        if (!spec) return undefined;
        const { start, end, seed, body } = spec;
        // The body goes with the seed: a chunk refused before #post builds it (its turn came after
        // totalTimeout) must still hand both to the next resend, or that resend refuses the seed.
        return { start, events: list.slice(start, end), json: checked.slice(start, end), seed, body };
      };
    } else {
      // Iterables are read one chunk at a time, never whole; reads are serialised across workers.
      const iterator =
        Symbol.asyncIterator in (input as object)
          ? (input as AsyncIterable<unknown>)[Symbol.asyncIterator]()
          : (input as Iterable<unknown>)[Symbol.iterator]();
      close = () => iterator.return?.();
      let read = 0;
      let done = false;
      let lock: Promise<unknown> = Promise.resolve();
      pull = () => {
        const next = lock.then(async (): Promise<Chunk | Failure | undefined> => {
          if (done || stop) return undefined;
          const start = read;
          const events: unknown[] = [];
          const json: string[] = [];
          // A fatal failure elsewhere stops reading too: what was read of this chunk is reported unsent.
          while (events.length < batchSize && !stop) {
            let step: IteratorResult<unknown>;
            try {
              step = await untilAborted(iterator.next(), signal);
            } catch (err) {
              done = true;
              if (err instanceof AbortError) {
                // The caller aborted while the source was slow to yield: stop waiting for it. (A send
                // stopped by a failure does wait for a read in progress, so that event is not lost.)
                abandoned = true;
                stop = true;
                stopError ??= err;
                return { start, events, error: stopError };
              }
              // The caller's iterable threw: stop reading. Chunks already sent still finish and
              // are reported, so the caller learns which events were accepted.
              readError = { error: err };
              const why = err instanceof Error ? err.message : String(err);
              return { start, events, error: new InngestError(`Reading the event at position ${read} failed (the iterable threw): ${why}`, { cause: err }) };
            }
            if (step.done) {
              done = true;
              break;
            }
            events.push(step.value);
            // Checked as it is read: a bad event stops the stream there, so nothing after it is
            // read, and its chunk is not sent.
            const checked = await check([step.value], read++, "stream", start);
            if (checked instanceof ValidationError) {
              done = true;
              return { start, events, error: checked };
            }
            json.push(checked[0]!);
          }
          if (events.length === 0) return undefined;
          return { start, events, json };
        });
        lock = next.catch(() => undefined);
        return next;
      };
    }

    const ids: (string | null)[] = [];
    const failures: Failure[] = [];
    const worker = async () => {
      while (!stop) {
        const chunk = await pull();
        if (!chunk) return;
        if (stop && stopError && "json" in chunk) {
          // Read while another chunk failed for good: not sent, reported with that failure.
          // (An array's unsent chunks are found after the loop, by their missing ids.)
          if (!list) {
            failures.push({ start: chunk.start, events: chunk.events, error: stopError });
            chunk.events.forEach((_, i) => (ids[chunk.start + i] = null));
          }
          return;
        }
        if ("error" in chunk) {
          stop = true;
          failures.push(chunk);
          chunk.events.forEach((_, i) => (ids[chunk.start + i] = null));
          return;
        }
        try {
          const accepted = await post(chunk);
          accepted.forEach((id, i) => (ids[chunk.start + i] = id));
        } catch (err) {
          const error = err as InngestError;
          // The Event API is not atomic: a 400 carries the ids of the events it took before the bad
          // one. An error that lists an id for every event (HTTP 200 with an `error`) says nothing
          // about which were taken: the whole chunk is reported failed (its ids stay on the error).
          const taken = error instanceof InngestApiError && error.acceptedIds.length < chunk.events.length ? error.acceptedIds : [];
          chunk.events.forEach((_, i) => (ids[chunk.start + i] = taken[i] ?? null));
          // A chunk posted whole keeps its seed whatever the last answer was: an earlier attempt may
          // have been stored with its response lost, and a resend under the same seed is harmless.
          const whole = taken.length === 0 && chunk.seed !== undefined;
          failures.push({
            start: chunk.start + taken.length,
            events: chunk.events.slice(taken.length),
            error,
            seed: whole ? chunk.seed : undefined,
            body: whole ? chunk.body : undefined,
          });
          if (!chunkLocal(error)) {
            stop = true;
            stopError ??= error;
          }
        }
      }
    };

    try {
      // No more workers than chunks: a one-chunk send needs no pool.
      const workers = Math.min(concurrency, chunkCount);
      await Promise.all(Array.from({ length: workers }, worker));
    } finally {
      // Closing waits for the source's pending `next()`; after an abort that may never come.
      if (stop) {
        const closing = Promise.resolve(close?.()).catch(() => undefined);
        if (!abandoned) await closing;
      }
    }
    if (failures.length === 0) return { ids: ids as string[] };

    const failed: [index: number, event: unknown, seed: string | undefined][] = [];
    const bodies = new Map<string, string | undefined>();
    for (const f of failures) {
      if (f.seed) bodies.set(f.seed, f.body);
      f.events.forEach((e, i) => failed.push([f.start + i, e, f.seed]));
    }
    // An array send that stopped early: the chunks never posted were not sent either (a resend's
    // seeded chunk keeps its seed and body for the next try).
    if (list) {
      for (const spec of specs) {
        if (ids[spec.start] !== undefined) continue;
        if (spec.seed) bodies.set(spec.seed, spec.body);
        for (let i = spec.start; i < spec.end; i++) {
          ids[i] = null;
          failed.push([i, list[i], spec.seed]);
        }
      }
    }
    failed.sort((a, b) => a[0] - b[0]);
    const errors = [...new Set(failures.sort((a, b) => a.start - b.start).map((f) => f.error))];
    const failedEvents = failed.map((f) => f[1] as SendableEvent<M>);
    const segments: Segment[] = [];
    for (const [, event, seed] of failed) {
      const last = segments.at(-1);
      if (last && last.seed === seed) last.events.push(event);
      else segments.push({ events: [event], seed, body: seed === undefined ? undefined : bodies.get(seed) });
    }
    const resendable = segments.some((segment) => segment.seed);
    if (resendable) resendPlans.set(failedEvents, { segments, expires: Infinity });
    // The caller's own doing: its data, its iterator, or its AbortSignal.
    const callersOwn =
      stopError instanceof AbortError || (stopError === undefined && (readError !== undefined || errors[0] instanceof ValidationError));
    // Nothing accepted: the underlying error itself, for an array or one event (the caller still holds
    // them), or when the stream's own data or iterator failed. A stream's events read and lost to an
    // API or network failure cannot be read again, so they come back in a PartialSendError.
    if (ids.every((id) => id === null) && (list || callersOwn)) {
      // A chunk may have been stored all the same: a retry of this same call (the same, unchanged
      // array or event object, within RETRY_WINDOW_MS) reuses those chunks' seeds too.
      if (resendable && list) resendPlans.set(input as object, { segments, expires: Date.now() + RETRY_WINDOW_MS });
      // The error that stopped the send comes first (a refused key says more than a 400 on one
      // chunk), then what the caller's iterable threw.
      if (stopError) throw stopError;
      if (readError) throw readError.error;
      throw errors[0]!;
    }
    const partial = new PartialSendError<SendableEvent<M>>(ids, failedEvents, failed.map((f) => f[0]), errors);
    this.#thrown.add(partial);
    throw partial;
  }

  /**
   * True when `value` is a `PartialSendError` that this client's {@link Events.send} threw, and
   * narrows it to this client's event type, so that on a typed client `send(err.failedEvents)`
   * compiles as it is (`instanceof PartialSendError` cannot know which client, and so which event
   * map, an error came from). False for anything else, including another client's
   * `PartialSendError`: use the package's `isPartialSendError` for those.
   *
   * @example
   * ```ts
   * const inngest = createInngestClient<Events>();
   * try {
   *   await inngest.events.send(batch);
   * } catch (err) {
   *   if (!inngest.events.isPartialSendError(err)) throw err;
   *   await inngest.events.send(err.failedEvents); // typed as this client's events
   * }
   * ```
   */
  isPartialSendError(value: unknown): value is PartialSendError<SendableEvent<M>> {
    return typeof value === "object" && value !== null && this.#thrown.has(value);
  }

  async #check(
    events: readonly unknown[],
    start: number,
    mode: Mode,
    maxEventSize: number,
    chunkStart: number,
  ): Promise<string[] | ValidationError> {
    const json: string[] = [];
    const issues: ValidationIssue[] = [];
    for (let i = 0; i < events.length; i++) {
      const index = mode === "single" ? undefined : start + i;
      try {
        const pending = checkEvent(events[i], index, maxEventSize, this.#schemas);
        const result = pending instanceof Promise ? await pending : pending;
        if ("issues" in result) issues.push(...result.issues);
        else json.push(result.json);
      } catch (err) {
        // A getter or a toJSON that throws (or returns a BigInt): the event cannot be sent as it is.
        const why = err instanceof Error ? err.message : String(err);
        issues.push({ ...(index === undefined ? {} : { index }), path: "", message: `cannot be read or turned into JSON: ${why}` });
      }
    }
    if (issues.length === 0) return json;
    const problems = `${issues.length} problem${issues.length === 1 ? "" : "s"}`;
    // A stream stops at its bad event (`start`); the events read before it in its chunk are not sent.
    const unsent = chunkStart === start ? "it was" : `positions ${chunkStart}-${start} were`;
    return new ValidationError(
      mode === "single"
        ? "Invalid event: nothing was sent."
        : mode === "array"
          ? `Invalid events (${problems}): nothing was sent.`
          : `Invalid event at position ${start}: reading stopped there, and ${unsent} not sent.`,
      issues,
    );
  }

  #post(chunk: Chunk, options: RequestOptions | undefined): Promise<string[]> {
    const count = chunk.events.length;
    const body = (chunk.body ??= bodyOf(chunk.json));
    chunk.json = []; // the body holds them now: free the parts while the request is in flight
    return this.#core.request(
      {
        api: "event",
        method: "POST",
        body,
        // One seed per chunk, made here (or carried over from a failed send) and reused by every
        // retry of this request.
        headers: { "x-inngest-event-id-seed": (chunk.seed ??= makeEventIdSeed()) },
        parse: (body) => {
          const { ids } = responseSchema.parse(body);
          if (ids.length !== count) throw new Error(`expected ${count} ids, got ${ids.length}`);
          // An empty id is the server's placeholder for an event it did not store (pkg/api/api.go).
          if (ids.includes("")) throw new Error("an empty id");
          return ids;
        },
      },
      options,
    );
  }
}

/**
 * Resolves or rejects like `promise`, or rejects with an `AbortError` as soon as `signal` fires,
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

/** One event or an array become a list; an iterable that is not an array stays a stream. */
function asList(input: unknown): readonly unknown[] | undefined {
  if (Array.isArray(input)) return input;
  if (typeof input !== "object" || input === null) return [input];
  if (Symbol.iterator in input || Symbol.asyncIterator in input) return undefined;
  return [input];
}
