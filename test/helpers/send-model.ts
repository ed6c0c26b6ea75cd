/**
 * A model-based test of `events.send` (fast-check `commands`) against the emulator's in-process
 * fetch. Random sequences of sends (arrays, single events, sync and async streams), resends of
 * what each failure handed back, and troubles on the way: answers lost after the server stored
 * the chunk, resets before it, 5xx, a 400 on one chunk (whole, partial, or listing an empty id),
 * a Retry-After longer than `maxRetryAfter`, `totalTimeout` running out (during a request or
 * during validation), and the caller's abort (before a request, after the server stored it, or
 * while a stream is read).
 *
 * After every step, two invariants: no event is stored twice, and every event the caller gave is
 * either accepted (its id is the id the server stored it under) or handed back (in `failedEvents`,
 * or as the caller's own input when the call rejects with the error itself). At the end, with
 * the faults gone, resending what was handed back must store every given event exactly once.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { createInngestClient, PartialSendError } from "../../src/index.js";
import { createInngestEmulator } from "../../src/testing/index.js";

/** Each event carries a unique marker, so the server's copies can be counted. */
export interface ModelEvent {
  name: "model/ev";
  data: { m: number };
}

/** What the server does with one request of a send (by its order in the send; later ones are answered normally). */
export type RequestFault = "ok" | "lost" | "reset" | "5xx" | "400" | "400-empty-id" | "400-partial" | "429-long" | "slow";

export type Abort = { kind: "request"; at: number; afterStore: boolean } | { kind: "read"; at: number };

export interface Trouble {
  readonly faults: readonly RequestFault[];
  readonly abort: Abort | undefined;
  /** Send with a 6 ms totalTimeout; `slowValidation` makes validation take 8 ms (a slow async schema). */
  readonly totalTimeout: { slowValidation: boolean } | undefined;
  readonly concurrency: number;
  /** Per-call options: chunks of 1-4 events (a resend's seeded chunks go whole whatever it is), 0-2 retries. */
  readonly batchSize: number;
  readonly maxRetries: number;
}

/** What the caller holds after a failure, to send again. */
type Holding =
  /** `err.failedEvents` itself: it carries the resend plan. */
  | { kind: "failedEvents"; events: ModelEvent[] }
  /** The caller's own array or event, after the call rejected with the error itself. */
  | { kind: "input"; input: ModelEvent[] | ModelEvent }
  /** A stream's events it did not read or hand back (the caller's own error, an abort): never stored, so sent afresh. */
  | { kind: "own"; events: ModelEvent[] };

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

const lostAnswer = () => new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });

/** The system under test: the emulator, a client on it, and what the caller was given and holds. */
export class World {
  // No seeded apps or runs: only the Event API is used, and building them costs 28 ms a sequence.
  readonly emulator = createInngestEmulator({ seed: { apps: 0, runs: 0 } });
  /** Marker -> the id the caller was given for it, or `null` while the caller holds it to resend. */
  readonly given = new Map<number, string | null>();
  holdings: Holding[] = [];
  #nextMarker = 0;
  #trouble: Trouble | undefined;
  #controller: AbortController | undefined;
  #requests = 0;
  #seenSeeds = new Set<string>();
  #slowValidation = false;

  readonly inngest = createInngestClient<{ "model/ev": { data: { m: number } } }>({
    fetch: (input, init) => this.#fetch(input, init),
    eventKey: "model-key",
    batchSize: 3,
    maxRetries: 2,
    retryBaseDelay: 0,
    retryMaxDelay: 1,
    maxRetryAfter: 1_000,
    schemas: {
      "model/ev": {
        "~standard": {
          version: 1,
          vendor: "model",
          // Slow once per send when asked: enough to use up the 6 ms totalTimeout before any POST.
          validate: (value: unknown) => {
            if (!this.#slowValidation) return { value: value as { m: number } };
            this.#slowValidation = false;
            return sleep(8).then(() => ({ value: value as { m: number } }));
          },
        },
      },
    },
  });

  fresh(count: number): ModelEvent[] {
    return Array.from({ length: count }, () => ({ name: "model/ev", data: { m: this.#nextMarker++ } }));
  }

  /** Runs `send` under `trouble`, then judges what it returned. */
  async send(input: ModelEvent[] | ModelEvent | "stream", events: ModelEvent[], trouble: Trouble, asyncStream = false): Promise<void> {
    this.#trouble = trouble;
    this.#requests = 0;
    this.#controller = new AbortController();
    this.#slowValidation = trouble.totalTimeout?.slowValidation ?? false;
    const yielded: ModelEvent[] = [];
    const source = input === "stream" ? this.#stream(events, yielded, trouble.abort, asyncStream) : input;
    const options = {
      concurrency: trouble.concurrency,
      batchSize: trouble.batchSize,
      maxRetries: trouble.maxRetries,
      ...(trouble.abort && { signal: this.#controller.signal }),
      ...(trouble.totalTimeout && { totalTimeout: 6 }),
    };
    let outcome: { ids: string[] } | { error: unknown };
    try {
      outcome = await this.inngest.events.send(source, options);
    } catch (error) {
      outcome = { error };
    } finally {
      this.#trouble = undefined;
      this.#slowValidation = false;
    }
    if (input === "stream") this.#judgeStream(events, yielded, outcome);
    else this.#judgeList(input, Array.isArray(input) ? input : [input], outcome);
    this.checkInvariants();
  }

  /** No event stored twice; every event given is accepted under its stored id or held to resend. */
  checkInvariants(): void {
    const stored = this.#storedByMarker();
    for (const [marker, copies] of stored) {
      if (copies.length > 1) throw new Error(`event ${marker} is stored ${copies.length} times`);
      if (!this.given.has(marker)) throw new Error(`event ${marker} is stored but was never read from its input`);
    }
    const held = new Set(this.holdings.flatMap((h) => (h.kind === "input" ? [h.input].flat() : h.events)).map((e) => e.data.m));
    for (const [marker, id] of this.given) {
      if (id === null ? !held.has(marker) : stored.get(marker)?.[0] !== id) {
        throw new Error(`event ${marker} was given but is ${id === null ? "neither accepted nor handed back" : `accepted as ${id}, which the server does not hold for it`}`);
      }
    }
  }

  /** With the faults gone, resends what is held until nothing is: every given event is then stored once. */
  async finish(): Promise<void> {
    const calm: Trouble = { faults: [], abort: undefined, totalTimeout: undefined, concurrency: 2, batchSize: 3, maxRetries: 2 };
    for (let round = 0; this.holdings.length > 0; round++) {
      if (round > 20) throw new Error("resending what was handed back does not converge");
      await this.resend(0, calm, false);
    }
    const stored = this.#storedByMarker();
    expect([...this.given.values()].every((id) => id !== null)).toBe(true);
    expect(stored.size).toBe(this.given.size);
  }

  /** Resends holding `pick` (modulo how many there are), as the caller would. */
  async resend(pick: number, trouble: Trouble, asStream: boolean): Promise<void> {
    const [holding] = this.holdings.splice(pick % this.holdings.length, 1);
    switch (holding!.kind) {
      case "failedEvents":
        return this.send(holding!.events, holding!.events, trouble);
      case "input":
        return this.send(holding!.input, [holding!.input].flat(), trouble);
      case "own":
        return asStream ? this.send("stream", holding!.events, trouble, true) : this.send([...holding!.events], holding!.events, trouble);
    }
  }

  #judgeList(input: ModelEvent[] | ModelEvent, events: ModelEvent[], outcome: { ids: string[] } | { error: unknown }): void {
    if ("ids" in outcome) return this.#accept(events, outcome.ids);
    if (!(outcome.error instanceof PartialSendError)) {
      // The error itself: the caller still holds its input, and retries with it.
      for (const e of events) this.given.set(e.data.m, null);
      this.holdings.push({ kind: "input", input });
      return;
    }
    expect(outcome.error.ids).toHaveLength(events.length);
    this.#partial(events, outcome.error as PartialSendError<ModelEvent>);
  }

  #judgeStream(events: ModelEvent[], yielded: ModelEvent[], outcome: { ids: string[] } | { error: unknown }): void {
    if ("ids" in outcome) {
      expect(yielded).toHaveLength(events.length);
      return this.#accept(events, outcome.ids);
    }
    const partial = outcome.error instanceof PartialSendError ? (outcome.error as PartialSendError<ModelEvent>) : undefined;
    // The caller's own error (its signal): nothing the stream gave may be on the server, or a resend
    // of its events (they cannot be read from the stream again) would store them twice.
    const read = partial ? partial.ids.length : 0;
    expect(read).toBeLessThanOrEqual(yielded.length);
    // Events not read (never yielded, or yielded as an abort cut the read short) stay the caller's:
    // they must not be on the server, and they are sent again afresh.
    const stored = this.#storedByMarker();
    const unread = events.slice(read);
    const onServer = unread.filter((e) => stored.has(e.data.m));
    if (onServer.length > 0) throw new Error(`${String(outcome.error)}: ${onServer.length} events the send did not read (or hand back) are on the server`);
    for (const e of unread) this.given.set(e.data.m, null);
    if (unread.length > 0) this.holdings.push({ kind: "own", events: unread });
    if (partial) this.#partial(events.slice(0, read), partial);
  }

  #accept(events: ModelEvent[], ids: readonly string[]): void {
    expect(ids).toHaveLength(events.length);
    events.forEach((e, i) => this.given.set(e.data.m, ids[i]!));
  }

  #partial(events: ModelEvent[], err: PartialSendError<ModelEvent>): void {
    const failed = events.filter((_, i) => err.ids[i] === null);
    expect(err.failedEvents).toHaveLength(failed.length);
    err.failedEvents.forEach((e, i) => expect(e).toBe(failed[i]));
    expect(err.failedIndexes).toEqual(events.flatMap((_, i) => (err.ids[i] === null ? [i] : [])));
    events.forEach((e, i) => this.given.set(e.data.m, err.ids[i] ?? null));
    if (failed.length > 0) this.holdings.push({ kind: "failedEvents", events: err.failedEvents });
  }

  #storedByMarker(): Map<number, string[]> {
    const byMarker = new Map<number, string[]>();
    for (const e of this.emulator.events) {
      const m = e.data["m"] as number;
      byMarker.set(m, [...(byMarker.get(m) ?? []), e.id]);
    }
    return byMarker;
  }

  async *#streamAsync(events: ModelEvent[], yielded: ModelEvent[], abort: Abort | undefined): AsyncGenerator<ModelEvent> {
    for (const [i, e] of events.entries()) {
      if (abort?.kind === "read" && abort.at === i) this.#controller?.abort();
      await Promise.resolve();
      yielded.push(e);
      yield e;
    }
  }

  *#streamSync(events: ModelEvent[], yielded: ModelEvent[], abort: Abort | undefined): Generator<ModelEvent> {
    for (const [i, e] of events.entries()) {
      if (abort?.kind === "read" && abort.at === i) this.#controller?.abort();
      yielded.push(e);
      yield e;
    }
  }

  #stream(events: ModelEvent[], yielded: ModelEvent[], abort: Abort | undefined, asyncStream: boolean) {
    return asyncStream ? this.#streamAsync(events, yielded, abort) : this.#streamSync(events, yielded, abort);
  }

  /** The network between the client and the emulator, where each request's trouble happens. */
  async #fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const n = this.#requests++;
    const trouble = this.#trouble;
    const abort = trouble?.abort?.kind === "request" && trouble.abort.at === n ? trouble.abort : undefined;
    if (abort && !abort.afterStore) this.#controller?.abort();
    const fault = trouble?.faults[n] ?? "ok";
    const seed = new Headers(init?.headers).get("x-inngest-event-id-seed") ?? "";
    const answer = await this.#serve(fault, seed, input, init);
    if (abort?.afterStore) {
      this.#controller?.abort();
      throw new DOMException("This operation was aborted", "AbortError");
    }
    return answer;
  }

  async #serve(fault: RequestFault, seed: string, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    switch (fault) {
      case "ok":
        return this.#forward(seed, input, init);
      case "lost":
        await this.#forward(seed, input, init);
        throw lostAnswer();
      case "reset":
        throw lostAnswer();
      case "5xx":
        return reply(503, { ids: [], status: 503, error: "overloaded" });
      case "400":
        return reply(400, { ids: [], status: 400, error: "event name is empty" });
      case "400-empty-id":
        // pkg/api/api.go answers a failure on the first event with ids[0:1]: one empty id.
        return reply(400, { ids: [""], status: 400, error: "event name is empty" });
      case "400-partial":
        // The server refuses the chunk's last event and stores those before it. A server answers
        // the same bytes the same way, so only bytes (a seed) it has not handled yet are refused.
        if (this.#seenSeeds.has(seed)) return this.#forward(seed, input, init);
        return this.#forward(seed, input, { ...init, body: spoilLast(String(init?.body)) });
      case "429-long":
        return reply(429, { ids: [], status: 429, error: "rate limited" }, { "retry-after": "3600" });
      case "slow":
        // Slow enough to outlast a totalTimeout; without one, a wait would test nothing.
        if (this.#trouble?.totalTimeout) await sleep(10, init?.signal ?? undefined);
        return this.#forward(seed, input, init);
    }
  }

  #forward(seed: string, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    this.#seenSeeds.add(seed);
    return this.emulator.fetch(input as string, init);
  }
}

function spoilLast(body: string): string {
  const events = JSON.parse(body) as { name: string }[];
  events[events.length - 1]!.name = "";
  return JSON.stringify(events);
}

// ---------------------------------------------------------------------------------------------
// Commands

type Model = { holdings: number };

const faultArb: fc.Arbitrary<RequestFault> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<RequestFault>("ok") },
  { weight: 4, arbitrary: fc.constant<RequestFault>("lost") },
  { weight: 1, arbitrary: fc.constant<RequestFault>("reset") },
  { weight: 2, arbitrary: fc.constant<RequestFault>("5xx") },
  { weight: 1, arbitrary: fc.constantFrom<RequestFault>("400", "400-empty-id", "400-partial") },
  { weight: 1, arbitrary: fc.constant<RequestFault>("429-long") },
  { weight: 1, arbitrary: fc.constant<RequestFault>("slow") },
);

const troubleArb: fc.Arbitrary<Trouble> = fc.record({
  faults: fc.array(faultArb, { maxLength: 6 }),
  abort: fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("request" as const), at: fc.nat(5), afterStore: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("read" as const), at: fc.nat(8) }) },
  ),
  totalTimeout: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.record({ slowValidation: fc.boolean() }) }),
  concurrency: fc.integer({ min: 1, max: 3 }),
  batchSize: fc.integer({ min: 1, max: 4 }),
  maxRetries: fc.integer({ min: 0, max: 2 }),
});

const show = (t: Trouble) =>
  `faults=[${t.faults.join(",")}]${t.abort ? ` abort=${JSON.stringify(t.abort)}` : ""}${t.totalTimeout ? ` totalTimeout(slow=${t.totalTimeout.slowValidation})` : ""} c=${t.concurrency} batch=${t.batchSize} retries=${t.maxRetries}`;

class SendArray implements fc.AsyncCommand<Model, World> {
  constructor(
    readonly size: number,
    readonly single: boolean,
    readonly trouble: Trouble,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const events = world.fresh(this.single ? 1 : this.size);
    await world.send(this.single ? events[0]! : events, events, this.trouble);
    model.holdings = world.holdings.length;
  }
  toString = () => `send(${this.single ? "one event" : `array of ${this.size}`}; ${show(this.trouble)})`;
}

class SendStream implements fc.AsyncCommand<Model, World> {
  constructor(
    readonly size: number,
    readonly asyncStream: boolean,
    readonly trouble: Trouble,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const events = world.fresh(this.size);
    await world.send("stream", events, this.trouble, this.asyncStream);
    model.holdings = world.holdings.length;
  }
  toString = () => `send(${this.asyncStream ? "async" : "sync"} stream of ${this.size}; ${show(this.trouble)})`;
}

class Resend implements fc.AsyncCommand<Model, World> {
  constructor(
    readonly pick: number,
    readonly asStream: boolean,
    readonly trouble: Trouble,
  ) {}
  check = (model: Readonly<Model>) => model.holdings > 0;
  async run(model: Model, world: World) {
    await world.resend(this.pick, this.trouble, this.asStream);
    model.holdings = world.holdings.length;
  }
  toString = () => `resend(#${this.pick}${this.asStream ? ", as a stream" : ""}; ${show(this.trouble)})`;
}

/** Sequences of up to `maxCommands` sends and resends of up to `maxEvents` events each. */
export function sendCommands(maxCommands: number, maxEvents: number) {
  const size = fc.integer({ min: 0, max: maxEvents });
  return fc.commands(
    [
      fc.tuple(size, fc.boolean(), troubleArb).map(([n, single, t]) => new SendArray(n, single && n === 1, t)),
      fc.tuple(size, fc.boolean(), troubleArb).map(([n, a, t]) => new SendStream(n, a, t)),
      // Twice: resends are as likely as new sends.
      fc.tuple(fc.nat(4), fc.boolean(), troubleArb).map(([pick, s, t]) => new Resend(pick, s, t)),
      fc.tuple(fc.nat(4), fc.boolean(), troubleArb).map(([pick, s, t]) => new Resend(pick, s, t)),
    ],
    { maxCommands },
  );
}

/** The property: any sequence keeps both invariants at every step, and converges once the faults stop. */
export function sendModelProperty(maxCommands = 8, maxEvents = 8) {
  return fc.asyncProperty(sendCommands(maxCommands, maxEvents), async (commands) => {
    const world = new World();
    await fc.asyncModelRun(() => ({ model: { holdings: 0 }, real: world }), commands);
    await world.finish();
  });
}
