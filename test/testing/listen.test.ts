import { afterEach, describe, expect, test } from "vitest";
import { createInngestEmulator, type EmulatorServer } from "../../src/testing/index.js";

let server: EmulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("listen() (Node)", () => {
  test("serves the same API over real HTTP to the global fetch", async () => {
    const emulator = createInngestEmulator({ signingKey: "signkey-test-12345678" });
    server = await emulator.listen();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const sent = await fetch(`${server.url}/e/key`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ name: "shop/order.placed", data: { orderId: "o_1" } }]),
    });
    expect(sent.status).toBe(200);
    expect(sent.headers.get("x-inngest-server-kind")).toBe("dev");
    const { ids } = (await sent.json()) as { ids: string[] };
    expect(emulator.events.map((e) => e.id)).toEqual(ids);

    const denied = await fetch(`${server.url}/v1/runs/${ids[0]}`);
    expect(denied.status).toBe(401);
    expect(await denied.text()).toBe("Authentication failed\n");

    const runs = await fetch(`${server.url}/api/v2/runs?limit=2`, { headers: { authorization: "Bearer signkey-test-12345678" } });
    expect(runs.status).toBe(200);
    expect(((await runs.json()) as { data: unknown[] }).data).toHaveLength(2);
  });

  test("a reset fault destroys the socket, so the client's fetch fails", async () => {
    const emulator = createInngestEmulator();
    server = await emulator.listen(0);
    emulator.failNext(1, { reset: true, afterStore: true });
    await expect(fetch(`${server.url}/e/key`, { method: "POST", body: '{"name":"a/b"}' })).rejects.toThrow(TypeError);
    expect(emulator.events).toHaveLength(1);
    expect((await fetch(`${server.url}/v2/apps`)).status).toBe(200);
  });

  test("a client that gives up during a delay aborts the emulator's wait", async () => {
    const emulator = createInngestEmulator();
    server = await emulator.listen();
    emulator.failNext(1, { delayMs: 10_000 });
    await expect(fetch(`${server.url}/v2/apps`, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    // The socket close reaches the server on its own schedule: give a loaded machine time.
    await expect.poll(() => emulator.requests[0]?.outcome, { timeout: 5_000 }).toBe("aborted");
  });
});
