import { describe, expect, test } from "vitest";
import { createInngestEmulator, type InngestEmulator } from "../../src/testing/index.js";

const SEED = { "x-inngest-event-id-seed": `1700000000000,${btoa("0123456789")}` };

const send = (emulator: InngestEmulator, init: RequestInit = {}) =>
  emulator.fetch(
    new Request("https://inn.gs/e/secret-key", {
      method: "POST",
      headers: SEED,
      body: JSON.stringify([{ name: "a/one" }, { name: "a/two" }]),
      ...init,
    }),
  );

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("status faults", () => {
  test("failNext answers the fault the given number of times, then handles requests again", async () => {
    const emulator = createInngestEmulator();
    emulator.failNext(2, { status: 503 });
    expect((await send(emulator)).status).toBe(503);
    expect((await send(emulator)).status).toBe(503);
    expect((await send(emulator)).status).toBe(200);
    expect(emulator.events).toHaveLength(2);
    expect(emulator.requests.map((r) => [r.status, r.fault])).toEqual([
      [503, "status"],
      [503, "status"],
      [200, undefined],
    ]);
  });

  test("a fault without a body answers each API's own error shape; retryAfter sets Retry-After", async () => {
    const emulator = createInngestEmulator();
    emulator.fail({ status: 429, retryAfter: 2 });
    const event = await send(emulator);
    expect(event.headers.get("retry-after")).toBe("2");
    expect(await event.json()).toMatchObject({ ids: [], status: 429, error: expect.any(String) });
    const v1 = await emulator.fetch("https://api.inngest.com/v1/runs/01HE8AM9DPK9N37V1RKY1DNQF5");
    expect(await v1.json()).toMatchObject({ data: null, status: 429 });
    const v2 = await emulator.fetch("https://api.inngest.com/v2/runs");
    expect(await v2.json()).toMatchObject({ errors: [{ code: "rate_limited" }] });
    expect(emulator.events).toHaveLength(0);
  });

  test("body and headers can be given, and match targets some routes only", async () => {
    const emulator = createInngestEmulator();
    emulator.fail({ status: 502, body: "<html>Bad gateway</html>", headers: { "x-edge": "1" }, match: { method: "GET", path: /^\/v2\// } });
    const v2 = await emulator.fetch("https://api.inngest.com/v2/apps");
    expect(v2.status).toBe(502);
    expect(v2.headers.get("x-edge")).toBe("1");
    expect(await v2.text()).toBe("<html>Bad gateway</html>");
    expect((await send(emulator)).status).toBe(200);
    // Not matched by the fault (POST), so the gateway answers: another method on a known path is its 501.
    expect((await emulator.fetch("https://api.inngest.com/v2/runs", { method: "POST" })).status).toBe(501);
    emulator.clearFaults();
    expect((await emulator.fetch("https://api.inngest.com/v2/apps")).status).toBe(200);
  });

  test("queued faults go first and are consumed only by the requests they match", async () => {
    const emulator = createInngestEmulator();
    emulator.fail({ status: 500 });
    emulator.failNext(1, { status: 418, match: { path: "/v1/" } });
    expect((await emulator.fetch("https://api.inngest.com/v2/apps")).status).toBe(500);
    expect((await emulator.fetch("https://api.inngest.com/v1/runs/x")).status).toBe(418);
    expect((await emulator.fetch("https://api.inngest.com/v1/runs/x")).status).toBe(500);
  });

  test("rejects faults that no Response could carry", () => {
    const emulator = createInngestEmulator();
    expect(() => emulator.fail({ status: 99 })).toThrow(RangeError);
    expect(() => emulator.failNext(0, { status: 500 })).toThrow(RangeError);
  });
});

describe("connection resets", () => {
  test("reset rejects like undici (TypeError, cause ECONNRESET) and stores nothing", async () => {
    const emulator = createInngestEmulator();
    emulator.failNext(1, { reset: true });
    const error = await rejection(send(emulator));
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: "fetch failed", cause: { message: "socket hang up", code: "ECONNRESET" } });
    expect(emulator.events).toHaveLength(0);
    expect(emulator.requests[0]).toMatchObject({ status: null, outcome: "reset", fault: "reset" });
  });

  test("reset after store keeps the events; the retry with the same seed gets the same ids and no duplicates", async () => {
    const emulator = createInngestEmulator();
    emulator.failNext(1, { reset: true, afterStore: true });
    await expect(send(emulator)).rejects.toThrow("fetch failed");
    expect(emulator.events).toHaveLength(2);
    const ids = emulator.events.map((e) => e.id);
    const retry = (await (await send(emulator)).json()) as { ids: string[] };
    expect(retry.ids).toEqual(ids);
    expect(emulator.events).toHaveLength(2);
  });

  test("a reset after a v1 cancel leaves the run cancelled", async () => {
    const emulator = createInngestEmulator();
    const run = emulator.runs.list({ status: "RUNNING" })[0]!;
    emulator.failNext(1, { reset: true, afterStore: true, match: { method: "DELETE" } });
    await expect(emulator.fetch(`https://api.inngest.com/v1/runs/${run.id}`, { method: "DELETE" })).rejects.toThrow(TypeError);
    expect(emulator.runs.get(run.id)?.status).toBe("CANCELLED");
  });
});

describe("delays and aborts", () => {
  test("a delay fault answers normally afterwards", async () => {
    const emulator = createInngestEmulator();
    emulator.failNext(1, { delayMs: 60 });
    const started = performance.now();
    expect((await send(emulator)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
    expect(emulator.requests[0]).toMatchObject({ status: 200, fault: "delay" });
  });

  test("aborting during a delay rejects with the signal's reason (an AbortError) and stores nothing", async () => {
    const emulator = createInngestEmulator();
    emulator.failNext(1, { delayMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(send(emulator, { signal: controller.signal }));
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
    expect(emulator.events).toHaveLength(0);
    expect(emulator.requests[0]).toMatchObject({ status: null, outcome: "aborted" });
  });

  test("an already aborted signal (on init or on the Request) rejects at once with its reason", async () => {
    const emulator = createInngestEmulator();
    const reason = new DOMException("The operation timed out.", "TimeoutError");
    await expect(emulator.fetch("https://api.inngest.com/v2/apps", { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    const request = new Request("https://api.inngest.com/v2/apps", { signal: AbortSignal.abort() });
    await expect(emulator.fetch(request)).rejects.toMatchObject({ name: "AbortError" });
  });

  test("latencyMs delays every request", async () => {
    const emulator = createInngestEmulator({ latencyMs: 30 });
    const started = performance.now();
    await emulator.fetch("https://api.inngest.com/v2/apps");
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});

describe("chaos", () => {
  async function outcomes(emulator: InngestEmulator, count: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      try {
        out.push(String((await emulator.fetch("https://api.inngest.com/v2/apps")).status));
      } catch {
        out.push("reset");
      }
    }
    return out;
  }

  test("fails about `rate` of requests, with the chosen kinds, the same way for the same seed", async () => {
    const a = createInngestEmulator({ chaos: { rate: 0.3, seed: 42 } });
    const b = createInngestEmulator();
    b.chaos({ rate: 0.3, seed: 42 });
    const first = await outcomes(a, 200);
    expect(await outcomes(b, 200)).toEqual(first);
    const failed = first.filter((o) => o !== "200");
    expect(failed.length).toBeGreaterThan(35);
    expect(failed.length).toBeLessThan(85);
    expect(new Set(failed)).toEqual(new Set(["500", "502", "503", "504", "429", "reset"]));
    expect(a.requests.filter((r) => r.fault === "chaos")).toHaveLength(failed.length);
  });

  test("429s from chaos carry Retry-After: 0; chaos(false) turns it off", async () => {
    const emulator = createInngestEmulator();
    emulator.chaos({ rate: 1, kinds: ["429"] });
    const res = await emulator.fetch("https://api.inngest.com/v2/apps");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("0");
    emulator.chaos(false);
    expect((await emulator.fetch("https://api.inngest.com/v2/apps")).status).toBe(200);
  });

  test("reset-after-store chaos under a retrying sender still stores every event once", async () => {
    const emulator = createInngestEmulator({ chaos: { rate: 0.5, seed: 7, kinds: ["reset-after-store", "5xx", "429"] } });
    for (let chunk = 0; chunk < 20; chunk++) {
      const headers = { "x-inngest-event-id-seed": `${1_700_000_000_000 + chunk},${btoa("abcdefghij")}` };
      const body = JSON.stringify(Array.from({ length: 5 }, (_, i) => ({ name: "soak/item", data: { chunk, i } })));
      for (let attempt = 0; ; attempt++) {
        const res = await emulator.fetch("https://inn.gs/e/k", { method: "POST", headers, body }).catch(() => undefined);
        if (res?.status === 200) break;
        if (attempt > 50) throw new Error("never succeeded");
      }
    }
    expect(emulator.events).toHaveLength(100);
    expect(new Set(emulator.events.map((e) => `${String(e.data["chunk"])}/${String(e.data["i"])}`)).size).toBe(100);
  });
});

describe("reset()", () => {
  test("clears events, requests and faults, and restores the seeded world", async () => {
    const emulator = createInngestEmulator();
    const run = emulator.runs.list({ status: "RUNNING" })[0]!;
    await emulator.fetch(`https://api.inngest.com/v1/runs/${run.id}`, { method: "DELETE" });
    await send(emulator);
    emulator.fail({ status: 500 });
    emulator.reset();
    expect(emulator.events).toHaveLength(0);
    expect(emulator.requests).toHaveLength(0);
    expect(emulator.runs.get(run.id)?.status).toBe("RUNNING");
    expect((await send(emulator)).status).toBe(200);
    expect(emulator.requests[0]?.path).toBe("/e/***");
  });
});
