/**
 * Runs and events end to end against the emulator (inngest-rest/testing): a send, the event it
 * stored, the run it queued, and waiting for that run, on the routes the emulator serves.
 */
import { describe, expect, test } from "vitest";
import { BadRequestError, createInngestClient, NotFoundError, TimeoutError } from "../src/index.js";
import { createInngestEmulator } from "../src/testing/index.js";
import { caught } from "./helpers/wire.js";

function world() {
  const emulator = createInngestEmulator();
  const inngest = createInngestClient({ fetch: emulator.fetch, eventKey: "test-key", signingKey: "signkey-test-00", retryBaseDelay: 1 });
  return { emulator, inngest };
}

describe("from a send to its run, against the emulator", () => {
  test("the id events.send returns finds the stored event and the run it triggered", async () => {
    const { emulator, inngest } = world();
    const { ids } = await inngest.events.send({ name: "billing/invoice.created", data: { invoiceId: "in_1" }, id: "invoice-in_1" });
    const event = await inngest.events.get(ids[0]!);
    expect(event).toMatchObject({ internalId: ids[0], id: "invoice-in_1", name: "billing/invoice.created", data: { invoiceId: "in_1" } });

    const runs = await inngest.events.runs(ids[0]!).toArray(10);
    expect(runs.map((r) => [r.functionId, r.appId, r.eventId])).toEqual([["billing-charge-card", "billing", ids[0]]]);
    const run = await inngest.runs.get(runs[0]!.id);
    expect(run).toMatchObject({ id: runs[0]!.id, functionId: "billing-charge-card", functionName: "Charge card", appId: "billing" });
    expect(run.queuedAt).toEqual(expect.any(String));
    expect(emulator.runs.get(run.id)?.functionId).toBe("billing-charge-card");
  });

  test("runs.waitFor resolves with the output once the run completes", async () => {
    const { emulator, inngest } = world();
    const run = emulator.runs.add({ functionId: "billing-charge-card", status: "RUNNING" });
    setTimeout(() => emulator.runs.update(run.id, { status: "COMPLETED", output: { charged: 4200 } }), 40);
    const done = await inngest.runs.waitFor(run.id, { interval: 10, timeout: 5_000 });
    expect(done).toMatchObject({ id: run.id, status: "completed", output: { charged: 4200 } });
    expect(done.durationMs).toEqual(expect.any(Number));
  });

  test("runs.waitFor on a run that stays running rejects with a TimeoutError", async () => {
    const { emulator, inngest } = world();
    const run = emulator.runs.add({ functionId: "billing-charge-card", status: "RUNNING" });
    expect(await caught(inngest.runs.waitFor(run.id, { interval: 10, timeout: 80 }))).toBeInstanceOf(TimeoutError);
  });

  test("a missing run or event is a NotFoundError; an id that is not a ULID is a BadRequestError", async () => {
    const { inngest } = world();
    expect(await caught(inngest.runs.get("01ARZ3NDEKTSV4RRFFQ69G5FAV"))).toBeInstanceOf(NotFoundError);
    expect(await caught(inngest.events.get("01ARZ3NDEKTSV4RRFFQ69G5FAV"))).toBeInstanceOf(NotFoundError);
    expect(await caught(inngest.events.runs("not-a-ulid").then((p) => p))).toBeInstanceOf(BadRequestError);
  });
});
