import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  createInngestClient,
  InternalServerError,
  NotFoundError,
  PartialSendError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
} from "../src/index.js";
import { acceptAll, caught, type Handler, hang, json, networkFailure, wire } from "./helpers/wire.js";

const eventKey = "test-event-key";
const signingKey = "signkey-prod-0123456789abcdef";
const signingKeyFallback = "signkey-prod-fedcba9876543210";
const hashed = (key: string) => {
  const [, prefix, hex] = /^(signkey-\w+-)(.*)$/.exec(key)!;
  return prefix + createHash("sha256").update(Buffer.from(hex!, "hex")).digest("hex");
};

const run = { data: { id: "01HRUN", status: "RUNNING" } };
const v2Page = { data: [], page: { hasMore: false } };
const unavailable = () => json({ error: "unavailable", status: 503 }, 503);

/** Answers with `faults` in order, then with `then`. */
const sequence =
  (faults: (() => Response | never)[], then: Handler): Handler =>
  (req, n, signal) =>
    n <= faults.length ? faults[n - 1]!() : then(req, n, signal);

const client = (fetch: typeof globalThis.fetch, options: Parameters<typeof createInngestClient>[0] = {}) =>
  createInngestClient({ eventKey, signingKey, fetch, retryBaseDelay: 1, ...options });

describe("event POSTs are retried without duplicates", () => {
  test("two 503s then 200: three attempts, one seed, and the ids of the third", async () => {
    const { fetch, requests } = wire(sequence([unavailable, unavailable], acceptAll));
    const { ids } = await client(fetch).events.send({ name: "app/x" });
    expect(requests).toHaveLength(3);
    const seeds = new Set(requests.map((r) => r.headers["x-inngest-event-id-seed"]));
    expect(seeds.size).toBe(1);
    expect(requests.every((r) => r.text === requests[0]!.text)).toBe(true);
    expect(ids).toEqual([`${[...seeds][0]}#0`]);
  });

  test("a reset connection is retried with the same seed", async () => {
    const { fetch, requests } = wire(
      sequence(
        [
          () => {
            throw networkFailure();
          },
        ],
        acceptAll,
      ),
    );
    await client(fetch).events.send({ name: "app/x" });
    expect(requests).toHaveLength(2);
    expect(requests[0]!.headers["x-inngest-event-id-seed"]).toBe(requests[1]!.headers["x-inngest-event-id-seed"]);
  });

  test("408 is retried", async () => {
    const { fetch, requests } = wire(sequence([() => new Response("timeout", { status: 408 })], acceptAll));
    await client(fetch).events.send({ name: "app/x" });
    expect(requests).toHaveLength(2);
  });

  test("5xx on every attempt: maxRetries + 1 attempts, then an InternalServerError saying how many", async () => {
    const { fetch, requests } = wire(unavailable);
    const err = await caught(client(fetch, { maxRetries: 3 }).events.send({ name: "app/x" }));
    expect(err).toBeInstanceOf(InternalServerError);
    expect((err as InternalServerError).attempts).toBe(4);
    expect(requests).toHaveLength(4);
  });

  test("the default is 2 retries, and a call can override it", async () => {
    const { fetch, requests } = wire(unavailable);
    const inngest = client(fetch);
    await caught(inngest.events.send({ name: "app/x" }));
    expect(requests).toHaveLength(3);
    requests.length = 0;
    await caught(inngest.events.send({ name: "app/x" }, { maxRetries: 0 }));
    expect(requests).toHaveLength(1);
    requests.length = 0;
    await caught(inngest.runs.get("01HRUN", { maxRetries: 1 }));
    expect(requests).toHaveLength(2);
  });
});

describe("what is never retried", () => {
  test.each([400, 401, 403, 404, 409, 413, 422, 501])("%i: one attempt", async (status) => {
    const { fetch, requests } = wire(() => json({ ids: [], status, error: "no" }, status));
    await caught(client(fetch, { maxRetries: 5 }).events.send({ name: "app/x" }));
    expect(requests).toHaveLength(1);
  });

  test("400 on a REST read: one attempt", async () => {
    const { fetch, requests } = wire(() => json({ error: "Invalid run ID", status: 400 }, 400));
    expect(await caught(client(fetch).runs.get("x"))).toBeInstanceOf(BadRequestError);
    expect(requests).toHaveLength(1);
  });
});

describe("Retry-After", () => {
  test("429 with Retry-After: 1 waits about a second, then succeeds", async () => {
    const { fetch, requests } = wire(sequence([() => json({ ids: [], status: 429, error: "rate limited" }, 429, { "retry-after": "1" })], acceptAll));
    const started = Date.now();
    await client(fetch).events.send({ name: "app/x" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(requests).toHaveLength(2);
  });

  test("429 with Retry-After: 120 throws a RateLimitError at once, with retryAfterMs, after one attempt", async () => {
    const { fetch, requests } = wire(() => json({ errors: [{ code: "rate_limited", message: "slow down" }] }, 429, { "retry-after": "120" }));
    const started = Date.now();
    const err = (await caught(client(fetch).runs.list())) as RateLimitError;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfterMs).toBe(120_000);
    expect(err.attempts).toBe(1);
    expect(requests).toHaveLength(1);
  });

  test("Retry-After as an HTTP date is read too", async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    const { fetch, requests } = wire(() => json({ ids: [], status: 429, error: "x" }, 429, { "retry-after": at }));
    const err = (await caught(client(fetch).events.send({ name: "app/x" }))) as RateLimitError;
    expect(err.retryAfterMs).toBeGreaterThan(115_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(120_000);
    expect(requests).toHaveLength(1);
  });

  test("X-RateLimit-Reset (epoch seconds) far ahead throws at once with the wait", async () => {
    const reset = Math.floor(Date.now() / 1000) + 300;
    const { fetch, requests } = wire(() => json({ errors: [{ code: "rate_limited", message: "x" }] }, 429, { "x-ratelimit-reset": String(reset) }));
    const err = (await caught(client(fetch).apps.list())) as RateLimitError;
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfterMs).toBeGreaterThan(295_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(300_000);
    expect(requests).toHaveLength(1);
  });

  test("X-RateLimit-Reset that has already passed is retried", async () => {
    const reset = Math.floor(Date.now() / 1000) - 5;
    const { fetch, requests } = wire(sequence([() => json({ errors: [] }, 429, { "x-ratelimit-reset": String(reset) })], () => json(v2Page)));
    await client(fetch).apps.list();
    expect(requests).toHaveLength(2);
  });

  test("maxRetryAfter raises the cap: a 2 s wait is then slept rather than thrown", async () => {
    const { fetch, requests } = wire(sequence([() => json({ ids: [], status: 429, error: "x" }, 429, { "retry-after": "2" })], acceptAll));
    const err = await caught(client(fetch, { maxRetryAfter: 1_000 }).events.send({ name: "app/x" }));
    expect(err).toBeInstanceOf(RateLimitError);
    expect(requests).toHaveLength(1);
  });

  test("a 503 with a short Retry-After is retried after it", async () => {
    const { fetch, requests } = wire(sequence([() => json({ error: "x", status: 503 }, 503, { "retry-after": "0" })], () => json(run)));
    await client(fetch, { retryBaseDelay: 60_000 }).runs.get("01HRUN");
    expect(requests).toHaveLength(2);
  });

  test("when retries run out on 429, the RateLimitError still says how long to wait", async () => {
    const { fetch, requests } = wire(() => json({ ids: [], status: 429, error: "x" }, 429, { "retry-after": "0" }));
    const err = (await caught(client(fetch, { maxRetries: 1 }).events.send({ name: "app/x" }))) as RateLimitError;
    expect(err.retryAfterMs).toBe(0);
    expect(requests).toHaveLength(2);
  });
});

describe("REST calls", () => {
  test("runs.get, runs.list, runs.jobs, apps.list and runs.cancel are retried on 5xx", async () => {
    const calls = [
      ["get", (c: ReturnType<typeof client>) => c.runs.get("01HRUN"), run],
      ["list", (c: ReturnType<typeof client>) => c.runs.list(), v2Page],
      ["jobs", (c: ReturnType<typeof client>) => c.runs.jobs("01HRUN"), { data: [] }],
      ["apps", (c: ReturnType<typeof client>) => c.apps.list(), v2Page],
      ["cancel", (c: ReturnType<typeof client>) => c.runs.cancel("01HRUN"), null],
    ] as const;
    for (const [, call, ok] of calls) {
      const { fetch, requests } = wire(
        sequence([() => json({ error: "x", status: 502 }, 502), unavailable], () => (ok === null ? new Response(null, { status: 200 }) : json(ok))),
      );
      await call(client(fetch));
      expect(requests).toHaveLength(3);
    }
  });

  test("v1's 500 'Unable to load function run' (runs.jobs of a missing run) is a NotFoundError and is not retried", async () => {
    const { fetch, requests } = wire(() => json({ error: "Unable to load function run: 01HNOPE", data: null, status: 500 }, 500));
    const err = (await caught(client(fetch).runs.jobs("01HNOPE"))) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.status).toBe(500);
    expect(requests).toHaveLength(1);
  });
});

describe("runs.replay is not idempotent", () => {
  test("a 500 is not retried: one attempt", async () => {
    const { fetch, requests } = wire(() => json({ errors: [{ code: "internal", message: "boom" }] }, 500));
    expect(await caught(client(fetch).runs.replay("01HRUN"))).toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(1);
  });

  test("a timeout is not retried: one attempt", async () => {
    const { fetch, requests } = wire((_r, _n, signal) => hang(signal));
    expect(await caught(client(fetch, { timeout: 20 }).runs.replay("01HRUN"))).toBeInstanceOf(TimeoutError);
    expect(requests).toHaveLength(1);
  });

  test("a reset connection is not retried: one attempt", async () => {
    const { fetch, requests } = wire(() => {
      throw networkFailure("ECONNRESET");
    });
    expect(await caught(client(fetch).runs.replay("01HRUN"))).toBeInstanceOf(ConnectionError);
    expect(requests).toHaveLength(1);
  });

  test("a 429 is retried (the server did not act)", async () => {
    const { fetch, requests } = wire(sequence([() => json({ errors: [{ code: "rate_limited", message: "x" }] }, 429)], () => json({ data: { runId: "01HNEW" } })));
    await expect(client(fetch).runs.replay("01HRUN")).resolves.toEqual({ runId: "01HNEW" });
    expect(requests).toHaveLength(2);
  });

  test("a refused connection is retried (the request never reached the server)", async () => {
    const { fetch, requests } = wire(
      sequence(
        [
          () => {
            throw networkFailure("ECONNREFUSED");
          },
        ],
        () => json({ data: { runId: "01HNEW" } }),
      ),
    );
    await expect(client(fetch).runs.replay("01HRUN")).resolves.toEqual({ runId: "01HNEW" });
    expect(requests).toHaveLength(2);
  });
});

describe("key rotation", () => {
  test.each([401, 403])("a %i with signingKeyFallback set is retried once with the hashed fallback", async (status) => {
    const { fetch, requests } = wire(sequence([() => new Response("Authentication failed\n", { status })], () => json(run)));
    await client(fetch, { signingKeyFallback }).runs.get("01HRUN");
    expect(requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${hashed(signingKey)}`, `Bearer ${hashed(signingKeyFallback)}`]);
  });

  test("when the fallback is refused too, the call fails after exactly two attempts", async () => {
    const { fetch, requests } = wire(() => new Response("Authentication failed\n", { status: 401 }));
    expect(await caught(client(fetch, { signingKeyFallback }).runs.list())).toBeInstanceOf(AuthenticationError);
    expect(requests).toHaveLength(2);
  });

  test("the error's attempts counts every HTTP request, the fallback key's included", async () => {
    const refused = wire(() => new Response("Authentication failed\n", { status: 401 }));
    const err = (await caught(client(refused.fetch, { signingKeyFallback }).runs.get("01HRUN"))) as AuthenticationError;
    expect(err.attempts).toBe(2);
    expect(refused.requests).toHaveLength(2);

    // Refused, then the fallback meets three 503s (the retry budget is still maxRetries: 2).
    const flaky = wire(sequence([() => new Response("no", { status: 401 })], unavailable));
    const failed = (await caught(client(flaky.fetch, { signingKeyFallback }).runs.get("01HRUN"))) as InternalServerError;
    expect(flaky.requests).toHaveLength(4);
    expect(failed.attempts).toBe(4);
  });

  test("without a fallback a 403 is final after one attempt", async () => {
    const { fetch, requests } = wire(() => json({ errors: [{ code: "forbidden", message: "no" }] }, 403));
    expect(await caught(client(fetch).runs.get("01HRUN"))).toBeInstanceOf(PermissionDeniedError);
    expect(requests).toHaveLength(1);
  });

  test("the fallback is for the REST API only: an Event API 401 is not retried", async () => {
    const { fetch, requests } = wire(() => json({ status: 401, message: "", error: "Event key not found" }, 401));
    expect(await caught(client(fetch, { signingKeyFallback }).events.send({ name: "app/x" }))).toBeInstanceOf(AuthenticationError);
    expect(requests).toHaveLength(1);
  });

  test("after the fallback succeeds, a 5xx is still retried as usual (with the fallback)", async () => {
    const { fetch, requests } = wire(sequence([() => new Response("no", { status: 401 }), unavailable], () => json(run)));
    await client(fetch, { signingKeyFallback }).runs.get("01HRUN");
    expect(requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${hashed(signingKey)}`,
      `Bearer ${hashed(signingKeyFallback)}`,
      `Bearer ${hashed(signingKeyFallback)}`,
    ]);
  });
});

describe("timeouts", () => {
  test("an attempt that stalls ends with a TimeoutError after each attempt's timeout, and is retried", async () => {
    const { fetch, requests } = wire((_r, _n, signal) => hang(signal));
    const started = Date.now();
    const err = (await caught(client(fetch, { timeout: 50, maxRetries: 1 }).runs.get("01HRUN"))) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.attempts).toBe(2);
    expect(requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  test("a timed-out attempt followed by an answer succeeds", async () => {
    const { fetch, requests } = wire((req, n, signal) => (n === 1 ? hang(signal) : acceptAll(req, n, signal)));
    const { ids } = await client(fetch, { timeout: 30 }).events.send({ name: "app/x" });
    expect(ids).toHaveLength(1);
    expect(requests[0]!.headers["x-inngest-event-id-seed"]).toBe(requests[1]!.headers["x-inngest-event-id-seed"]);
  });

  test("a body that stalls after the headers is a timeout too", async () => {
    const { fetch } = wire(
      (_r, _n, signal) =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"data":'));
              signal.addEventListener("abort", () => controller.error(signal.reason), { once: true });
            },
          }),
          { status: 200, headers: { "content-type": "application/json" } },
        ),
    );
    expect(await caught(client(fetch, { timeout: 40, maxRetries: 0 }).runs.get("01HRUN"))).toBeInstanceOf(TimeoutError);
  });

  // An answer whose headers arrive but whose body sends `prefix` and then nothing, until the attempt is aborted.
  const stalledBody = (signal: AbortSignal, prefix: string) =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(prefix));
          signal.addEventListener("abort", () => controller.error(signal.reason), { once: true });
        },
      }),
      { status: 200, headers: { "content-type": "application/json" } },
    );

  test("a page of runs whose body stalls is that attempt's timeout, and the next attempt's page is returned", async () => {
    const { fetch, requests } = wire((_r, n, signal) => (n === 1 ? stalledBody(signal, '{"data":[') : json({ data: [{ id: "r1", status: "COMPLETED" }], page: { hasMore: false } })));
    const started = Date.now();
    const page = await client(fetch, { timeout: 50, maxRetries: 1 }).runs.list();
    expect(page.data.map((r) => r.id)).toEqual(["r1"]);
    expect(requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  test("an event POST whose body stalls is retried with the same seed, and counts both attempts when it stalls again", async () => {
    const { fetch, requests } = wire((_r, _n, signal) => stalledBody(signal, '{"ids":['));
    const err = (await caught(client(fetch, { timeout: 40, maxRetries: 1 }).events.send({ name: "app/x" }))) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.attempts).toBe(2);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.headers["x-inngest-event-id-seed"]).toBe(requests[1]!.headers["x-inngest-event-id-seed"]);
  });

  test("one attempt's timeout covers its headers and its body together", async () => {
    // Headers after 70 ms and the rest of the body 70 ms later: each alone is within 100 ms, both are not.
    const { fetch } = wire(async (_r, _n, signal) => {
      await new Promise((resolve) => setTimeout(resolve, 70));
      const body = new ReadableStream({
        start(controller) {
          const timer = setTimeout(() => {
            controller.enqueue(new TextEncoder().encode(JSON.stringify({ data: [], page: { hasMore: false } })));
            controller.close();
          }, 70);
          signal.addEventListener("abort", () => (clearTimeout(timer), controller.error(signal.reason)), { once: true });
        },
      });
      return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
    });
    expect(await caught(client(fetch, { timeout: 100, maxRetries: 0 }).runs.list())).toBeInstanceOf(TimeoutError);
  });

  test("the per-call timeout overrides the client's", async () => {
    const { fetch } = wire((_r, _n, signal) => hang(signal));
    const started = Date.now();
    await caught(client(fetch, { timeout: 10_000, maxRetries: 0 }).runs.get("x", { timeout: 30 }));
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test("totalTimeout ends all attempts together, backoff included", async () => {
    const { fetch } = wire((_r, _n, signal) => hang(signal));
    const started = Date.now();
    const err = (await caught(client(fetch, { timeout: 5_000, totalTimeout: 150, maxRetries: 5 }).runs.get("01HRUN"))) as TimeoutError;
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toContain("totalTimeout of 150 ms");
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1_500);
  });

  test("totalTimeout stops retrying when the next backoff would pass it", async () => {
    const { fetch, requests } = wire(unavailable);
    const started = Date.now();
    const err = await caught(client(fetch, { retryBaseDelay: 1_000, totalTimeout: 300, maxRetries: 5 }).runs.get("01HRUN"));
    expect(err).toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(700);
  });
});

describe("cancellation", () => {
  test("an abort during the backoff sleep rejects at once with an AbortError", async () => {
    const controller = new AbortController();
    // Abort after the first answer, so the abort lands in the 10 s backoff sleep, not before the request.
    const { fetch, requests } = wire(() => {
      setTimeout(() => controller.abort(), 50);
      return unavailable();
    });
    const started = Date.now();
    const pending = caught(client(fetch, { retryBaseDelay: 10_000 }).events.send({ name: "app/x" }, { signal: controller.signal }));
    const err = await pending;
    expect(err).toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(requests).toHaveLength(1);
  });

  test("an abort during a request rejects at once with an AbortError, not a timeout or connection error", async () => {
    const controller = new AbortController();
    // Abort once the request is really on the wire (a fixed delay could fire before it gets there).
    const { fetch, requests } = wire((_r, _n, signal) => {
      setTimeout(() => controller.abort(), 5);
      return hang(signal);
    });
    const pending = caught(client(fetch).runs.list({}, { signal: controller.signal }));
    expect(await pending).toBeInstanceOf(AbortError);
    expect(requests).toHaveLength(1);
  });

  test("an already-aborted signal sends nothing", async () => {
    const { fetch, requests } = wire(acceptAll);
    const inngest = client(fetch);
    const signal = AbortSignal.abort();
    expect(await caught(inngest.events.send({ name: "app/x" }, { signal }))).toBeInstanceOf(AbortError);
    expect(await caught(inngest.runs.cancel("01HRUN", { signal }))).toBeInstanceOf(AbortError);
    expect(requests).toHaveLength(0);
  });
});

describe("a 503 that asks for a long wait", () => {
  test("is not slept: it throws InternalServerError at once, with the wait in retryAfterMs", async () => {
    const { fetch, requests } = wire(() => json({ errors: [{ code: "unavailable", message: "down" }] }, 503, { "retry-after": "90" }));
    const inngest = createInngestClient({ fetch, signingKey: "signkey-test-00", retryBaseDelay: 1 });
    const err = await inngest.runs.get("01HRUN").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect((err as InternalServerError).retryAfterMs).toBe(90_000);
    expect(requests).toHaveLength(1);
  });
});

describe("totalTimeout on events.send", () => {
  test("bounds the whole send, not each POST: chunks after the deadline are not sent and are reported", async () => {
    const { fetch, requests } = wire(async (req, n, signal) => {
      await new Promise((resolve, reject) => {
        const t = setTimeout(resolve, 300);
        signal.addEventListener("abort", () => (clearTimeout(t), reject(signal.reason)), { once: true });
      });
      return acceptAll(req, n, signal);
    });
    const events = Array.from({ length: 8 }, (_, i) => ({ name: "app/x", data: { i } }));
    const started = Date.now();
    const err = await caught(
      client(fetch, { retryBaseDelay: 1 }).events.send(events, { batchSize: 2, concurrency: 1, totalTimeout: 500 }),
    );
    expect(Date.now() - started).toBeLessThan(1_000); // four POSTs of 300 ms each would take 1.2 s
    expect(err).toBeInstanceOf(PartialSendError);
    const partial = err as PartialSendError;
    expect(partial.ids.slice(0, 2).every((id) => typeof id === "string")).toBe(true);
    expect(partial.failedIndexes).toEqual([2, 3, 4, 5, 6, 7]);
    expect(partial.errors[0]).toBeInstanceOf(TimeoutError);
    expect(requests.length).toBeLessThanOrEqual(2);
  });
});

describe("a client-level totalTimeout", () => {
  test("bounds events.send as a whole too, and chunks whose turn comes after it are not sent", async () => {
    const { fetch, requests } = wire(async (req, n, signal) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return acceptAll(req, n, signal);
    });
    const events = Array.from({ length: 10 }, (_, i) => ({ name: "app/x", data: { i } }));
    const started = Date.now();
    const err = (await caught(client(fetch, { totalTimeout: 300 }).events.send(events, { batchSize: 2, concurrency: 1 }))) as PartialSendError;
    expect(Date.now() - started).toBeLessThan(900);
    expect(err).toBeInstanceOf(PartialSendError);
    expect(requests.length).toBeLessThanOrEqual(3);
    expect(err.errors.some((e) => e instanceof TimeoutError)).toBe(true);
    expect(err.failedIndexes.length + err.ids.filter((id) => id !== null).length).toBe(10);
  });
});
