import { describe, expect, test } from "vitest";
import { createInngestClient, NotFoundError, UnprocessableEntityError, ValidationError } from "../src/index.js";
import { createInngestEmulator } from "../src/testing/index.js";
import { caught } from "./helpers/wire.js";

const signingKey = "signkey-prod-00112233445566778899aabbccddeeff";

/** One app, "shop", with a function for each case: plain, paused, debounced, rate-limited, with flow control. */
function world() {
  const emulator = createInngestEmulator({
    signingKey,
    seed: {
      apps: [
        {
          id: "shop",
          functions: [
            { id: "checkout", name: "Checkout", event: "shop/checkout", concurrency: [{ limit: 5, key: "event.data.userId" }], retries: 2 },
            { id: "nightly", cron: "0 2 * * *", paused: true },
            { id: "digest", event: "shop/digest", debounce: { period: "30s", key: "event.data.userId" } },
            { id: "sync", event: "shop/sync", rateLimit: { limit: 1, period: "1h" } },
          ],
        },
      ],
      runs: [
        {
          functionId: "checkout",
          status: "RUNNING",
          steps: [
            { id: "reserve", status: "COMPLETED" },
            { id: "approval", op: "WAIT_FOR_SIGNAL", status: "WAITING", signal: "approval-o_1" },
          ],
        },
      ],
    },
  });
  const inngest = createInngestClient({ signingKey, fetch: emulator.fetch, retryBaseDelay: 1 });
  return { emulator, inngest };
}

describe("functions against the emulator", () => {
  test("list and get read each function's triggers, flow control and paused flag", async () => {
    const { inngest } = world();
    const fns = await inngest.functions.list("shop").toArray(10);
    expect(fns.map((f) => f.id).sort()).toEqual(["checkout", "digest", "nightly", "sync"]);

    const checkout = await inngest.functions.get("shop", "checkout");
    expect(checkout).toMatchObject({ id: "checkout", name: "Checkout", appId: "shop", paused: false, triggers: [{ type: "event", value: "shop/checkout", if: null }] });
    expect(checkout.configuration.concurrency).toEqual([{ scope: "function", limit: 5, isPlanLimit: false, key: "event.data.userId" }]);
    expect(checkout.configuration.retries).toEqual({ value: 2, isDefault: false });

    const nightly = await inngest.functions.get("shop", "shop-nightly"); // the app-prefixed slug works too
    expect(nightly).toMatchObject({ id: "nightly", paused: true, triggers: [{ type: "cron", value: "0 2 * * *" }] });
    expect((await inngest.functions.get("shop", "digest")).configuration.debounce).toEqual({ period: "30s", key: "event.data.userId" });
    expect(await caught(inngest.functions.get("shop", "nope"))).toBeInstanceOf(NotFoundError);
  });

  test("invoke starts a queued run with the data; the same idempotency key again is a duplicate of that run", async () => {
    const { emulator, inngest } = world();
    const first = await inngest.functions.invoke("shop", "checkout", { orderId: "o_9" }, { idempotencyKey: "order-o_9" });
    expect(first.duplicate).toBe(false);
    expect(emulator.runs.get(first.runId)).toMatchObject({ functionId: "checkout", status: "QUEUED" });

    const again = await inngest.functions.invoke("shop", "checkout", { orderId: "o_9" }, { idempotencyKey: "order-o_9" });
    expect(again).toEqual({ runId: first.runId, duplicate: true });
    expect(emulator.runs.list({ functionId: "checkout" })).toHaveLength(2); // the seeded run and the invoked one

    const run = await inngest.runs.get(first.runId);
    expect(run.id).toBe(first.runId);
  });

  test.each([
    ["nightly", "function_skipped"],
    ["digest", "function_debounced"],
  ])("invoking %s is an UnprocessableEntityError with code %s", async (functionId, code) => {
    const { inngest } = world();
    const err = (await caught(inngest.functions.invoke("shop", functionId, {}))) as UnprocessableEntityError;
    expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect(err.code).toBe(code);
  });

  test("a rate-limited function's second invocation is an UnprocessableEntityError rate_limited", async () => {
    const { inngest } = world();
    await inngest.functions.invoke("shop", "sync", {});
    const err = (await caught(inngest.functions.invoke("shop", "sync", {}))) as UnprocessableEntityError;
    expect(err.code).toBe("rate_limited");
  });
});

describe("bulk cancellation against the emulator", () => {
  test("cancels the function's runs whose event matches the expression, and only those", async () => {
    const { emulator, inngest } = world();
    const u1a = await inngest.functions.invoke("shop", "checkout", { userId: "u_1" });
    const u1b = await inngest.functions.invoke("shop", "checkout", { userId: "u_1" });
    const u2 = await inngest.functions.invoke("shop", "checkout", { userId: "u_2" });

    const cancellation = await inngest.cancellations.create({
      appId: "shop",
      functionId: "shop-checkout",
      startedAfter: new Date(Date.now() - 60_000),
      startedBefore: new Date(),
      if: "event.data.userId == 'u_1'",
    });
    expect(cancellation).toMatchObject({ functionId: "shop-checkout", kind: "bulk_run", cause: "api", if: "event.data.userId == 'u_1'" });
    expect(cancellation.appInternalId).toBe(emulator.apps.get("shop")!.internalId);

    expect(emulator.runs.get(u1a.runId)!.status).toBe("CANCELLED");
    expect(emulator.runs.get(u1b.runId)!.status).toBe("CANCELLED");
    expect(emulator.runs.get(u2.runId)!.status).toBe("QUEUED");

    expect((await inngest.cancellations.list()).data.map((c) => c.id)).toEqual([cancellation.id]);
    await inngest.cancellations.delete(cancellation.id);
    expect((await inngest.cancellations.list()).data).toEqual([]);
    expect(await caught(inngest.cancellations.delete(cancellation.id))).toBeInstanceOf(NotFoundError);
  });

  test("an unknown function is a NotFoundError; a future startedBefore never leaves the SDK", async () => {
    const { emulator, inngest } = world();
    expect(await caught(inngest.cancellations.create({ appId: "shop", functionId: "nope", startedBefore: new Date() }))).toBeInstanceOf(NotFoundError);
    const before = emulator.requests.length;
    const err = await caught(inngest.cancellations.create({ appId: "shop", functionId: "checkout", startedBefore: new Date(Date.now() + 3_600_000) }));
    expect(err).toBeInstanceOf(ValidationError);
    expect(emulator.requests.length).toBe(before);
  });
});

describe("signals against the emulator", () => {
  test("resumes the run waiting for the signal, once; then no run waits and runId is null", async () => {
    const { emulator, inngest } = world();
    const waiting = emulator.runs.list({ functionId: "checkout" })[0]!;
    expect(await inngest.signals.send("approval-o_1", { approved: true })).toEqual({ runId: waiting.id });
    expect(await inngest.signals.send("approval-o_1", { approved: true })).toEqual({ runId: null });
    expect(await inngest.signals.send("nobody-waits")).toEqual({ runId: null });
  });
});
