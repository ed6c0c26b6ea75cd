import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Console } from "node:console";
import { Writable } from "node:stream";
import util from "node:util";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  createInngestClient,
  InternalServerError,
  PartialSendError,
  TimeoutError,
} from "../src/index.js";
import { numbered } from "./helpers/event-api.js";
import { caught } from "./helpers/wire.js";

// Keys shaped like real ones: an 80-character event key, a `signkey-prod-<64 hex>` signing key.
const eventKey = randomBytes(60).toString("base64url");
const hex = randomBytes(32).toString("hex");
const signingKey = `signkey-prod-${hex}`;
const fallbackHex = randomBytes(32).toString("hex");
const signingKeyFallback = `signkey-prod-${fallbackHex}`;
const sha = (h: string) => createHash("sha256").update(Buffer.from(h, "hex")).digest("hex");
const hashedKey = `signkey-prod-${sha(hex)}`;
const hashedFallback = `signkey-prod-${sha(fallbackHex)}`;

/** Everything that must never show: each key raw and hashed, and the secret parts on their own. */
const secrets = [eventKey, signingKey, hex, hashedKey, sha(hex), signingKeyFallback, fallbackHex, hashedFallback, sha(fallbackHex)];

const EVENT_BASE = "https://inn.gs";
const API_BASE = "https://api.inngest.com";

/** Every way an error is printed or shipped, for the error and each cause (and each error of a PartialSendError). */
function renderings(err: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown) => {
    if (e === undefined || e === null || seen.has(e)) return;
    seen.add(e);
    out.push(String(e), util.inspect(e, { showHidden: true, depth: Infinity }), JSON.stringify(e) ?? "");
    if (e instanceof Error) out.push(e.message, e.stack ?? "");
    if (typeof e === "object") {
      out.push(util.inspect(Object.getOwnPropertyDescriptors(e), { showHidden: true, depth: Infinity }));
      visit((e as { cause?: unknown }).cause);
      for (const inner of (e as { errors?: unknown[] }).errors ?? []) visit(inner);
    }
  };
  visit(err);
  return out;
}

function expectNoSecret(err: unknown) {
  const texts = renderings(err);
  expect(texts.length).toBeGreaterThan(3);
  for (const text of texts) for (const secret of secrets) expect(text, `leaked ${secret.slice(0, 12)}…`).not.toContain(secret);
}

const keys = { eventKey, signingKey, signingKeyFallback };
const cloud = (options: Parameters<typeof createInngestClient>[0] = {}) => createInngestClient({ ...keys, retryBaseDelay: 1, ...options });

/** The two APIs and a call on each that fails the way a test sets up. */
const apis = [
  { api: "Event API", base: EVENT_BASE, call: (c: ReturnType<typeof cloud>, signal?: AbortSignal) => c.events.send(numbered(3), { signal }) },
  { api: "REST API", base: API_BASE, call: (c: ReturnType<typeof cloud>, signal?: AbortSignal) => c.runs.get("01HRUN", { signal }) },
] as const;

describe("errors answered by the API (nock on the global fetch)", () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.abortPendingRequests();
  });
  afterAll(() => nock.enableNetConnect());

  test.each(apis)("401 on the $api, with the key echoed back in the body: no key anywhere in the error", async ({ api, base, call }) => {
    nock(base)
      .post(`/e/${eventKey}`)
      .reply(401, { status: 401, message: "", error: `Event key not found: ${eventKey}` })
      .get("/v2/runs/01HRUN?includeOutput=true")
      .times(2)
      .reply(401, (_uri, _body) => `Authentication failed for Bearer ${hashedKey} ${signingKey}\n`);
    const err = await caught(call(cloud()));
    expect(err).toBeInstanceOf(AuthenticationError);
    expectNoSecret(err);
    if (api === "Event API") {
      expect((err as AuthenticationError).path).toBe("/e/***");
      expect((err as Error).message).toBe("401 Event key not found: *** (POST /e/***)");
    } else {
      expect((err as Error).message).toBe("401 Authentication failed for Bearer *** *** (GET /v2/runs/01HRUN?includeOutput=true)");
    }
  });

  test.each(apis)("5xx after every retry on the $api: no key anywhere", async ({ base, call }) => {
    nock(base)
      .post(`/e/${eventKey}`)
      .times(3)
      .reply(503, { ids: [], status: 503, error: `overloaded (key ${eventKey})` })
      .get("/v2/runs/01HRUN?includeOutput=true")
      .times(3)
      .reply(500, { error: `db down for ${hashedKey}`, data: null, status: 500 });
    const err = await caught(call(cloud()));
    expect(err).toBeInstanceOf(InternalServerError);
    expect((err as InternalServerError).attempts).toBe(3);
    expectNoSecret(err);
  });

  test.each(apis)("abort on the $api while the answer is delayed: no key anywhere", async ({ base, call }) => {
    nock(base).post(`/e/${eventKey}`).delay(2_000).reply(200, { ids: ["a", "b", "c"], status: 200 }).get("/v2/runs/01HRUN?includeOutput=true").delay(2_000).reply(200, {});
    const controller = new AbortController();
    const pending = caught(call(cloud(), controller.signal));
    setTimeout(() => controller.abort(), 20);
    const err = await pending;
    expect(err).toBeInstanceOf(AbortError);
    expectNoSecret(err);
  });

  test.each(apis)("a delayed answer past the timeout on the $api: TimeoutError, no key anywhere", async ({ base, call }) => {
    nock(base).post(`/e/${eventKey}`).times(2).delay(2_000).reply(200, {}).get("/v2/runs/01HRUN?includeOutput=true").times(2).delay(2_000).reply(200, {});
    const err = await caught(call(cloud({ timeout: 30, maxRetries: 1 })));
    expect(err).toBeInstanceOf(TimeoutError);
    expectNoSecret(err);
  });

  test("a partial send: the PartialSendError and each error in it hold no key", async () => {
    nock(EVENT_BASE)
      .post(`/e/${eventKey}`)
      .reply(200, (_uri, body) => ({ ids: (body as unknown[]).map((_, i) => `id-${i}`), status: 200 }))
      .post(`/e/${eventKey}`)
      .reply(400, { ids: [], status: 400, error: `bad event for ${eventKey}` });
    const err = await caught(cloud({ batchSize: 2 }).events.send(numbered(4), { concurrency: 1 }));
    expect(err).toBeInstanceOf(PartialSendError);
    expectNoSecret(err);
  });

  test("an error thrown by a patched fetch that quotes the URL and headers (nock's 'no match') holds no key", async () => {
    nock(EVENT_BASE).post("/somewhere-else").reply(200, {});
    nock(API_BASE).get("/somewhere-else").reply(200, {});
    for (const call of [(c: ReturnType<typeof cloud>) => c.events.send({ name: "app/x" }), (c: ReturnType<typeof cloud>) => c.runs.get("01HRUN")]) {
      const err = await caught(call(cloud({ maxRetries: 0 })));
      expect(err).toBeInstanceOf(ConnectionError);
      expectNoSecret(err);
    }
  });
});

describe("errors without an answer (a real socket on 127.0.0.1, no injected fetch)", () => {
  let server: Server;
  let base = "";
  let behaviour: "hang" | "reset" = "hang";
  beforeAll(async () => {
    server = createServer((req) => {
      if (behaviour === "reset") req.socket.destroy();
      // "hang": read nothing back, answer nothing.
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => server.closeAllConnections());
  afterAll(() => server.close());

  const at = (url: string, options: Parameters<typeof createInngestClient>[0] = {}) => cloud({ eventBaseUrl: url, apiBaseUrl: url, ...options });
  const calls = [
    ["Event API", (c: ReturnType<typeof cloud>, signal?: AbortSignal) => c.events.send(numbered(3), { signal })],
    ["REST API", (c: ReturnType<typeof cloud>, signal?: AbortSignal) => c.runs.get("01HRUN", { signal })],
  ] as const;

  test.each(calls)("connection refused on the %s: a ConnectionError naming the cause, no key anywhere", async (_api, call) => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, "close");

    const err = (await caught(call(at(`http://127.0.0.1:${port}`, { maxRetries: 1 })))) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).not.toBeInstanceOf(TimeoutError);
    expect(err.attempts).toBe(2);
    expect(err.message).toContain("ECONNREFUSED");
    expectNoSecret(err);
  });

  test.each(calls)("connection reset on the %s: a ConnectionError, no key anywhere", async (_api, call) => {
    behaviour = "reset";
    const err = await caught(call(at(base, { maxRetries: 1 })));
    expect(err).toBeInstanceOf(ConnectionError);
    expectNoSecret(err);
  });

  test.each(calls)("a server that never answers, on the %s: TimeoutError, no key anywhere", async (_api, call) => {
    behaviour = "hang";
    const err = await caught(call(at(base, { timeout: 50, maxRetries: 1 })));
    expect(err).toBeInstanceOf(TimeoutError);
    expectNoSecret(err);
  });

  test.each(calls)("abort against a server that never answers, on the %s: AbortError, no key anywhere", async (_api, call) => {
    behaviour = "hang";
    const controller = new AbortController();
    const pending = caught(call(at(base), controller.signal));
    setTimeout(() => controller.abort(), 30);
    const err = await pending;
    expect(err).toBeInstanceOf(AbortError);
    expectNoSecret(err);
  });
});

describe("the client itself", () => {
  test("inspected, serialised or logged, it shows no key", () => {
    const inngest = cloud({ env: "branch-1" });
    let logged = "";
    const sink = new Writable({
      write(chunk, _enc, done) {
        logged += String(chunk);
        done();
      },
    });
    const console = new Console({ stdout: sink, stderr: sink });
    console.log(inngest);
    console.dir(inngest, { showHidden: true, depth: Infinity });
    console.log("%o", inngest);
    const texts = [
      logged,
      util.inspect(inngest, { showHidden: true, depth: Infinity, getters: true }),
      JSON.stringify(inngest),
      String(inngest),
      ...[inngest.events, inngest.runs, inngest.apps].flatMap((ns) => [util.inspect(ns, { showHidden: true, depth: Infinity }), JSON.stringify(ns)]),
      util.inspect(Object.getOwnPropertyDescriptors(inngest), { showHidden: true, depth: Infinity }),
    ];
    expect(logged.length).toBeGreaterThan(0);
    for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
  });

  test("a list's PagePromise shows no key either", () => {
    const page = cloud().runs.list({ limit: 5 });
    const text = util.inspect(page, { showHidden: true, depth: Infinity });
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
