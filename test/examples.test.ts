// Runs each example in examples/ against the emulator, and checks both what the example answered and
// what the emulator received. The examples import "inngest-rest" as users do; vitest resolves that
// package self-reference to dist/ (built by `npm test`'s pretest), so this file imports the same.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test, vi } from "vitest";
import { type AnyEvents, createInngestClient, type EventMap, type InngestClientOptions } from "inngest-rest";
import { createInngestEmulator, type EmulatorOptions, type EmulatorRunSeed, type InngestEmulator } from "inngest-rest/testing";
import worker, { createWorker, type ExecutionContext } from "../examples/cloudflare-worker.js";
import { readLines, sendLines } from "../examples/deno-script.js";
import * as route from "../examples/nextjs-edge-route.js";
import { createHandler, type SignupEvents } from "../examples/node-service.js";
import { replayFailedRuns } from "../examples/replay-failed-runs.js";

const SIGNING_KEY = "signkey-test-00";

/** A client wired to the emulator, as the brief of every example test says; fast retries. */
function clientFor<M extends EventMap = AnyEvents>(
  emulator: InngestEmulator,
  options: InngestClientOptions<M> = {},
) {
  return createInngestClient<M>({ fetch: emulator.fetch, eventKey: "k", signingKey: SIGNING_KEY, retryBaseDelay: 1, ...options });
}

const eventPosts = (emulator: InngestEmulator) => emulator.requests.filter((r) => r.method === "POST" && r.path === "/e/***");

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

// -------------------------------------------------------------------------------------------------
describe("examples/node-service.ts: POST /signup", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  /** Serves createHandler(client) on a free port and returns a function that calls it over real HTTP. */
  async function serve(emulator: InngestEmulator, options: InngestClientOptions<SignupEvents> = {}) {
    server = createServer(createHandler(clientFor<SignupEvents>(emulator, options)));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return async (body: unknown, init: RequestInit & { path?: string } = {}) => {
      const res = await fetch(`${base}${init.path ?? "/signup"}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: typeof body === "string" ? body : JSON.stringify(body),
        ...init,
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
    };
  }

  const signup = { userId: "u_1", email: "ada@example.com", plan: "pro" };
  // A world where a function listens for the signup, so the event visibly starts a run.
  const accountsWorld: EmulatorOptions = {
    seed: { apps: [{ id: "accounts", functions: [{ id: "accounts-send-welcome", event: "app/user.signup" }] }], runs: 0 },
  };

  test("a valid signup sends both events in one POST, with their ids as dedupe keys, and answers 202", async () => {
    const emulator = createInngestEmulator(accountsWorld);
    const post = await serve(emulator);
    const res = await post(signup);

    expect(res.status).toBe(202);
    expect(emulator.events.map((e) => [e.name, e.idempotencyKey, e.data])).toEqual([
      ["app/user.signup", "signup-u_1", { userId: "u_1", email: "ada@example.com", plan: "pro" }],
      ["app/email.verification.requested", "verify-email-u_1", { userId: "u_1", email: "ada@example.com" }],
    ]);
    expect(res.body).toEqual({ accepted: true, eventIds: emulator.events.map((e) => e.id) });
    const posts = eventPosts(emulator);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers["x-inngest-event-id-seed"]).toMatch(/^\d+,/);
    expect(emulator.runs.list({ functionId: "accounts-send-welcome" })).toHaveLength(1);
  });

  test("the plan defaults to free", async () => {
    const emulator = createInngestEmulator(accountsWorld);
    const post = await serve(emulator);
    expect((await post({ userId: "u_2", email: "b@example.com" })).status).toBe(202);
    expect(emulator.events[0]!.data).toMatchObject({ plan: "free" });
  });

  test("bad input is a 400 naming each field, and nothing reaches Inngest", async () => {
    const emulator = createInngestEmulator(accountsWorld);
    const post = await serve(emulator);

    const res = await post({ userId: "has spaces", email: "nope", plan: "gold" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: "invalid_input" });
    expect((res.body["problems"] as { field: string }[]).map((p) => p.field)).toEqual(["userId", "email", "plan"]);
    expect((await post("{not json")).status).toBe(400);
    expect((await post([signup])).status).toBe(400);
    expect((await post("x".repeat(20_000))).status).toBe(413);
    expect((await post(signup, { path: "/elsewhere" })).status).toBe(404);
    const get = await fetch(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/signup`);
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
    await get.body?.cancel();
    expect(emulator.requests).toHaveLength(0);
  });

  test("an event the SDK refuses (over maxEventSize) is a 400 invalid_event, and nothing is sent", async () => {
    const emulator = createInngestEmulator(accountsWorld);
    const post = await serve(emulator, { maxEventSize: 120 });
    const res = await post({ ...signup, email: `${"a".repeat(60)}@example.com` });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: "invalid_event" });
    expect(JSON.stringify(res.body["problems"])).toContain("120-byte limit");
    expect(emulator.requests).toHaveLength(0);
  });

  test("a long rate limit is a 503 with Retry-After, answered at once (not slept through)", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const emulator = createInngestEmulator(accountsWorld);
    emulator.fail({ status: 429, retryAfter: 60, match: { path: "/e/" } });
    const post = await serve(emulator);
    const started = Date.now();
    const res = await post(signup);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("60");
    expect(res.body).toEqual({ error: "rate_limited", retryAfterSeconds: 60 });
    expect(eventPosts(emulator)).toHaveLength(1);
  });

  test("a partial send (the Event API took one event of two) is a 502 that says so", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const emulator = createInngestEmulator(accountsWorld);
    emulator.failNext(1, {
      status: 400,
      body: { ids: ["01JD0000000000000000000000"], status: 400, error: "event name is reserved" },
      match: { path: "/e/" },
    });
    const post = await serve(emulator);
    const res = await post(signup);
    expect(res.status).toBe(502);
    expect(res.body).toEqual({ error: "partially_sent", accepted: 1, failed: 1, retryable: true });
  });

  test("a refused key, or an Event API still failing after retries, is a 502 (and logged)", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const locked = createInngestEmulator({ ...accountsWorld, eventKeys: ["the-real-key"] });
    expect((await (await serve(locked))(signup)).status).toBe(502);
    expect(eventPosts(locked)).toHaveLength(1); // a 401 is not retried
    server!.close();

    const down = createInngestEmulator(accountsWorld);
    down.fail({ status: 503, match: { path: "/e/" } });
    const res = await (await serve(down))(signup);
    expect(res.status).toBe(502);
    expect(res.body).toEqual({ error: "upstream_failed", retryable: true });
    expect(eventPosts(down)).toHaveLength(3); // the first attempt and maxRetries (2)
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringContaining("AuthenticationError"),
      expect.stringContaining("InternalServerError"),
    ]);
    expect(errors.mock.calls.join("\n")).not.toContain("the-real-key");
  });

  test("a response lost after the events were stored is retried by the SDK without duplicates", async () => {
    const emulator = createInngestEmulator(accountsWorld);
    emulator.failNext(1, { reset: true, afterStore: true, match: { path: "/e/" } });
    const post = await serve(emulator);
    const res = await post(signup);
    expect(res.status).toBe(202);
    expect(eventPosts(emulator).map((r) => r.outcome)).toEqual(["reset", "response"]);
    expect(emulator.events).toHaveLength(2);
    expect(emulator.runs.list({ functionId: "accounts-send-welcome" })).toHaveLength(1);
  });
});

// -------------------------------------------------------------------------------------------------
describe("examples/cloudflare-worker.ts", () => {
  /** An ExecutionContext that keeps what waitUntil was given. */
  function context() {
    const pending: Promise<unknown>[] = [];
    const ctx: ExecutionContext = { waitUntil: (p) => void pending.push(p), passThroughOnException: () => {} };
    return { ctx, settled: () => Promise.all(pending), pending };
  }
  const env = { INNGEST_EVENT_KEY: "k" };
  const click = () => new Request("https://l.example.com/docs", { headers: { referer: "https://news.example.com/", "user-agent": "test-agent" } });

  test("redirects at once and records the click in waitUntil", async () => {
    const emulator = createInngestEmulator();
    emulator.failNext(1, { delayMs: 100, match: { path: "/e/" } }); // a slow Event API
    const { ctx, settled, pending } = context();
    const res = await createWorker(() => clientFor(emulator)).fetch(click(), env, ctx);

    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://www.inngest.com/docs");
    expect(pending).toHaveLength(1);
    expect(emulator.events).toHaveLength(0); // the visitor did not wait for the send
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await settled();
    expect(emulator.events.map((e) => [e.name, e.data])).toEqual([
      ["links/link.clicked", { slug: "docs", target: "https://www.inngest.com/docs", referrer: "https://news.example.com/", userAgent: "test-agent" }],
    ]);
    expect(log).toHaveBeenCalledWith(`click on docs recorded as event ${emulator.events[0]!.id}`);
  });

  test("an unknown link is a 404 that sends nothing", async () => {
    const emulator = createInngestEmulator();
    const { ctx, pending } = context();
    const res = await createWorker(() => clientFor(emulator)).fetch(new Request("https://l.example.com/nope"), env, ctx);
    expect(res.status).toBe(404);
    expect(pending).toHaveLength(0);
    expect(emulator.requests).toHaveLength(0);
  });

  test("a failed send is logged from waitUntil, never rejected into the runtime", async () => {
    const emulator = createInngestEmulator();
    emulator.fail({ status: 429, retryAfter: 120, match: { path: "/e/" } });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { ctx, settled } = context();
    const res = await createWorker(() => clientFor(emulator)).fetch(click(), env, ctx);
    expect(res.status).toBe(302);
    await expect(settled()).resolves.toBeDefined();
    expect(errors).toHaveBeenCalledWith("click on docs dropped: rate limited for 120000 ms");
  });

  test("the default export reads the key from env and uses the global fetch", async () => {
    const emulator = createInngestEmulator({ eventKeys: ["key-from-env"] });
    vi.stubGlobal("fetch", emulator.fetch);
    vi.spyOn(console, "log").mockImplementation(() => {});
    const { ctx, settled } = context();
    const res = await worker.fetch(click(), { INNGEST_EVENT_KEY: "key-from-env" }, ctx);
    await settled();
    expect(res.status).toBe(302);
    expect(emulator.events).toHaveLength(1);
    expect(eventPosts(emulator).map((r) => r.status)).toEqual([200]); // a wrong key would be a 401
  });
});

// -------------------------------------------------------------------------------------------------
describe("examples/nextjs-edge-route.ts: POST", () => {
  const order = { orderId: "o_1001", total: 59.9, currency: "EUR", items: [{ sku: "mug", quantity: 2 }] };
  const post = (body: unknown) =>
    route.POST(new Request("https://shop.example.com/api/orders", { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) }));

  /** The route makes its own client, as it would on Vercel: the key from the environment, the global fetch. */
  function emulate(options?: EmulatorOptions) {
    const emulator = createInngestEmulator(options);
    vi.stubGlobal("fetch", emulator.fetch);
    vi.stubEnv("INNGEST_EVENT_KEY", "k");
    for (const name of ["INNGEST_DEV", "INNGEST_BASE_URL", "INNGEST_EVENT_API_BASE_URL"]) vi.stubEnv(name, undefined);
    return emulator;
  }

  test("exports the Edge runtime flag and only route fields", () => {
    expect(route.runtime).toBe("edge");
    expect(Object.keys(route).sort()).toEqual(["POST", "runtime"]);
  });

  test("a paid order becomes one shop/order.placed event, which queues the receipt run", async () => {
    const emulator = emulate();
    const res = await post(order);
    expect(res.status).toBe(202);
    const [event] = emulator.events;
    expect(await res.json()).toEqual({ received: true, eventId: event!.id });
    expect(event).toMatchObject({ name: "shop/order.placed", idempotencyKey: "order-placed-o_1001", data: order });
    const runs = emulator.runs.list({ eventId: event!.id });
    expect(runs.map((r) => [r.functionId, r.status])).toEqual([["shop-send-receipt", "QUEUED"]]);
  });

  test("a webhook delivered twice stores two events but runs the function once (the event id dedupes)", async () => {
    const emulator = emulate();
    expect((await post(order)).status).toBe(202);
    expect((await post(order)).status).toBe(202);
    const [first, second] = emulator.events;
    expect([first!.idempotencyKey, second!.idempotencyKey]).toEqual(["order-placed-o_1001", "order-placed-o_1001"]);
    expect(emulator.runs.list({ eventId: first!.id })).toHaveLength(1);
    expect(emulator.runs.list({ eventId: second!.id })).toHaveLength(0);
  });

  test("bad input is a 400, and nothing is sent", async () => {
    const emulator = emulate();
    for (const body of ["nope", { ...order, currency: "euro" }, { ...order, items: [] }, { ...order, items: [{ sku: "x", quantity: 0 }] }]) {
      expect((await post(body)).status).toBe(400);
    }
    expect(emulator.requests).toHaveLength(0);
  });

  test("a long rate limit is a 503 with Retry-After; an Event API outage a 502", async () => {
    const emulator = emulate();
    emulator.failNext(1, { status: 429, retryAfter: 30, match: { path: "/e/" } });
    const limited = await post(order);
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([503, "30"]);

    vi.spyOn(console, "error").mockImplementation(() => {});
    emulator.fail({ reset: true, match: { path: "/e/" } });
    // The route's client retries a lost connection with its default backoff (0.5 s, then 1 s).
    const down = await post(order);
    expect(down.status).toBe(502);
    expect(eventPosts(emulator).filter((r) => r.outcome === "reset")).toHaveLength(3);
  });
});

// -------------------------------------------------------------------------------------------------
describe("examples/deno-script.ts", () => {
  const line = (n: number) => JSON.stringify({ name: "app/line.read", data: { n } });

  test("sends one event per non-blank line, in order", async () => {
    const emulator = createInngestEmulator();
    const result = await sendLines(clientFor(emulator), [line(1), "", line(2), "  ", line(3)]);
    expect(result.error).toBeUndefined();
    expect(result.ids).toEqual(emulator.events.map((e) => e.id));
    expect(emulator.events.map((e) => e.data["n"])).toEqual([1, 2, 3]);
  });

  test("streams: a bad line stops reading there, earlier chunks stay sent, and the lines are named", async () => {
    const emulator = createInngestEmulator();
    let read = 0;
    function* lines() {
      for (const l of [line(1), line(2), "", line(3), "{broken", line(5), line(6)]) {
        read++;
        yield l;
      }
    }
    const result = await sendLines(clientFor(emulator, { batchSize: 2 }), lines());
    // Chunk 1 (lines 1-2) was sent; chunk 2 (line 4, then the bad line 5) was not, and nothing after was read.
    expect(result.ids).toEqual(emulator.events.map((e) => e.id));
    expect(result.ids).toHaveLength(2);
    expect(result.error).toEqual({
      message: "line 5: event must be an event object like { name, data }",
      unsentLines: [4, 5],
      stoppedAfterLine: 5,
    });
    expect(read).toBe(5);
  });

  test("a bad first line sends nothing; a refused key names the error", async () => {
    const emulator = createInngestEmulator({ eventKeys: ["other"] });
    const bad = await sendLines(clientFor(emulator), ['{"data":{}}', line(2)]);
    expect(bad).toEqual({ ids: [], error: { message: "line 1: name is missing", unsentLines: [1], stoppedAfterLine: 1 } });
    const refused = await sendLines(clientFor(emulator), [line(1), line(2)]);
    expect(refused.ids).toEqual([]);
    expect(refused.error?.message).toMatch(/^AuthenticationError: 401 Event key not found/);
    expect(refused.error?.unsentLines).toEqual([1, 2]);
    expect(emulator.events).toHaveLength(0);
  });

  test("readLines splits a byte stream into lines across chunk and UTF-8 boundaries", async () => {
    const bytes = new TextEncoder().encode('{"name":"a/é"}\r\n{"name":"b/ü"}\n\nlast');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3));
        controller.close();
      },
    });
    const out: string[] = [];
    for await (const l of readLines(stream)) out.push(l);
    expect(out).toEqual(['{"name":"a/é"}', '{"name":"b/ü"}', "", "last"]);
  });
});

// -------------------------------------------------------------------------------------------------
describe("examples/replay-failed-runs.ts: replayFailedRuns", () => {
  const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
  const HOUR = 3_600_000;
  const from = new Date(NOW - 6 * HOUR);
  const until = new Date(NOW - 1 * HOUR);
  const at = (hoursAgo: number) => NOW - hoursAgo * HOUR;
  const quiet = () => {};

  /** A billing app with two event functions and a cron one, and runs placed around the window. */
  function world(runs: EmulatorRunSeed[]) {
    return createInngestEmulator({
      now: () => NOW,
      signingKey: SIGNING_KEY,
      seed: {
        apps: [
          {
            id: "billing",
            functions: [
              { id: "billing-charge-card", event: "billing/invoice.created" },
              { id: "billing-sync-customer", event: "billing/customer.updated" },
              { id: "billing-nightly-dunning", cron: "0 2 * * *" },
            ],
          },
        ],
        runs,
      },
    });
  }
  const standardRuns: EmulatorRunSeed[] = [
    { functionId: "billing-charge-card", status: "FAILED", queuedAt: at(2) },
    { functionId: "billing-charge-card", status: "FAILED", queuedAt: at(3) },
    { functionId: "billing-charge-card", status: "FAILED", queuedAt: at(5) },
    { functionId: "billing-sync-customer", status: "FAILED", queuedAt: at(4) },
    { functionId: "billing-nightly-dunning", status: "FAILED", queuedAt: at(4.5) },
    { functionId: "billing-charge-card", status: "COMPLETED", queuedAt: at(2.5) },
    { functionId: "billing-charge-card", status: "RUNNING", queuedAt: at(3.5) },
    { functionId: "billing-charge-card", status: "FAILED", queuedAt: at(7) }, // before the window
    { functionId: "billing-charge-card", status: "FAILED", queuedAt: at(0.5) }, // after it
  ];
  const failedInWindow = (emulator: InngestEmulator, functionId?: string) =>
    emulator.runs
      .list({ status: "FAILED", ...(functionId && { functionId }) })
      .filter((r) => r.queuedAt >= from.getTime() && r.queuedAt < until.getTime());
  const reruns = (emulator: InngestEmulator) => emulator.requests.filter((r) => r.method === "POST" && r.path.endsWith("/rerun"));

  test("a dry run lists the failed runs in the window, skips cron runs, and replays nothing", async () => {
    const emulator = world(standardRuns);
    const lines: string[] = [];
    const summary = await replayFailedRuns(clientFor(emulator), { from, until, dryRun: true, log: (l) => lines.push(l) });

    const cron = emulator.runs.list({ functionId: "billing-nightly-dunning" })[0]!;
    expect(summary).toMatchObject({ dryRun: true, found: 5, replayed: [], failed: [], uncertain: [], notAttempted: [] });
    expect(summary.skipped).toEqual([{ runId: cron.id, reason: "cron-triggered (0 2 * * *): the API cannot replay these" }]);
    expect(reruns(emulator)).toHaveLength(0);
    expect(emulator.runs.list()).toHaveLength(standardRuns.length);
    expect(lines.filter((l) => l.includes("would replay"))).toHaveLength(4);
    expect(lines.at(-1)).toBe("dry run: 4 to replay, 1 skipped. Pass --execute to replay.");
  });

  test("replays each failed event-triggered run once: one new queued run per failed run, linked to it", async () => {
    const emulator = world(standardRuns);
    const expected = failedInWindow(emulator).filter((r) => r.cron === undefined);
    const summary = await replayFailedRuns(clientFor(emulator), { from, until, dryRun: false, log: quiet });

    expect(summary.replayed.map((r) => r.runId).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(summary.skipped.map((s) => s.runId)).toEqual(emulator.runs.list({ functionId: "billing-nightly-dunning" }).map((r) => r.id));
    for (const { runId, newRunId } of summary.replayed) {
      const original = emulator.runs.get(runId)!;
      expect(emulator.runs.get(newRunId)).toMatchObject({
        status: "QUEUED",
        originalRunId: runId,
        functionId: original.functionId,
        eventIds: original.eventIds,
      });
      expect(original.status).toBe("FAILED"); // a replay is a new run; the old one stays failed
    }
    expect(emulator.runs.list({ status: "QUEUED" })).toHaveLength(4);
    expect(reruns(emulator)).toHaveLength(4); // no rerun request for the cron run
  });

  test("functionId narrows the search to one function", async () => {
    const emulator = world(standardRuns);
    const summary = await replayFailedRuns(clientFor(emulator), { from, until, appId: "billing", functionId: "billing-charge-card", dryRun: false, log: quiet });
    expect(summary.found).toBe(3);
    expect(summary.replayed).toHaveLength(3);
    expect(emulator.requests.find((r) => r.path === "/v2/runs")?.query).toContain("functionId=billing-charge-card");
  });

  test("walks every page of the list (limit is a page size)", async () => {
    const many = Array.from({ length: 130 }, (_, i): EmulatorRunSeed => ({ functionId: "billing-charge-card", status: "FAILED", queuedAt: at(2) - i * 1000 }));
    const emulator = world(many);
    const summary = await replayFailedRuns(clientFor(emulator), { from, until, dryRun: true, log: quiet });
    expect(summary.found).toBe(130);
    expect(emulator.requests.filter((r) => r.path === "/v2/runs")).toHaveLength(2);
  });

  test("a lost response is reported uncertain and never retried: exactly one new run exists for it", async () => {
    const emulator = world(standardRuns);
    // The first replay is handled (a run is created) but its response never arrives.
    emulator.failNext(1, { reset: true, afterStore: true, match: { path: /\/rerun$/ } });
    const summary = await replayFailedRuns(clientFor(emulator), { from, until, dryRun: false, log: quiet });

    expect(summary.uncertain).toHaveLength(1);
    expect(summary.uncertain[0]!.error).toMatch(/^ConnectionError/);
    expect(summary.replayed).toHaveLength(3);
    const lost = summary.uncertain[0]!.runId;
    expect(reruns(emulator).filter((r) => r.path.includes(lost))).toHaveLength(1);
    expect(emulator.runs.list().filter((r) => r.originalRunId === lost)).toHaveLength(1);
  });

  test("a run the API cannot replay (501) is skipped, not a crash", async () => {
    const emulator = world(standardRuns.slice(0, 2));
    emulator.failNext(1, { status: 501, match: { path: /\/rerun$/ } });
    const summary = await replayFailedRuns(clientFor(emulator), { from, until, dryRun: false, log: quiet });
    expect(summary.skipped).toEqual([{ runId: expect.any(String), reason: "not replayable: Injected fault: HTTP 501" }]);
    expect(summary.replayed).toHaveLength(1);
  });

  test("a refused key stops at the first replay; a 5xx streak stops after maxConsecutiveErrors", async () => {
    const emulator = world(standardRuns);
    emulator.fail({ status: 401, match: { path: /\/rerun$/ } });
    const refused = await replayFailedRuns(clientFor(emulator), { from, until, dryRun: false, log: quiet });
    expect(refused.stoppedBecause).toMatch(/^AuthenticationError/);
    expect(refused.notAttempted).toHaveLength(4);
    expect(refused.replayed).toHaveLength(0);
    expect(reruns(emulator)).toHaveLength(1);

    const flaky = world(standardRuns);
    flaky.fail({ status: 500, match: { path: /\/rerun$/ } });
    const unwell = await replayFailedRuns(clientFor(flaky), { from, until, dryRun: false, log: quiet, maxConsecutiveErrors: 2 });
    expect(unwell.uncertain).toHaveLength(2);
    expect(unwell.notAttempted).toHaveLength(2);
    expect(unwell.stoppedBecause).toMatch(/^2 replays in a row failed/);
    expect(reruns(flaky)).toHaveLength(2); // 500s on a non-idempotent call are not retried
  });

  test("in the emulator's default world: every failed event run of the last week replayed, cron runs skipped", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const window = { from: new Date(NOW - 8 * 24 * HOUR), until: new Date(NOW) };
    const failed = emulator.runs.list({ status: "FAILED" });
    const cron = failed.filter((r) => r.cron !== undefined);
    expect(cron.length).toBeGreaterThan(0);

    const summary = await replayFailedRuns(clientFor(emulator), { ...window, dryRun: false, log: quiet });
    expect(summary.found).toBe(failed.length);
    expect(summary.replayed).toHaveLength(failed.length - cron.length);
    expect(summary.skipped.map((s) => s.runId).sort()).toEqual(cron.map((r) => r.id).sort());
    expect(emulator.runs.list().filter((r) => r.originalRunId !== undefined)).toHaveLength(failed.length - cron.length);
  });
});
