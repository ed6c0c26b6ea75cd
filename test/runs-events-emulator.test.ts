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
    const done = await inngest.runs.waitFor(run.id, { interval: 10, maxWait: 5_000 });
    expect(done).toMatchObject({ id: run.id, status: "completed", output: { charged: 4200 } });
    expect(done.durationMs).toEqual(expect.any(Number));
  });

  test("runs.waitFor on a run that stays running rejects with a TimeoutError", async () => {
    const { emulator, inngest } = world();
    const run = emulator.runs.add({ functionId: "billing-charge-card", status: "RUNNING" });
    expect(await caught(inngest.runs.waitFor(run.id, { interval: 10, maxWait: 80 }))).toBeInstanceOf(TimeoutError);
  });

  test("a missing run or event is a NotFoundError; an id that is not a ULID is a BadRequestError", async () => {
    const { inngest } = world();
    expect(await caught(inngest.runs.get("01ARZ3NDEKTSV4RRFFQ69G5FAV"))).toBeInstanceOf(NotFoundError);
    expect(await caught(inngest.events.get("01ARZ3NDEKTSV4RRFFQ69G5FAV"))).toBeInstanceOf(NotFoundError);
    expect(await caught(inngest.events.runs("not-a-ulid").then((p) => p))).toBeInstanceOf(BadRequestError);
  });
});

describe("runs.trace against the emulator's step traces", () => {
  test("a failed run: failedSteps() names the step that failed, with its error, not its attempts", async () => {
    const { emulator, inngest } = world();
    const run = emulator.runs.add({
      functionId: "billing-charge-card",
      status: "FAILED",
      steps: [
        { id: "load-invoice", output: { amount: 4200 } },
        { id: "charge", status: "FAILED", attempts: 3, output: { name: "Error", message: "card declined" } },
      ],
    });
    const trace = await inngest.runs.trace(run.id, { includeOutput: true });
    expect(trace.runId).toBe(run.id);
    expect(trace.root.status).toBe("failed");
    const failed = trace.failedSteps();
    // A step that failed for good has no op in the trace (its StepError opcode), as on the real dev server.
    expect(failed.map((s) => [s.name, s.stepOp, s.status])).toEqual([["charge", null, "failed"]]);
    expect(failed[0]!.output).toMatchObject({ message: "card declined" });
    expect(failed[0]!.children.map((a) => a.name)).toEqual(["Attempt 0", "Attempt 1", "Attempt 2"]);
    expect([...trace.spans()][0]).toBe(trace.root);
    for (const span of trace.spans()) expect(span.durationMs === null || typeof span.durationMs === "number").toBe(true);
  });

  test("a run waiting on a sleep: the sleep step reads waiting, and nothing failed", async () => {
    const { emulator, inngest } = world();
    const run = emulator.runs.add({ functionId: "billing-charge-card", status: "RUNNING", steps: [{ id: "fetch" }, { id: "cool-off", op: "SLEEP", status: "WAITING" }] });
    const trace = await inngest.runs.trace(run.id);
    const sleep = [...trace.spans()].find((s) => s.stepOp === "sleep");
    expect(sleep).toMatchObject({ name: "cool-off", status: "waiting", endedAt: null });
    expect(trace.failedSteps()).toEqual([]);
    expect(sleep).not.toHaveProperty("output");
  });
});

describe("events.list against the emulator's received events", () => {
  test("walks every event received in the last hour, newest first, page by page on the last internal id", async () => {
    const { emulator, inngest } = world();
    await inngest.events.send([{ name: "shop/order.placed", data: { n: 1 } }, { name: "shop/order.placed", data: { n: 2 } }]);
    const all = await inngest.events.list({ limit: 7 }).toArray(1_000);
    expect(all.length).toBeGreaterThan(7);
    expect(new Set(all.map((e) => e.internalId)).size).toBe(all.length);
    expect([...all].sort((a, b) => (a.internalId < b.internalId ? 1 : -1))).toEqual(all);
    const lists = emulator.requests.filter((r) => r.path === "/v1/events");
    expect(lists.length).toBe(Math.floor(all.length / 7) + 1);
  });

  test("name narrows the list; the events just sent are there under the ids send returned", async () => {
    const { inngest } = world();
    const { ids } = await inngest.events.send([{ name: "app/test.ping", data: { n: 1 } }, { name: "app/test.ping", data: { n: 2 } }]);
    const page = await inngest.events.list({ name: "app/test.ping" });
    expect(page.data.map((e) => e.internalId).sort()).toEqual([...ids].sort());
    expect(page.data.every((e) => e.name === "app/test.ping")).toBe(true);
    expect(page.hasMore).toBe(false);
  });
});

