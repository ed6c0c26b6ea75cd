import type { PartialSendError } from "../core/errors.js";
import type { Core } from "../internal/request.js";
import type { EventMap, EventSchemas, SendableEvent, StandardSchemaV1 } from "../wire/events.js";
import { EventLookups } from "./event-lookups.js";
import { sendEvents } from "./send/send.js";
import type { SendInput, SendOptions, SendResult } from "./send/types.js";

export type { SendInput, SendOptions, SendResult } from "./send/types.js";

/**
 * The Event API (`POST {eventBaseUrl}/e/{eventKey}`), and the lookups of received events it
 * inherits from {@link EventLookups} (REST API). Reach it as `inngest.events`.
 */
export class Events<M extends EventMap> extends EventLookups {
  readonly #core: Core;
  readonly #schemas: Record<string, StandardSchemaV1 | undefined> | undefined;
  /** The PartialSendErrors this client's `send` threw: what {@link Events.isPartialSendError} recognises. */
  readonly #thrown = new WeakSet<object>();

  /** @internal */
  constructor(core: Core, schemas: EventSchemas<M> | undefined) {
    super(core);
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
   * - **Written as it goes.** An array's chunks are written as JSON when each is posted, so the
   *   first POST leaves as soon as the check is done, and later chunks are written while earlier
   *   ones are on the network. The array itself is copied when `send` is called (pushing onto it
   *   afterwards changes nothing), but do not change its events until the call settles: a change
   *   made after the check is sent as it is then, and an event that can no longer be turned into
   *   JSON (a BigInt or a cycle put in) fails its chunk with a `ValidationError` in the
   *   `PartialSendError`; the other chunks still go out. A stream's events are written as each is
   *   read, so a generator may reuse or change an object once it has yielded it.
   * - **Chunked.** Events go out in POSTs of `batchSize` (512), up to `concurrency` (4) at once.
   * - **Exactly once: the ids and the runs.** Each POST carries one `x-inngest-event-id-seed`,
   *   reused on every retry of that POST (and by a resend of `failedEvents`), so the server derives
   *   the same ids, and an event resent after a lost response starts each of its functions once
   *   (the server starts one run per event id, within 24 hours). Not the event log: a resent chunk
   *   the server had stored is stored again under the same ids, and the dev server's
   *   `events.list` lists it twice (Inngest Cloud: unknown). Retried: no response, 408, 429
   *   (within `maxRetryAfter`), 5xx.
   * - **Nothing lost.** If some events were accepted and some were not, the call rejects with a
   *   `PartialSendError` whose `failedEvents` are exactly the ones to send again. One whose request
   *   reached the server with its answer lost may already have started its functions; resending
   *   that very array starts them no second time. If none were
   *   accepted, it rejects with the underlying error itself (a wrong key is an
   *   `AuthenticationError`). A 400 or 413 on one POST does not stop the others; any other
   *   failure (auth, network after retries, a long rate limit, an abort) stops sending more.
   * - If an iterable throws, reading stops, the chunks already sent finish, and the call
   *   rejects with a `PartialSendError` (its `errors` hold an `InngestError` whose `cause` is what
   *   the iterable threw) or, when nothing was accepted and no chunk had gone out, with the
   *   iterable's own error. The same holds for the caller's `AbortSignal`: once a stream's chunk
   *   has gone out, the server may hold it, so its events come back in a `PartialSendError`.
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
   * @param input - One event, an array, or an (async) iterable of events.
   * @param options - `batchSize` (1-5000) and `concurrency` (1-64) for this call, plus `signal`, `timeout` (per POST attempt), `totalTimeout` (the whole send) and `maxRetries`.
   * @throws {@link ValidationError} an array with any bad event (name, `data`/`user`, JSON, `ts`, `maxEventSize`, schema) or a bad option; nothing is sent, and `issues` name each index and field.
   * @throws {@link PartialSendError} some events were accepted and some not: `failedEvents` are exactly the ones to send again.
   * @throws {@link AuthenticationError} 401, the event key was refused (when nothing was accepted; otherwise inside a `PartialSendError`, as are the errors below).
   * @throws {@link BadRequestError} 400; {@link PayloadTooLargeError} 413.
   * @throws {@link RateLimitError} 429 still after retries, or a wait longer than `maxRetryAfter`.
   * @throws {@link InternalServerError} 5xx still after retries.
   * @throws {@link InngestApiError} any other error answer, including an HTTP 200 whose body carries `error`.
   * @throws {@link ConnectionError} no answer; {@link TimeoutError} per attempt or `totalTimeout`.
   * @throws {@link AbortError} the `signal` fired, also while waiting on a slow iterable.
   * @throws {@link InngestError} no event key (on Deno without `--allow-env`, the message names the permission).
   */
  async send(input: SendInput<SendableEvent<M>>, options?: SendOptions): Promise<SendResult> {
    // The path one chunk takes, from input to result, is in ./send/ (send.ts reads top-down).
    const settled = await sendEvents(this.#core, this.#schemas, input, options);
    if (settled.kind === "sent") return { ids: settled.ids };
    if (settled.kind === "partial") this.#thrown.add(settled.error);
    throw settled.error;
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
}
