// Events on the real dev server: sent through the Event API, read back through REST v1 and v2.
import { describe, expect, it } from "vitest";
import { BadRequestError, isPartialSendError, NotFoundError } from "inngest-rest";
import { eventually, marker, realClient, runOf, url } from "./support.js";

/** An event once it is stored: the Event API answers before the event is written, so a get may 404 at first. */
const stored = async (id: string) =>
  (await eventually(`event ${id} stored`, () => realClient().events.get(id).catch((e: unknown) => (e instanceof NotFoundError ? undefined : Promise.reject(e))), (e) => e !== undefined))!;

describe.skipIf(!url)("real dev server: events", () => {
  it("an event sent is read back by id with its name and data, and listed by name", async () => {
    const inngest = realClient();
    const m = marker("events-get");
    const before = new Date(Date.now() - 1000);
    const { ids } = await inngest.events.send([
      { name: "real/suite/event", data: { m, i: 0 } },
      { name: "real/suite/event", data: { m, i: 1 } },
    ]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);

    const event = await stored(ids[1]!);
    expect(event).toMatchObject({ internalId: ids[1], name: "real/suite/event", data: { m, i: 1 } });
    expect(Date.parse(event.receivedAt!)).toBeGreaterThanOrEqual(before.getTime());

    const listed = () => inngest.events.list({ name: "real/suite/event", from: before }).toArray(100);
    const mine = (await eventually("both events listed", listed, (l) => l.filter((e) => (e.data as { m?: string }).m === m).length === 2)).filter(
      (e) => (e.data as { m?: string }).m === m,
    );
    // Newest first: the second event of the batch comes first.
    expect(mine.map((e) => e.internalId)).toEqual([ids[1], ids[0]]);
  });

  it("events.list pages past its first page (v1 has no cursor: the next page starts after the last id)", async () => {
    const inngest = realClient();
    const m = marker("events-page");
    const before = new Date(Date.now() - 1000);
    const { ids } = await inngest.events.send(Array.from({ length: 5 }, (_, i) => ({ name: "real/suite/event-page", data: { m, i } })));
    const list = () => inngest.events.list({ name: "real/suite/event-page", from: before, limit: 2 });
    // The Event API answers before the event is stored: read until all five are.
    const all = await eventually("the five events stored", () => list().toArray(100), (events) => events.length >= 5);
    expect(all.map((e) => e.internalId).sort()).toEqual([...ids].sort());
    const first = await list();
    expect(first.data).toHaveLength(2);
    expect(first.hasMore).toBe(true);
  });

  it("events.runs goes from a sent event to the run it started, with the run's output", async () => {
    const inngest = realClient();
    const { ids } = await inngest.events.send({ name: "real/complete", data: { n: 21, m: marker("events-runs") } });
    const run = await runOf(ids[0]!, (r) => r.status === "completed");
    expect(run).toMatchObject({ status: "completed", functionId: "complete", appId: "real-app", eventId: ids[0], eventIds: [ids[0]], output: { doubled: 42 } });
    // An event no function listens to started nothing.
    const { ids: none } = await inngest.events.send({ name: "real/suite/nobody-listens", data: {} });
    expect(await inngest.events.runs(none[0]!).toArray(10)).toEqual([]);
  });

  it("a batch the server refuses in part rejects with a PartialSendError whose failedEvents are exactly the refused ones", async () => {
    // The dev server refuses an event over 3 MiB (400 "Event is over the max size"); the client is told
    // to allow bigger ones, so the refusal comes from the server, on the second of two POSTs.
    const inngest = realClient({ maxEventSize: 5_000_000 });
    const m = marker("partial");
    const small = { name: "real/suite/partial", data: { m } };
    const big = { name: "real/suite/partial", data: { m, pad: "x".repeat(3_300_000) } };
    const error = await inngest.events.send([small, big], { batchSize: 1, concurrency: 1, maxRetries: 0 }).catch((e: unknown) => e);
    expect(inngest.events.isPartialSendError(error)).toBe(true);
    expect(isPartialSendError(error)).toBe(true);
    if (!isPartialSendError(error)) return;
    expect(error.failedEvents).toEqual([big]);
    expect(error.errors[0]).toBeInstanceOf(BadRequestError);
    expect(error.ids[0]).toEqual(expect.any(String));
    expect(error.ids[1]).toBeNull();
    // The accepted one is stored.
    expect(await stored(error.ids[0]!)).toMatchObject({ data: { m } });
    // Another client's check does not recognise it.
    expect(realClient().events.isPartialSendError(error)).toBe(false);
  });
});
