import { describe, expect, test } from "vitest";
import { createInngestClient, InternalServerError, NotFoundError, ValidationError } from "../src/index.js";
import { caught, json, networkFailure, wire, type Handler } from "./helpers/wire.js";

const signingKey = "signkey-prod-00112233445566778899aabbccddeeff";
const metadata = { fetched_at: "2026-12-01T09:00:00Z", cached_until: null };
const runId = "01JDW3ZK9Q6S6W7V8X9Y0Z1A2B";

function api(handler: Handler) {
  const w = wire(handler);
  return { ...w, signals: createInngestClient({ signingKey, fetch: w.fetch, retryBaseDelay: 1 }).signals };
}

describe("signals.send: POST /v1/signals", () => {
  test("sends { signal, data } and resolves the resumed run from the data envelope (the spec's bare run_id is stale)", async () => {
    const { signals, requests } = api(() => json({ data: { run_id: runId }, metadata }));
    expect(await signals.send("approval-o_1", { approved: true })).toEqual({ runId });
    expect(requests[0]!.method).toBe("POST");
    expect(requests[0]!.url.href).toBe("https://api.inngest.com/v1/signals");
    expect(requests[0]!.body).toEqual({ signal: "approval-o_1", data: { approved: true } });
  });

  test("without data, sends only the signal; any JSON value is data, null and false included", async () => {
    const { signals, requests } = api(() => json({ data: { run_id: runId }, metadata }));
    await signals.send("s");
    await signals.send("s", null);
    await signals.send("s", false);
    expect(requests.map((r) => r.text)).toEqual(['{"signal":"s"}', '{"signal":"s","data":null}', '{"signal":"s","data":false}']);
  });

  test('no run waiting (404 "No signal found") resolves runId null, as inngest-js reads it', async () => {
    const { signals, requests } = api(() => json({ error: "No signal found", data: null, status: 404 }, 404));
    expect(await signals.send("nobody-waits")).toEqual({ runId: null });
    expect(requests).toHaveLength(1);
  });

  test("any other 404 (a server without the route) is still a NotFoundError", async () => {
    const { signals } = api(() => new Response("404 page not found\n", { status: 404, headers: { "content-type": "text/plain" } }));
    expect(await caught(signals.send("s"))).toBeInstanceOf(NotFoundError);
  });

  test("not idempotent: a 500 is not retried (the signal may be consumed), a refused connection is", async () => {
    const failing = api(() => json({ error: "Failed to receive signal", data: null, status: 500 }, 500));
    expect(await caught(failing.signals.send("s"))).toBeInstanceOf(InternalServerError);
    expect(failing.requests).toHaveLength(1);

    const refused = api((_req, n) => {
      if (n === 1) throw networkFailure("ECONNREFUSED");
      return json({ data: { run_id: runId }, metadata });
    });
    expect(await refused.signals.send("s")).toEqual({ runId });
    expect(refused.requests).toHaveLength(2);
  });

  test.each([
    ["an empty signal", () => [""] as const],
    ["a signal that is not a string", () => [42] as const],
    ["data that is not JSON", () => ["s", { n: 1n }] as const],
  ])("%s is a ValidationError; nothing is sent", async (_name, args) => {
    const { signals, requests } = api(() => json({ data: { run_id: runId }, metadata }));
    const [signal, data] = args() as unknown as [string, unknown];
    expect(await caught(signals.send(signal, data))).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(0);
  });
});
