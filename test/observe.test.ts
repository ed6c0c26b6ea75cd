import { describe, expect, test } from "vitest";
import { createInngestClient, type RequestEvent } from "../src/index.js";
import { acceptAll, caught, hang, json, wire } from "./helpers/wire.js";

const eventKey = "test-event-key-0f9e8d7c";
const signingKey = "signkey-prod-0123456789abcdef";
const signingKeyFallback = "signkey-prod-fedcba9876543210";
// The hashed forms the SDK sends (sha256 of the hex-decoded key), computed as the official SDK does.
const secretsIn = (events: RequestEvent[]) => {
  const text = JSON.stringify(events);
  return [eventKey, signingKey, signingKeyFallback, "0123456789abcdef", "fedcba9876543210"].filter((s) => text.includes(s));
};

const observed = (fetch: typeof globalThis.fetch, options: Parameters<typeof createInngestClient>[0] = {}) => {
  const events: RequestEvent[] = [];
  const inngest = createInngestClient({ eventKey, signingKey, fetch, retryBaseDelay: 1, observe: (e) => events.push(e), ...options });
  return { inngest, events };
};

describe("the observe option sees every attempt", () => {
  test("a send retried twice: each attempt's request and answer, and each retry with its delay and reason", async () => {
    const { fetch } = wire((req, n, signal) => (n < 3 ? json({ error: "unavailable", status: 503 }, 503) : acceptAll(req, n, signal)));
    const { inngest, events } = observed(fetch);
    await inngest.events.send({ name: "app/x" });

    expect(events.map((e) => [e.type, e.attempt])).toEqual([
      ["request", 1],
      ["response", 1],
      ["retry", 2],
      ["request", 2],
      ["response", 2],
      ["retry", 3],
      ["request", 3],
      ["response", 3],
    ]);
    expect(events.map((e) => (e.type === "response" ? e.status : undefined)).filter(Boolean)).toEqual([503, 503, 200]);
    for (const e of events) expect(e).toMatchObject({ method: "POST", path: "/e/***" });
    const retries = events.filter((e) => e.type === "retry");
    for (const r of retries) expect(r).toMatchObject({ reason: "status 503", delayMs: expect.any(Number) });
    expect(secretsIn(events)).toEqual([]);
  });

  test("a server's Retry-After is the delay the retry event reports", async () => {
    const { fetch } = wire((req, n, signal) => (n === 1 ? json({ errors: [{ code: "rate_limited", message: "slow" }] }, 429, { "Retry-After": "0.05" }) : acceptAll(req, n, signal)));
    const { inngest, events } = observed(fetch);
    await inngest.events.send({ name: "app/x" });
    expect(events.find((e) => e.type === "retry")).toMatchObject({ reason: "status 429", delayMs: 50 });
  });

  test("the retry with the fallback key is reported, and no key, raw or hashed, is in any event", async () => {
    const { fetch, requests } = wire((_req, n) => (n === 1 ? json({ error: "nope", status: 401 }, 401) : json({ data: [], page: { hasMore: false } })));
    const { inngest, events } = observed(fetch, { signingKeyFallback });
    await inngest.apps.list();
    expect(requests).toHaveLength(2);
    expect(events.map((e) => e.type)).toEqual(["request", "response", "retry", "request", "response"]);
    expect(events[2]).toMatchObject({ attempt: 2, reason: expect.stringContaining("signingKeyFallback") });
    expect(events.every((e) => e.path === "/v2/apps")).toBe(true);
    // The hashed keys went over the wire; none of them reached the observer.
    const sent = requests.map((r) => r.headers.authorization!.replace("Bearer ", ""));
    expect(sent.filter((k) => JSON.stringify(events).includes(k))).toEqual([]);
    expect(secretsIn(events)).toEqual([]);
  });

  test("an attempt without an answer is an error event: its reason, and a message with the key removed", async () => {
    // nock-style: a fetch whose failure quotes the URL, event key included.
    const fetch = (async (input: string | URL | Request) => {
      throw new TypeError(`request to ${String(input instanceof Request ? input.url : input)} failed`);
    }) as typeof globalThis.fetch;
    const { inngest, events } = observed(fetch, { maxRetries: 1 });
    await caught(inngest.events.send({ name: "app/x" }));
    const errors = events.filter((e) => e.type === "error");
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ reason: "network", attempt: 1, message: expect.stringContaining("/e/***") });
    expect(events.find((e) => e.type === "retry")).toMatchObject({ reason: "network" });
    expect(secretsIn(events)).toEqual([]);
  });

  test("a timed-out attempt is an error event with reason timeout", async () => {
    const { fetch } = wire((_r, _n, signal) => hang(signal));
    const { inngest, events } = observed(fetch, { timeout: 20, maxRetries: 0 });
    await caught(inngest.runs.jobs("01HRUN"));
    expect(events.map((e) => e.type)).toEqual(["request", "error"]);
    expect(events[1]).toMatchObject({ reason: "timeout", method: "GET", path: "/v1/runs/01HRUN/jobs" });
  });

  test("an observer that throws changes nothing about the call", async () => {
    const { fetch } = wire(acceptAll);
    const inngest = createInngestClient({
      eventKey,
      fetch,
      observe: () => {
        throw new Error("logger down");
      },
    });
    expect((await inngest.events.send({ name: "app/x" })).ids).toHaveLength(1);
  });
});
