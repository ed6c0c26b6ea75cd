/**
 * The ledger of one send: what became of each chunk, recorded as it finishes. It is the single
 * source the result (`{ ids }`) and the `PartialSendError` are built from.
 * @module
 */
import { AbortError, InngestApiError, InngestError, PartialSendError, ValidationError } from "../../core/errors.js";
import type { Chunk, Seal } from "./chunk.js";
import type { Posted } from "./post.js";
import { keepPlan, RETRY_WINDOW_MS, type Segment } from "./resend-plans.js";

/** What became of a run of input events. */
export type Outcome =
  | { readonly kind: "accepted"; readonly start: number; readonly ids: readonly string[] }
  /**
   * Not accepted, for `error`. `seal` is set when the run was posted whole: the server may hold it
   * (from any attempt), so it is resent only under that seal. `thrown` is what the caller's
   * iterable threw, when that is the error.
   */
  | {
      readonly kind: "failed";
      readonly start: number;
      readonly events: readonly unknown[];
      readonly error: InngestError;
      readonly seal: Seal | undefined;
      readonly thrown?: { readonly value: unknown };
    }
  /** Never posted (the send stopped first); a chunk from a resend plan keeps its seal. */
  | { readonly kind: "unsent"; readonly start: number; readonly events: readonly unknown[]; readonly seal: Seal | undefined };

type NotAccepted = Exclude<Outcome, { kind: "accepted" }>;

/**
 * How a send ended: every event accepted; some not (a `PartialSendError` the send makes, and its
 * client marks as its own); or none, with the underlying error itself (which may be anything the
 * caller's iterable threw, even another client's `PartialSendError`).
 */
export type Settled =
  | { readonly kind: "sent"; readonly ids: string[] }
  | { readonly kind: "partial"; readonly error: PartialSendError<unknown> }
  | { readonly kind: "failed"; readonly error: unknown };

/** The part of a chunk an outcome keeps (not its JSON: the seal holds the body when it matters). */
type Run = Pick<Chunk, "start" | "events" | "seal">;

const pick = ({ start, events, seal }: Run): Run => ({ start, events, seal });

/** One send's ledger. Workers record outcomes as chunks finish; `settle` turns them into the result. */
export class Ledger {
  readonly #outcomes: Outcome[] = [];
  #stop: InngestError | undefined;

  /** The failure that stopped the send (the first one), if one did. */
  get stopped(): InngestError | undefined {
    return this.#stop;
  }

  /** Stops the send: no chunk is started after this, and a stream reads no further. Returns the failure that stopped it (the first). */
  stop(error: InngestError): InngestError {
    return (this.#stop ??= error);
  }

  /** Records how a POST of `chunk` ended. */
  posted(chunk: Chunk, posted: Posted): void {
    const { start, events } = chunk;
    if (posted.kind === "answered") return this.#add({ kind: "accepted", start, ids: posted.ids });
    const taken = acceptedBefore(posted.error, events.length);
    if (taken.length > 0) this.#add({ kind: "accepted", start, ids: taken });
    // A chunk posted whole keeps its seal whatever the last answer was: an earlier attempt may
    // have been stored with its response lost, and a resend under the same seal is harmless.
    const seal = taken.length === 0 ? posted.seal : undefined;
    this.failed({ start: start + taken.length, events: events.slice(taken.length), seal }, posted.error);
  }

  /** Events not accepted for `error`; `thrown` is what the caller's iterable threw, when that is why. */
  failed(run: Run, error: InngestError, thrown?: { readonly value: unknown }): void {
    this.#add({ kind: "failed", ...pick(run), error, ...(thrown && { thrown }) });
  }

  /** A chunk not sent because the send had stopped. */
  unsent(chunk: Chunk): void {
    this.#add({ kind: "unsent", ...pick(chunk) });
  }

  #add(outcome: Outcome): void {
    this.#outcomes.push(outcome);
  }

  /**
   * The send's result, once every chunk is recorded.
   * @param holder the caller's own input when it holds every event it gave (see `Source.holder`).
   * `partial` when some events were not accepted, with exactly those to resend; `failed` with the
   * underlying error itself when none was accepted and the caller still holds the events, or the
   * failure was the caller's own (its data, its iterable, its signal).
   */
  settle(holder: object | undefined): Settled {
    const ids = this.#ids();
    const left = this.#outcomes.filter((o): o is NotAccepted => o.kind !== "accepted").sort((a, b) => a.start - b.start);
    if (left.length === 0) return { kind: "sent", ids: ids as string[] };
    const failedEvents = left.flatMap((o) => o.events);
    const failedIndexes = left.flatMap((o) => o.events.map((_, i) => o.start + i));
    const errors = [...new Set(left.flatMap((o) => (o.kind === "failed" ? [o.error] : [])))];
    const segments = segmentsOf(left);
    keepPlan(failedEvents, segments, Infinity);
    const own = this.#ownError(errors[0], left);
    if (ids.every((id) => id === null) && (holder || own)) {
      // A chunk may have been stored all the same: a retry of this same call (the same, unchanged
      // array or event object, within RETRY_WINDOW_MS) resends those chunks under their seals.
      if (holder) keepPlan(holder, segments, Date.now() + RETRY_WINDOW_MS);
      // The error that stopped the send comes first (a refused key says more than a 400 on one
      // chunk), then what the caller's iterable threw.
      return { kind: "failed", error: own ? own.error : (this.#stop ?? errors[0]!) };
    }
    return { kind: "partial", error: new PartialSendError(ids, failedEvents, failedIndexes, errors) };
  }

  /** One entry per input event read: its id, or `null` where it was not accepted. */
  #ids(): (string | null)[] {
    const end = this.#outcomes.reduce((most, o) => Math.max(most, o.start + (o.kind === "accepted" ? o.ids : o.events).length), 0);
    const ids: (string | null)[] = new Array<string | null>(end).fill(null);
    for (const o of this.#outcomes) if (o.kind === "accepted") o.ids.forEach((id, i) => (ids[o.start + i] = id));
    return ids;
  }

  /**
   * The caller's own doing (its signal, its iterable, its data), to rethrow as it is when nothing
   * was accepted; `undefined` if the send failed for another reason. Once any chunk went out
   * (it has a seal), the server may hold it, and a stream's events cannot be read again: they come
   * back in a `PartialSendError`, whose `failedEvents` resend that chunk under its seal. (For an
   * array the error itself is thrown either way, and the plan is kept on the array.)
   */
  #ownError(first: InngestError | undefined, left: readonly NotAccepted[]): { error: unknown } | undefined {
    if (left.some((o) => o.seal)) return undefined;
    if (this.#stop) return this.#stop instanceof AbortError ? { error: this.#stop } : undefined;
    for (const o of left) if (o.kind === "failed" && o.thrown) return { error: o.thrown.value };
    return first instanceof ValidationError ? { error: first } : undefined;
  }
}

/**
 * The Event API is not atomic: a 400 carries the ids of the events it took before the bad one
 * (`pkg/api/api.go` publishes each event as it is parsed); the core keeps only the leading
 * non-empty ones, since the server pads a failure on the first event with `""`. An error that lists
 * an id for every event (HTTP 200 with an `error`) says nothing about which were taken: none count.
 */
function acceptedBefore(error: InngestError, count: number): readonly string[] {
  return error instanceof InngestApiError && error.acceptedIds.length < count ? error.acceptedIds : [];
}

/** Runs of not-accepted events, in order: each sealed outcome alone, unsealed neighbours merged. */
function segmentsOf(left: readonly NotAccepted[]): Segment[] {
  const segments: { events: unknown[]; seal: Seal | undefined }[] = [];
  for (const o of left) {
    const last = segments.at(-1);
    if (last && !last.seal && !o.seal) last.events.push(...o.events);
    else segments.push({ events: [...o.events], seal: o.seal });
  }
  return segments;
}
