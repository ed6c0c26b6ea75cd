import { getEventListeners, setMaxListeners } from "node:events";
import { describe, expect, test } from "vitest";
import { createInngestClient } from "../src/index.js";
import { acceptAll, json, wire } from "./helpers/wire.js";

const run = { data: { id: "01HRUN", status: "RUNNING" } };
const unavailable = () => json({ error: "unavailable", status: 503 }, 503);

// A caller that shares one AbortSignal across a server's lifetime must not leak a listener per
// call: each attempt and each backoff sleep removes what it added.
test("10,000 calls with one long-lived signal leave no listener on it", async () => {
  const controller = new AbortController();
  const { signal } = controller;
  setMaxListeners(200, signal); // 100 calls in flight at once each hold one, as they should
  let live = 0;
  let most = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  const listeners = new Set<unknown>();
  signal.addEventListener = ((type: string, fn: EventListener, opts?: AddEventListenerOptions) => {
    if (type === "abort" && !listeners.has(fn)) {
      listeners.add(fn);
      most = Math.max(most, ++live);
    }
    add(type, fn, opts);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((type: string, fn: EventListener, opts?: EventListenerOptions) => {
    if (type === "abort" && listeners.delete(fn)) live--;
    remove(type, fn, opts);
  }) as typeof signal.removeEventListener;

  // Every 10th call fails once (a backoff sleep holds a listener too); every 50th is refused for
  // good. A lean fetch (no body reading), since this test is about the 10,000 calls.
  const seen = new Set<number>();
  let requests = 0;
  const fetch = (async (input: Request | string) => {
    requests++;
    const call = Number(new URL(typeof input === "string" ? input : input.url).pathname.split("/")[3]);
    if (call % 50 === 0) return json({ error: "Invalid run ID", status: 400 }, 400);
    if (call % 10 === 0 && !seen.has(call)) {
      seen.add(call);
      return unavailable();
    }
    return json(run);
  }) as unknown as typeof globalThis.fetch;
  const inngest = createInngestClient({ signingKey: "signkey-prod-0123456789abcdef", fetch, retryBaseDelay: 0 });
  let failed = 0;
  for (let batch = 0; batch < 100; batch++) {
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        inngest.runs.get(String(batch * 100 + i + 1), { signal }).catch(() => {
          failed++;
        }),
      ),
    );
  }
  expect(failed).toBe(200);
  expect(requests).toBe(10_000 + 800);
  expect(most).toBeGreaterThan(0);
  expect(live).toBe(0);
  expect(getEventListeners(signal, "abort")).toHaveLength(0);
});

test("chunked sends sharing one signal leave no listener on it either", async () => {
  const { signal } = new AbortController();
  setMaxListeners(50, signal);
  let n = 0;
  const fetch = (async (input: Request | string, init?: RequestInit) => {
    const events = (await new Request(input, init).json()) as unknown[];
    // Every 7th POST fails once, so backoff sleeps are part of the mix.
    if (++n % 7 === 0) return unavailable();
    return json({ ids: events.map((_, i) => `id-${i}`), status: 200 });
  }) as unknown as typeof globalThis.fetch;
  const inngest = createInngestClient({ eventKey: "k", fetch, retryBaseDelay: 0, batchSize: 2 });
  const events = Array.from({ length: 6 }, () => ({ name: "app/x" }));
  for (let i = 0; i < 300; i++) await inngest.events.send(events, { signal });
  expect(n).toBeGreaterThan(900);
  expect(getEventListeners(signal, "abort")).toHaveLength(0);
});

describe("an abort while a stream's source is slow to yield", () => {
  test("rejects at once with an AbortError instead of waiting for the source", async () => {
    const { fetch } = wire(acceptAll);
    async function* stuck() {
      yield { name: "app/x" };
      await new Promise(() => {}); // a source that never yields again
    }
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const err = await createInngestClient({ fetch, eventKey: "k" })
      .events.send(stuck(), { signal: controller.signal, batchSize: 10 })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((err as Error).name).toBe("AbortError");
  });
});
