/**
 * "Resending failedEvents completes the set with no duplicates" must hold even when a chunk failed
 * without a definite answer (a reset after the server stored it, a 5xx after retries): the server may
 * hold those events already, so a resend under a fresh seed would store them twice.
 */
import { describe, expect, test } from "vitest";
import { createInngestClient, PartialSendError } from "../src/index.js";
import { createInngestEmulator } from "../src/testing/index.js";
import { caught } from "./helpers/wire.js";

const events = (n: number) => Array.from({ length: n }, (_, i) => ({ name: "app/order.created", data: { i } }));

function setup() {
  const emulator = createInngestEmulator();
  const inngest = createInngestClient({ fetch: emulator.fetch, eventKey: "k", retryBaseDelay: 1, maxRetries: 2 });
  const storedOnce = () => {
    const counts = new Map<number, number>();
    for (const e of emulator.events) counts.set(e.data.i as number, (counts.get(e.data.i as number) ?? 0) + 1);
    return [...counts.values()].every((c) => c === 1) ? counts.size : -1;
  };
  return { emulator, inngest, storedOnce };
}

describe("resending a PartialSendError's failedEvents", () => {
  test("after a chunk whose every attempt was stored but answered by a reset: the set completes, nothing twice", async () => {
    const { emulator, inngest, storedOnce } = setup();
    // Chunk 1 is fine; chunk 2 is stored on each of its 3 attempts but every response is lost.
    emulator.failNext(1, { delayMs: 0, match: { path: "/e/" } });
    emulator.failNext(3, { reset: true, afterStore: true, match: { path: "/e/" } });
    const err = await inngest.events.send(events(1500), { concurrency: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialSendError);
    const partial = err as PartialSendError;
    // Chunk 2 (uncertain) and chunk 3 (never sent: a connection failure stops the send).
    expect(partial.failedIndexes).toEqual(Array.from({ length: 988 }, (_, i) => 512 + i));
    expect(emulator.events).toHaveLength(1024); // chunk 2 is on the server already

    const again = await inngest.events.send(partial.failedEvents);
    expect(again.ids).toHaveLength(988);
    expect(storedOnce()).toBe(1500);
    // Chunk 2's events got the ids the server stored on the first attempt.
    const stored = new Map(emulator.events.map((e) => [e.data.i as number, e.id]));
    expect(again.ids.every((id, k) => stored.get(512 + k) === id)).toBe(true);
  });

  test("after a 5xx that outlived the retries: resent under the original seed", async () => {
    const { emulator, inngest, storedOnce } = setup();
    emulator.failNext(1, { delayMs: 0, match: { path: "/e/" } });
    emulator.failNext(3, { status: 503, match: { path: "/e/" } });
    const err = (await inngest.events.send(events(1024), { concurrency: 1 }).catch((e: unknown) => e)) as PartialSendError;
    expect(err).toBeInstanceOf(PartialSendError);
    await inngest.events.send(err.failedEvents);
    expect(storedOnce()).toBe(1024);
    const seeds = emulator.requests.filter((r) => r.path === "/e/***").map((r) => r.headers["x-inngest-event-id-seed"]);
    // 1 (chunk 1) + 3 attempts of chunk 2 + 1 resend of chunk 2: the resend reused chunk 2's seed.
    expect(seeds).toHaveLength(5);
    expect(new Set(seeds.slice(1)).size).toBe(1);
  });

  test("a copy of failedEvents is sent afresh (the plan follows the array the error handed out)", async () => {
    const { emulator, inngest } = setup();
    emulator.failNext(1, { delayMs: 0, match: { path: "/e/" } });
    emulator.failNext(3, { reset: true, afterStore: true, match: { path: "/e/" } });
    const err = (await inngest.events.send(events(1024), { concurrency: 1 }).catch((e: unknown) => e)) as PartialSendError;
    await inngest.events.send([...err.failedEvents]);
    // Documented: only err.failedEvents itself carries the seeds; a copy duplicates the uncertain chunk.
    expect(emulator.events).toHaveLength(1024 + 512);
  });
});

describe("retrying a send that failed with nothing accepted", () => {
  test("calling send again with the same array reuses the seeds of chunks the server may hold", async () => {
    const { emulator, inngest, storedOnce } = setup();
    emulator.failNext(3, { reset: true, afterStore: true, match: { path: "/e/" } });
    const batch = events(300);
    const err = await inngest.events.send(batch).catch((e: unknown) => e);
    expect((err as Error).name).toBe("ConnectionError"); // nothing was accepted: the error itself
    expect(emulator.events).toHaveLength(300); // ...but the server stored the chunk

    await inngest.events.send(batch);
    expect(storedOnce()).toBe(300);
  });

  test("the same single event object, sent again, is stored once", async () => {
    const { emulator, inngest } = setup();
    emulator.failNext(3, { reset: true, afterStore: true, match: { path: "/e/" } });
    const event = { name: "app/user.signup", data: { i: 0 } };
    await inngest.events.send(event).catch(() => undefined);
    await inngest.events.send(event);
    expect(emulator.events).toHaveLength(1);
  });

  test("an array changed since the failure is sent afresh", async () => {
    const { emulator, inngest } = setup();
    emulator.failNext(3, { reset: true, afterStore: true, match: { path: "/e/" } });
    const batch = events(3);
    await inngest.events.send(batch).catch(() => undefined);
    batch.push({ name: "app/order.created", data: { i: 3 } });
    await inngest.events.send(batch);
    expect(emulator.events).toHaveLength(3 + 4);
  });
});

describe("resend plans hold under harder sequences", () => {
  test("a chunk stored on its first attempt, then refused with a long 429, keeps its seed", async () => {
    const { emulator, inngest, storedOnce } = setup();
    emulator.failNext(1, { delayMs: 0, match: { path: "/e/" } });
    emulator.failNext(1, { reset: true, afterStore: true, match: { path: "/e/" } });
    emulator.failNext(1, { status: 429, retryAfter: 3600, match: { path: "/e/" } });
    const err = (await inngest.events.send(events(1024), { concurrency: 1 }).catch((e: unknown) => e)) as PartialSendError;
    expect(err).toBeInstanceOf(PartialSendError);
    expect(err.errors[0]!.name).toBe("RateLimitError");
    await inngest.events.send(err.failedEvents);
    expect(storedOnce()).toBe(1024);
  });

  test("a resend that itself stops early passes the unsent chunks' seeds on to the next resend", async () => {
    const { emulator, inngest, storedOnce } = setup();
    // Chunk 1 fine; chunks 2-4, in flight together, each stored with every answer lost (3 attempts each).
    emulator.failNext(1, { delayMs: 0, match: { path: "/e/" } });
    emulator.failNext(9, { reset: true, afterStore: true, match: { path: "/e/" } });
    const first = (await inngest.events.send(events(2048), { concurrency: 4 }).catch((e: unknown) => e)) as PartialSendError;
    expect(first.failedEvents).toHaveLength(1536);
    // The resend: chunk 2 fine, chunk 3 refused with 401, chunk 4 never sent.
    emulator.failNext(1, { delayMs: 0, match: { path: "/e/" } });
    emulator.failNext(1, { status: 401, match: { path: "/e/" } });
    const second = (await inngest.events.send(first.failedEvents, { concurrency: 1 }).catch((e: unknown) => e)) as PartialSendError;
    expect(second).toBeInstanceOf(PartialSendError);
    expect(second.failedEvents).toHaveLength(1024);
    await inngest.events.send(second.failedEvents);
    expect(storedOnce()).toBe(2048);
  });

  test("a plan is used once, and an event edited before the resend is sent afresh", async () => {
    const { emulator, inngest } = setup();
    emulator.failNext(3, { reset: true, afterStore: true, match: { path: "/e/" } });
    const ping = { name: "app/ping", data: { at: 1 } };
    await inngest.events.send(ping).catch(() => undefined);
    expect(emulator.events).toHaveLength(1); // stored, answer lost
    ping.data.at = 2; // edited: a new event, not a retry
    await inngest.events.send(ping);
    await inngest.events.send(ping); // and a later send of it is a new send too
    expect(emulator.events.map((e) => e.data.at)).toEqual([1, 2, 2]);
  });

  test("a stream whose events were all lost to the network comes back as a PartialSendError, resendable once", async () => {
    const { emulator, inngest, storedOnce } = setup();
    emulator.failNext(3, { reset: true, afterStore: true, match: { path: "/e/" } });
    async function* rows() {
      for (let i = 0; i < 10; i++) yield { name: "app/order.created", data: { i } };
    }
    const err = (await inngest.events.send(rows()).catch((e: unknown) => e)) as PartialSendError;
    expect(err).toBeInstanceOf(PartialSendError);
    expect(err.ids).toEqual(Array(10).fill(null));
    expect(err.errors[0]!.name).toBe("ConnectionError");
    await inngest.events.send(err.failedEvents);
    expect(storedOnce()).toBe(10);
  });
});

describe("a resend refused by its totalTimeout", () => {
  test("keeps the chunk's seed and body: the next resend still stores the event once", async () => {
    // A slow async schema: the send's totalTimeout runs out while the event is validated, so the
    // seeded chunk's turn comes after the deadline and it is not posted at all.
    const slow = {
      "~standard": {
        version: 1 as const,
        vendor: "test",
        validate: (value: unknown) => new Promise<{ value: object }>((resolve) => setTimeout(() => resolve({ value: value as object }), 40)),
      },
    };
    const emulator = createInngestEmulator();
    const inngest = createInngestClient({ fetch: emulator.fetch, eventKey: "k", retryBaseDelay: 1, maxRetries: 2, schemas: { "app/slow": slow } });
    const event = { name: "app/slow", data: { i: 0 } };
    emulator.failNext(3, { reset: true, afterStore: true, match: { path: "/e/" } });
    expect((await caught(inngest.events.send(event))) as Error).toHaveProperty("name", "ConnectionError");
    expect(emulator.events).toHaveLength(1); // stored, every answer lost

    expect((await caught(inngest.events.send(event, { totalTimeout: 20 }))) as Error).toHaveProperty("name", "TimeoutError");
    await inngest.events.send(event);
    expect(emulator.events).toHaveLength(1);
  });
});
