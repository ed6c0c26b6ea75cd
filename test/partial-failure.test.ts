import { describe, expect, test } from "vitest";
import { AuthenticationError, BadRequestError, createInngestClient, InngestError, InternalServerError, PartialSendError, ValidationError } from "../src/index.js";
import { EventStore, firstN, numbered, range } from "./helpers/event-api.js";
import { caught, json, networkFailure, wire, type WireRequest } from "./helpers/wire.js";

const eventKey = "test-event-key";

/** A fake Event API storing by seed-derived id; `fault` may answer a request instead. */
function eventApi(fault?: (req: WireRequest, store: EventStore) => Response | undefined) {
  const store = new EventStore();
  const w = wire((req) => fault?.(req, store) ?? json({ ids: store.store(req), status: 200 }));
  return { store, ...w, inngest: createInngestClient({ eventKey, fetch: w.fetch, retryBaseDelay: 1 }) };
}

describe("some chunks accepted, some refused: nothing is lost", () => {
  test("1,500 events, second chunk answered 400: the error names exactly its 512 events, and resending them completes the set once", async () => {
    let refuse = true;
    const { inngest, store } = eventApi((req) => (refuse && firstN(req) === 512 ? json({ ids: [], status: 400, error: "event name is empty" }, 400) : undefined));
    const events = numbered(1500);

    const err = (await caught(inngest.events.send(events))) as PartialSendError<(typeof events)[number]>;

    expect(err).toBeInstanceOf(PartialSendError);
    expect(err.failedEvents).toHaveLength(512);
    expect(err.failedEvents).toEqual(events.slice(512, 1024));
    // The very objects passed in, in input order.
    err.failedEvents.forEach((e, i) => expect(e).toBe(events[512 + i]));
    expect(err.failedIndexes).toEqual(range(512, 512));
    expect(err.ids).toHaveLength(1500);
    err.ids.forEach((id, i) => (i >= 512 && i < 1024 ? expect(id).toBeNull() : expect(id).toEqual(expect.any(String))));
    expect(err.errors).toHaveLength(1);
    expect(err.errors[0]).toBeInstanceOf(BadRequestError);
    expect(err.message).toMatch(/^988 of 1500 events were accepted; 512 were not/);
    // The third chunk was still sent: a 400 on one chunk says nothing about the others.
    expect(store.numbers()).toEqual([...range(512), ...range(476, 1024)]);

    refuse = false;
    const { ids } = await inngest.events.send(err.failedEvents);
    expect(ids).toHaveLength(512);
    expect(store.numbers()).toEqual(range(1500));
  });

  test("a 400 listing the ids of the first k events of its chunk: those k count as accepted", async () => {
    let refuse = true;
    const { inngest, store } = eventApi((req, s) => {
      if (!refuse || firstN(req) !== 512) return undefined;
      // OSS handles events one by one: the 100 before the bad one were already stored.
      return json({ ids: s.store(req, 100), status: 400, error: "event name is empty" }, 400);
    });
    const events = numbered(1500);

    const err = (await caught(inngest.events.send(events))) as PartialSendError<(typeof events)[number]>;

    expect(err.failedIndexes).toEqual(range(412, 612));
    expect(err.failedEvents).toEqual(events.slice(612, 1024));
    expect(err.ids.slice(512, 612).every((id) => typeof id === "string")).toBe(true);
    expect(err.ids.slice(612, 1024).every((id) => id === null)).toBe(true);

    refuse = false;
    await inngest.events.send(err.failedEvents);
    expect(store.numbers()).toEqual(range(1500));
  });

  test("5xx on one chunk after every retry: a PartialSendError, and the chunks not yet sent are listed too", async () => {
    const { fetch, requests } = wire((req) =>
      firstN(req) === 10 ? json({ ids: [], status: 503, error: "overloaded" }, 503) : json({ ids: (req.body as unknown[]).map((_, i) => `id-${firstN(req) + i}`), status: 200 }),
    );
    const inngest = createInngestClient({ eventKey, fetch, retryBaseDelay: 1, batchSize: 10 });
    const events = numbered(50);

    const err = (await caught(inngest.events.send(events, { concurrency: 1 }))) as PartialSendError;

    // A failure that is not local to its chunk stops the send: chunks 3..5 were never posted.
    expect(requests.map(firstN)).toEqual([0, 10, 10, 10]);
    expect(err.errors).toEqual([expect.any(InternalServerError)]);
    expect(err.failedIndexes).toEqual(range(40, 10));
    expect(err.failedEvents).toEqual(events.slice(10));
    expect(err.ids.slice(0, 10)).toEqual(range(10).map((n) => `id-${n}`));
  });

  test("a stream whose second chunk is refused: the stream goes on, and the error lists that chunk", async () => {
    const { inngest, store } = eventApi((req) => (firstN(req) === 512 ? json({ ids: [], status: 400, error: "x" }, 400) : undefined));
    async function* rows() {
      for (const e of numbered(1500)) yield e;
    }
    const err = (await caught(inngest.events.send(rows()))) as PartialSendError;
    expect(err.failedIndexes).toEqual(range(512, 512));
    expect(err.ids).toHaveLength(1500);
    expect(store.numbers()).toEqual([...range(512), ...range(476, 1024)]);
  });
});

describe("the caller's iterable throws", () => {
  test("chunks already sent finish first, then a PartialSendError says which were accepted and lists what was read but not sent", async () => {
    const boom = new Error("database cursor closed");
    let answered = 0;
    const { fetch } = wire(async (req) => {
      await new Promise((r) => setTimeout(r, 20)); // still in flight when the iterable throws
      answered++;
      return json({ ids: (req.body as unknown[]).map((_, i) => `id-${firstN(req) + i}`), status: 200 });
    });
    const events = numbered(1100);
    async function* rows() {
      yield* events;
      throw boom;
    }
    const err = (await caught(createInngestClient({ eventKey, fetch }).events.send(rows()))) as PartialSendError;

    expect(answered).toBe(2);
    expect(err).toBeInstanceOf(PartialSendError);
    expect(err.ids.slice(0, 1024)).toEqual(range(1024).map((n) => `id-${n}`));
    expect(err.failedIndexes).toEqual(range(76, 1024));
    expect(err.failedEvents).toEqual(events.slice(1024));
    expect(err.errors).toHaveLength(1);
    expect(err.errors[0]!.cause).toBe(boom);
    expect(err.errors[0]!.message).toBe("Reading the event at position 1100 failed (the iterable threw): database cursor closed");
  });

  test("when nothing was accepted, the iterable's own error is rethrown as it is", async () => {
    const boom = new Error("nope");
    const { fetch, requests } = wire(() => json({}));
    function* rows(): Generator<{ name: string }> {
      yield { name: "app/x" };
      throw boom;
    }
    expect(await caught(createInngestClient({ eventKey, fetch }).events.send(rows()))).toBe(boom);
    expect(requests).toHaveLength(0);
  });
});

describe("nothing accepted: the underlying error itself", () => {
  test("a wrong event key is an AuthenticationError, not a PartialSendError", async () => {
    const { inngest, requests } = eventApi(() => json({ status: 401, message: "", error: "Event key not found" }, 401));
    const err = await caught(inngest.events.send(numbered(5000)));
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).not.toBeInstanceOf(PartialSendError);
    // 10 chunks: only those already in flight when the 401 came back were sent (at most `concurrency`).
    expect(requests.length).toBeLessThanOrEqual(4);
  });

  test("after a 401 no further chunk is sent", async () => {
    const { inngest, requests } = eventApi(() => json({ status: 401, message: "", error: "Event key not found" }, 401));
    await caught(inngest.events.send(numbered(5000), { concurrency: 1 }));
    expect(requests).toHaveLength(1);
  });

  test("a 401 after two accepted chunks stops the send; everything from there on is reported unsent", async () => {
    const { inngest, requests, store } = eventApi((req) => (firstN(req) >= 1024 ? json({ status: 401, message: "", error: "Event key not found" }, 401) : undefined));
    const events = numbered(3000);
    const err = (await caught(inngest.events.send(events, { concurrency: 1 }))) as PartialSendError;
    expect(requests).toHaveLength(3);
    expect(err.errors).toEqual([expect.any(AuthenticationError)]);
    expect(err.failedEvents).toEqual(events.slice(1024));
    expect(store.numbers()).toEqual(range(1024));
  });

  test("a single chunk refused with 400 rejects with the BadRequestError itself", async () => {
    const { inngest } = eventApi(() => json({ ids: [], status: 400, error: "event name is empty" }, 400));
    expect(await caught(inngest.events.send(numbered(3)))).toBeInstanceOf(BadRequestError);
  });
});

describe("a response lost after the server stored the batch", () => {
  test("is retried with the same seed, and every event is stored exactly once", async () => {
    const lost = new Set<number>();
    const { inngest, store, requests } = eventApi((req, s) => {
      const chunk = firstN(req);
      if (lost.has(chunk)) return undefined;
      lost.add(chunk);
      s.store(req);
      // Stored, then the connection dies before the answer arrives.
      throw networkFailure("ECONNRESET");
    });
    const { ids } = await inngest.events.send(numbered(1500));

    expect(requests).toHaveLength(6);
    expect(store.byId.size).toBe(1500);
    expect(store.numbers()).toEqual(range(1500));
    expect(new Set(ids).size).toBe(1500);
    expect(ids.every((id) => store.byId.has(id))).toBe(true);
  });

  test("a lost response answered later with 5xx, then success: still stored once", async () => {
    let n = 0;
    const { inngest, store } = eventApi((req, s) => {
      n++;
      if (n === 1) {
        s.store(req);
        throw networkFailure();
      }
      if (n === 2) return json({ ids: [], status: 502, error: "bad gateway" }, 502);
      return undefined;
    });
    await inngest.events.send(numbered(10));
    expect(store.numbers()).toEqual(range(10));
  });
});

describe("a client recognises the PartialSendError its own send threw", () => {
  test("events.isPartialSendError is true for this client's error, false for another client's and for other values", async () => {
    let refusing = true;
    const refuse = (req: WireRequest) => (refusing && firstN(req) === 1 ? json({ ids: [], status: 400, error: "event name is empty" }, 400) : undefined);
    const mine = eventApi(refuse);
    const other = eventApi(refuse);
    const events = numbered(2);
    const err = await caught(mine.inngest.events.send(events, { batchSize: 1 }));
    const theirs = await caught(other.inngest.events.send(numbered(2), { batchSize: 1 }));
    expect(err).toBeInstanceOf(PartialSendError);
    expect(theirs).toBeInstanceOf(PartialSendError);

    expect(mine.inngest.events.isPartialSendError(err)).toBe(true);
    expect(mine.inngest.events.isPartialSendError(theirs)).toBe(false);
    expect(mine.inngest.events.isPartialSendError(new Error("x"))).toBe(false);
    expect(mine.inngest.events.isPartialSendError(undefined)).toBe(false);

    if (!mine.inngest.events.isPartialSendError(err)) throw new Error("unreachable");
    refusing = false;
    expect(await mine.inngest.events.send(err.failedEvents)).toEqual({ ids: [expect.any(String)] });
    expect(mine.store.numbers()).toEqual([0, 1]);
  });
});

describe("an empty id is never an accepted event", () => {
  // pkg/api/api.go answers ids[0:max+1] of a slice of empty strings: when the very first event of a
  // request fails, the 400 still carries one id, "".
  const refuseFirst = (req: WireRequest) =>
    firstN(req) === 2 ? json({ ids: [""], status: 400, error: "event name is empty" }, 400) : undefined;

  test('a 400 on a chunk\'s first event, answered {"ids":[""]}, hands back the whole chunk', async () => {
    const { inngest, store } = eventApi(refuseFirst);
    const events = numbered(4);
    const err = (await caught(inngest.events.send(events, { batchSize: 2 }))) as PartialSendError;
    expect(err).toBeInstanceOf(PartialSendError);
    expect(err.ids).toEqual([expect.any(String), expect.any(String), null, null]);
    expect(err.failedEvents).toEqual(events.slice(2));
    expect((err.errors[0] as BadRequestError).acceptedIds).toEqual([]);
    expect(store.numbers()).toEqual([0, 1]);
  });

  test("a one-chunk send refused that way rejects with the BadRequestError itself: nothing was accepted", async () => {
    const { inngest } = eventApi(() => json({ ids: [""], status: 400, error: "event name is empty" }, 400));
    const err = await caught(inngest.events.send(numbered(3)));
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).acceptedIds).toEqual([]);
  });

  test("a success answer holding an empty id is not taken as the event's id", async () => {
    const { inngest } = eventApi((req) => json({ ids: (req.body as unknown[]).map((_, i) => (i === 0 ? "" : `id-${i}`)), status: 200 }));
    const err = await caught(inngest.events.send(numbered(2)));
    expect(err).toBeInstanceOf(InngestError);
    expect((err as Error).message).toMatch(/empty id/);
  });
});

describe("events are checked when send is called, and written as JSON when their chunk goes out", () => {
  test("an event changed after the check so it cannot be written (a BigInt put in): only its chunk is not sent, and it says so", async () => {
    const events = numbered(6);
    let first = true;
    const { inngest, store, requests } = eventApi(() => {
      // While the first chunk is on the wire, the caller changes an event of the second.
      if (first) (events[3]!.data as Record<string, unknown>).late = 10n;
      first = false;
      return undefined;
    });

    const err = (await caught(inngest.events.send(events, { batchSize: 2, concurrency: 1 }))) as PartialSendError;

    expect(err).toBeInstanceOf(PartialSendError);
    expect(err.failedIndexes).toEqual([2, 3]);
    expect(err.failedEvents[1]).toBe(events[3]);
    expect(err.errors).toHaveLength(1);
    expect(err.errors[0]).toBeInstanceOf(ValidationError);
    expect(err.errors[0]!.message).toMatch(/positions 2-3 were changed after they were checked/);
    // The chunks before and after it went out; the bad one never did.
    expect(requests).toHaveLength(2);
    expect(store.numbers()).toEqual([0, 1, 4, 5]);
  });

  test("a stream that reuses one object for every event sends each event as it was when yielded", async () => {
    const { inngest, store, requests } = eventApi();
    async function* rows() {
      const ev = { name: "app/test.event", data: { n: -1 } };
      for (let n = 0; n < 5; n++) {
        ev.data = { n };
        yield ev;
      }
    }
    const { ids } = await inngest.events.send(rows(), { batchSize: 3 });
    expect(ids).toHaveLength(5);
    expect(requests).toHaveLength(2);
    expect(store.numbers()).toEqual([0, 1, 2, 3, 4]);
  });

  test("an event pushed onto the array right after send is called is not sent (only what was checked is)", async () => {
    const { inngest, store } = eventApi();
    const events = numbered(3);
    const sending = inngest.events.send(events);
    events.push({ name: "", data: { n: 99 } } as never);
    const { ids } = await sending;
    expect(ids).toHaveLength(3);
    expect(store.numbers()).toEqual([0, 1, 2]);
  });

  test("a value JSON cannot write inside a box (Object(1n)) is refused before the wire, with its index", async () => {
    const { inngest, requests } = eventApi();
    const events = [...numbered(2), { name: "app/x", data: { big: Object(1n) } }];
    const err = await caught(inngest.events.send(events));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([expect.objectContaining({ index: 2, message: expect.stringMatching(/cannot be read or turned into JSON/) })]);
    expect(requests).toHaveLength(0);
  });

  test("the body is the events' JSON in the wire order, whatever order the caller's keys are in", async () => {
    const { inngest, requests } = eventApi();
    await inngest.events.send([{ v: "1", ts: Date.UTC(2026, 0, 1), id: "d-1", data: { b: 1, a: [2] }, name: "app/x", extra: true } as never, { name: "app/y" }]);
    expect(requests[0]!.text).toBe(
      `[{"name":"app/x","data":{"b":1,"a":[2]},"id":"d-1","ts":${Date.UTC(2026, 0, 1)},"v":"1"},{"name":"app/y","data":{}}]`,
    );
  });
});
