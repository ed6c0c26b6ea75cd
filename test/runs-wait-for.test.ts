import { describe, expect, test } from "vitest";
import { AbortError, BadRequestError, createInngestClient, NotFoundError, RateLimitError, TimeoutError, ValidationError } from "../src/index.js";
import { caught, hang, json, wire, type Handler } from "./helpers/wire.js";

const signingKey = "signkey-prod-00112233445566778899aabbccddeeff";
const RUN_ID = "01J5Z8K4N3Q2R1S0T9V8W7X6Y5";

/** Records when each poll reached the wire, relative to the first. */
function api(handler: Handler, options: Parameters<typeof createInngestClient>[0] = {}) {
  const at: number[] = [];
  const w = wire((req, n, signal) => {
    at.push(Date.now());
    return handler(req, n, signal);
  });
  const gaps = () => at.slice(1).map((t, i) => t - at[i]!);
  return { ...w, gaps, runs: createInngestClient({ signingKey, fetch: w.fetch, retryBaseDelay: 1, ...options }).runs };
}

const ENDED = ["COMPLETED", "FAILED", "CANCELLED"];
/** A run as GET /v2/runs/{id} answers it; an ended one with its `endedAt`, as the server writes it. */
const run = (status: string, extra: Record<string, unknown> = {}) =>
  json({
    data: {
      id: RUN_ID,
      function: { id: "f", name: "F" },
      app: { id: "app" },
      status,
      queuedAt: "2026-08-22T10:00:00Z",
      startedAt: "2026-08-22T10:00:00Z",
      ...(ENDED.includes(status) ? { endedAt: "2026-08-22T10:00:04Z", durationMs: "4000" } : {}),
      ...extra,
    },
    metadata: { fetchedAt: "2026-08-22T10:00:05Z" },
  });
const notFound = () => json({ errors: [{ code: "not_found", message: "Run not found" }] }, 404);

describe("runs.waitFor: polls GET /v2/runs/{runId} until the run has ended", () => {
  test.each(["COMPLETED", "FAILED", "CANCELLED"])("resolves with the run once it reads %s, with its output", async (end) => {
    const { runs, requests } = api((_r, n) => (n < 3 ? run(n === 1 ? "QUEUED" : "RUNNING") : run(end, { output: { ok: 1 } })));
    const done = await runs.waitFor(RUN_ID, { interval: 1 });
    expect(done).toMatchObject({ id: RUN_ID, status: end.toLowerCase(), output: { ok: 1 } });
    expect(requests.map((r) => [r.method, r.url.pathname, r.url.search])).toEqual(Array(3).fill(["GET", `/v2/runs/${RUN_ID}`, "?includeOutput=true"]));
  });

  test("an ended status without endedAt is not an end: it waits for the run's end to be written", async () => {
    // The dev server's GET /v2/runs/{id} reads COMPLETED from the spans before the end is written.
    const { runs, requests } = api((_r, n) => (n < 3 ? run("COMPLETED", { endedAt: undefined, durationMs: undefined }) : run("COMPLETED", { output: { ok: 1 } })));
    const done = await runs.waitFor(RUN_ID, { interval: 1 });
    expect(requests).toHaveLength(3);
    expect(done).toMatchObject({ status: "completed", endedAt: "2026-08-22T10:00:04Z", output: { ok: 1 } });
  });

  test("a run that has already ended costs one request", async () => {
    const { runs, requests } = api(() => run("COMPLETED"));
    await runs.waitFor(RUN_ID, { includeOutput: false });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url.search).toBe("");
  });

  test("pauses grow between polls (1.5x from interval)", async () => {
    const { runs, gaps } = api((_r, n) => run(n < 4 ? "RUNNING" : "COMPLETED"));
    await runs.waitFor(RUN_ID, { interval: 40 });
    const [first, second, third] = gaps();
    expect(first).toBeGreaterThanOrEqual(38);
    expect(second).toBeGreaterThanOrEqual(58);
    expect(third).toBeGreaterThanOrEqual(88);
  });

  test("rejects with a TimeoutError when maxWait passes, and polls no more after", async () => {
    const { runs, requests } = api(() => run("RUNNING"));
    const started = Date.now();
    const err = (await caught(runs.waitFor(RUN_ID, { maxWait: 120, interval: 20 }))) as TimeoutError;
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.name).toBe("TimeoutError");
    expect(err.message).toBe(`Run ${RUN_ID} had not ended after 120 ms (still running, ${requests.length} polls) (GET /v2/runs/${RUN_ID})`);
    expect(elapsed).toBeGreaterThanOrEqual(115);
    const count = requests.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(requests).toHaveLength(count);
  });

  test("a poll that hangs is cut at the deadline: TimeoutError, not a wait for the client's timeout", async () => {
    const { runs } = api((_r, _n, signal) => hang(signal), { timeout: 30_000 });
    const started = Date.now();
    const err = await caught(runs.waitFor(RUN_ID, { maxWait: 80 }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toContain("had not ended after 80 ms (never read, 1 polls)");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test("aborting during a pause rejects with an AbortError carrying the reason, and polls no more", async () => {
    const controller = new AbortController();
    const { runs, requests } = api(() => run("RUNNING"));
    const pending = caught(runs.waitFor(RUN_ID, { interval: 1_000, signal: controller.signal }));
    await new Promise((r) => setTimeout(r, 30));
    const reason = new Error("user left");
    controller.abort(reason);
    const err = (await pending) as AbortError;
    expect(err).toBeInstanceOf(AbortError);
    expect(err.name).toBe("AbortError");
    expect(err.cause).toBe(reason);
    expect(requests).toHaveLength(1);
  });

  test("aborting during a poll ends it at once", async () => {
    const controller = new AbortController();
    const { runs } = api((_r, _n, signal) => hang(signal));
    const pending = caught(runs.waitFor(RUN_ID, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toBeInstanceOf(AbortError);
  });

  test("an aborted signal sends nothing", async () => {
    const { runs, requests } = api(() => run("COMPLETED"));
    expect(await caught(runs.waitFor(RUN_ID, { signal: AbortSignal.abort() }))).toBeInstanceOf(AbortError);
    expect(requests).toHaveLength(0);
  });

  test("a 429 the client gave up on is waited out for its Retry-After, not the (shorter) interval", async () => {
    const { runs, gaps } = api((_r, n) => (n === 1 ? json({ errors: [{ code: "rate_limited", message: "slow down" }] }, 429, { "Retry-After": "0.15" }) : run("COMPLETED")), {
      maxRetries: 0,
    });
    expect((await runs.waitFor(RUN_ID, { interval: 1 })).status).toBe("completed");
    expect(gaps()[0]).toBeGreaterThanOrEqual(145);
  });

  test("a Retry-After past the deadline ends the wait at once with a TimeoutError caused by the RateLimitError", async () => {
    const { runs, requests } = api(() => json({ errors: [{ code: "rate_limited", message: "slow down" }] }, 429, { "Retry-After": "60" }), { maxRetryAfter: 1 });
    const started = Date.now();
    const err = (await caught(runs.waitFor(RUN_ID, { maxWait: 5_000 }))) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.cause).toBeInstanceOf(RateLimitError);
    expect((err.cause as RateLimitError).retryAfterMs).toBe(60_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(requests).toHaveLength(1);
  });

  test("a run not visible yet (404 before it was first seen) is polled again", async () => {
    const { runs, requests } = api((_r, n) => (n === 1 ? notFound() : n === 2 ? run("RUNNING") : run("COMPLETED")));
    expect((await runs.waitFor(RUN_ID, { interval: 1 })).status).toBe("completed");
    expect(requests).toHaveLength(3);
  });

  test("a run that never appears rejects with the NotFoundError when the time is up", async () => {
    const { runs, requests } = api(() => notFound());
    const started = Date.now();
    // 300 ms: room for several polls even when the first one loads ky and zod on a busy machine.
    const err = await caught(runs.waitFor(RUN_ID, { maxWait: 300, interval: 10 }));
    expect(err).toBeInstanceOf(NotFoundError);
    // It kept polling until the time was up, not giving up at the first 404s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(295);
    expect(requests.length).toBeGreaterThan(2);
  });

  test("a 404 after the run was seen, or any other error, ends the wait at once", async () => {
    const gone = api((_r, n) => (n === 1 ? run("RUNNING") : notFound()));
    expect(await caught(gone.runs.waitFor(RUN_ID, { interval: 1 }))).toBeInstanceOf(NotFoundError);
    expect(gone.requests).toHaveLength(2);
    const bad = api(() => json({ errors: [{ code: "invalid_field_format", message: "Run ID must be a valid ULID" }] }, 400));
    expect(await caught(bad.runs.waitFor("nope"))).toBeInstanceOf(BadRequestError);
    expect(bad.requests).toHaveLength(1);
  });

  test("bad options and bad ids are a ValidationError before any request", async () => {
    const { runs, requests } = api(() => run("COMPLETED"));
    for (const options of [{ maxWait: 0 }, { maxWait: -1 }, { maxWait: Number.NaN }, { interval: 0 }, { interval: Infinity }, { interval: "5" as unknown as number }]) {
      const err = (await caught(runs.waitFor(RUN_ID, options))) as ValidationError;
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.issues[0]!.path).toBe(Object.keys(options)[0]);
    }
    for (const id of ["", ".", ".."]) expect(await caught(runs.waitFor(id))).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(0);
  });

  test.each([1500.5, 2 ** 31 - 1, 2 ** 31, 3e9, 30 * 24 * 3_600_000])("maxWait: %d works: any number its docs allow (above 0) bounds the wait", async (maxWait) => {
    const { runs, requests } = api((_r, n) => run(n < 3 ? "RUNNING" : "COMPLETED"));
    expect((await runs.waitFor(RUN_ID, { maxWait, interval: 1 })).status).toBe("completed");
    expect(requests).toHaveLength(3);
  });

  test("a fractional maxWait that passes is named as the caller gave it, never as totalTimeout", async () => {
    const { runs } = api((_r, _n, signal) => hang(signal));
    const err = await caught(runs.waitFor(RUN_ID, { maxWait: 60.5 }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toContain("had not ended after 60.5 ms");
    expect((err as Error).message).not.toContain("totalTimeout");
  });

  test("timeout, maxRetries and headers are each poll's request options, as on every method", async () => {
    const { runs, requests } = api((_r, _n, signal) => hang(signal), { maxRetries: 0 });
    const err = (await caught(runs.waitFor(RUN_ID, { maxWait: 5_000, timeout: 50, maxRetries: 1, headers: { "x-trace": "t1" } }))) as TimeoutError;
    // One poll of two attempts of 50 ms each, ended by its own timeout, not by maxWait.
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toContain("Attempt timed out after 50 ms");
    expect(requests).toHaveLength(2);
    expect(requests[0]!.headers["x-trace"]).toBe("t1");
  });

  test("a bad request option is a ValidationError naming it, before any request", async () => {
    const { runs, requests } = api(() => run("COMPLETED"));
    const err = (await caught(runs.waitFor(RUN_ID, { timeout: 1.5 }))) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues[0]!.path).toBe("timeout");
    expect(requests).toHaveLength(0);
  });

  test("maxWait: Infinity waits without a deadline", async () => {
    // Long enough between polls that a deadline of Infinity turned into an immediate timer would win.
    const { runs, requests } = api((_r, n) => run(n < 4 ? "RUNNING" : "COMPLETED"));
    expect((await runs.waitFor(RUN_ID, { maxWait: Infinity, interval: 20 })).status).toBe("completed");
    expect(requests).toHaveLength(4);
  });
});
