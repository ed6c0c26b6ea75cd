/**
 * The soak: many events through an Event API that fails 10 % of requests (5xx, 429, or a reset after
 * it has stored the chunk), and every event must be stored exactly once. Run with `npm run test:soak`
 * (CI runs it too); it is kept out of the default suite for its length, not because it may fail.
 */
import { describe, expect, it } from "vitest";
import { createInngestClient } from "../../src/index.js";
import { createInngestEmulator } from "../../src/testing/index.js";

async function* orders(count: number) {
  for (let i = 0; i < count; i++) yield { name: "soak/order.created", data: { i } };
}

function expectEachStoredOnce(stored: readonly { id: string; data: Readonly<Record<string, unknown>> }[], count: number, ids: string[]) {
  expect(stored.length).toBe(count);
  const seen = new Uint8Array(count);
  for (const event of stored) seen[event.data.i as number] = (seen[event.data.i as number] ?? 0) + 1;
  expect(seen.every((n) => n === 1)).toBe(true);
  expect(new Set(ids).size).toBe(count);
  // The ids the SDK returned are the ids the server stored, in input order.
  const byI = new Map(stored.map((e) => [e.data.i as number, e.id]));
  expect(ids.every((id, i) => byI.get(i) === id)).toBe(true);
}

describe("soak: exactly once through injected faults", () => {
  it("stores each of 100,000 streamed events exactly once while 10% of requests fail", async () => {
    const emulator = createInngestEmulator({
      chaos: { rate: 0.1, seed: 7, kinds: ["5xx", "429", "reset-after-store"], match: { path: "/e/" } },
    });
    const inngest = createInngestClient({
      fetch: emulator.fetch,
      eventKey: "soak-key",
      maxRetries: 8, // 10 % independent failures: a chunk failing 9 times in a row is a 1e-9 event
      retryBaseDelay: 1,
      retryMaxDelay: 5,
    });
    const { ids } = await inngest.events.send(orders(100_000));
    const faults = emulator.requests.filter((r) => r.fault !== undefined).length;
    expect(faults).toBeGreaterThanOrEqual(10); // the faults really happened (about 10 % of ~200 POSTs)
    expectEachStoredOnce(emulator.events, 100_000, ids);
  });

  it("stores each of 10,000 events exactly once over real HTTP, with sockets reset after storing", async () => {
    const emulator = createInngestEmulator({
      chaos: { rate: 0.1, seed: 11, kinds: ["5xx", "429", "reset-after-store"], match: { path: "/e/" } },
    });
    const server = await emulator.listen(0);
    try {
      const inngest = createInngestClient({
        eventBaseUrl: server.url,
        eventKey: "soak-key",
        batchSize: 100,
        maxRetries: 8,
        retryBaseDelay: 1,
        retryMaxDelay: 5,
      });
      const events = Array.from({ length: 10_000 }, (_, i) => ({ name: "soak/order.created", data: { i } }));
      const { ids } = await inngest.events.send(events);
      expect(emulator.requests.filter((r) => r.fault !== undefined).length).toBeGreaterThan(3);
      expectEachStoredOnce(emulator.events, 10_000, ids);
    } finally {
      await server.close();
    }
  });
});
