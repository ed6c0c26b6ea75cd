import { describe, expect, test } from "vitest";
import {
  ConflictError,
  createInngestClient,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  UnprocessableEntityError,
  ValidationError,
} from "../src/index.js";
import { caught, json, networkFailure, wire, type Handler } from "./helpers/wire.js";

const signingKey = "signkey-prod-00112233445566778899aabbccddeeff";
const metadata = { fetchedAt: "2026-12-01T09:00:00Z" };

function api(handler: Handler) {
  const w = wire(handler);
  return { ...w, functions: createInngestClient({ signingKey, fetch: w.fetch, retryBaseDelay: 1 }).functions };
}

/** A v2 error body (`pkg/api/v2/apiv2base/errors.go`). */
const v2Error = (status: number, code: string, message: string) => json({ errors: [{ code, message }] }, status);

/** `Function` as `toFunction` (pkg/api/v2/endpoints_function.go) marshals it: enum prefixes stripped, zero values omitted. */
const wireFunction = {
  id: "send-digest",
  name: "Send digest",
  slug: "send-digest",
  isPaused: true,
  app: { id: "my-app" },
  triggers: [
    { type: "EVENT", value: "app/digest.requested", if: "event.data.plan == 'pro'" },
    { type: "CRON", value: "0 9 * * *" },
  ],
  failureHandler: { slug: "send-digest-failure", name: "Send digest (failure)" },
  configuration: {
    cancellations: [{ event: "app/user.deleted", timeout: "1h", condition: "event.data.id == async.data.id" }],
    retries: { value: 4 },
    priority: "event.data.plan == 'pro' ? 120 : 0",
    eventsBatch: { maxSize: 100, timeout: "5s", key: "event.data.userId" },
    concurrency: [
      { scope: "FUNCTION", limit: { value: 5 }, key: "event.data.userId" },
      { scope: "ACCOUNT", limit: { value: 100, isPlanLimit: true } },
    ],
    rateLimit: { limit: 10, period: "1m" },
    debounce: { period: "30s", key: "event.data.userId" },
    throttle: { burst: 2, limit: 20, period: "1m0s" },
    singleton: { mode: "CANCEL", key: "event.data.userId" },
  },
  futureField: { ignored: true },
};

describe("functions.get: GET /v2/apps/{appId}/functions/{functionId}", () => {
  test("reads triggers, flow control and the paused flag into camelCase, enums lowercased", async () => {
    const { functions, requests } = api(() => json({ data: wireFunction, metadata }));
    const fn = await functions.get("my-app", "send-digest");
    expect(requests[0]!.method).toBe("GET");
    expect(requests[0]!.url.href).toBe("https://api.inngest.com/v2/apps/my-app/functions/send-digest");
    expect(requests[0]!.text).toBe("");
    expect(fn).toEqual({
      id: "send-digest",
      name: "Send digest",
      slug: "send-digest",
      appId: "my-app",
      paused: true,
      archived: false,
      triggers: [
        { type: "event", value: "app/digest.requested", if: "event.data.plan == 'pro'" },
        { type: "cron", value: "0 9 * * *", if: null },
      ],
      failureHandler: { slug: "send-digest-failure", name: "Send digest (failure)" },
      configuration: {
        retries: { value: 4, isDefault: false },
        priority: "event.data.plan == 'pro' ? 120 : 0",
        cancellations: [{ event: "app/user.deleted", timeout: "1h", condition: "event.data.id == async.data.id" }],
        eventsBatch: { maxSize: 100, timeout: "5s", key: "event.data.userId" },
        concurrency: [
          { scope: "function", limit: 5, isPlanLimit: false, key: "event.data.userId" },
          { scope: "account", limit: 100, isPlanLimit: true, key: null },
        ],
        rateLimit: { limit: 10, period: "1m", key: null },
        debounce: { period: "30s", key: "event.data.userId" },
        throttle: { limit: 20, burst: 2, period: "1m0s", key: null },
        singleton: { mode: "cancel", key: "event.data.userId" },
      },
    });
  });

  test("a function with every protojson zero value omitted reads as active, unconfigured, with defaults", async () => {
    const { functions } = api(() => json({ data: { id: "noop", app: { id: "my-app" }, configuration: { retries: { value: 3, isDefault: true } } }, metadata }));
    const fn = await functions.get("my-app", "noop");
    expect(fn).toMatchObject({ id: "noop", name: "noop", slug: "noop", paused: false, archived: false, triggers: [], failureHandler: null });
    expect(fn.configuration).toEqual({
      retries: { value: 3, isDefault: true },
      priority: null,
      cancellations: [],
      eventsBatch: null,
      concurrency: [],
      rateLimit: null,
      debounce: null,
      throttle: null,
      singleton: null,
    });
  });

  test("the dev server's unknown plan concurrency (-1) reads as a null limit", async () => {
    const { functions } = api(() =>
      json({ data: { id: "f", configuration: { concurrency: [{ scope: "ACCOUNT", limit: { value: -1, isPlanLimit: true } }] } }, metadata }),
    );
    expect((await functions.get("my-app", "f")).configuration.concurrency).toEqual([{ scope: "account", limit: null, isPlanLimit: true, key: null }]);
  });

  test("ids are percent-encoded into their own path segments", async () => {
    const { functions, requests } = api(() => json({ data: wireFunction, metadata }));
    await functions.get("my app/x", "fn?y=1");
    expect(requests[0]!.url.pathname).toBe("/v2/apps/my%20app%2Fx/functions/fn%3Fy%3D1");
  });

  test.each([
    ["appId", ["..", "send-digest"]],
    ["functionId", ["my-app", ""]],
    ["functionId", ["my-app", "."]],
  ] as const)("a bad %s is a ValidationError and nothing is sent", async (_name, [appId, functionId]) => {
    const { functions, requests } = api(() => json({ data: wireFunction, metadata }));
    expect(await caught(functions.get(appId, functionId))).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(0);
  });

  test("an unknown function is a NotFoundError with the API's code", async () => {
    const { functions, requests } = api(() => v2Error(404, "not_found", "Function not found"));
    const err = (await caught(functions.get("my-app", "nope"))) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.code).toBe("not_found");
    expect(err.apiMessage).toBe("Function not found");
    expect(requests).toHaveLength(1);
  });
});

describe("functions.list: GET /v2/apps/{appId}/functions", () => {
  test("walks every page, sending limit and the cursor the API gave", async () => {
    const { functions, requests } = api((req) =>
      req.url.searchParams.get("cursor")
        ? json({ data: [{ ...wireFunction, id: "b", slug: "b" }], metadata, page: { limit: 1 } })
        : json({ data: [wireFunction], metadata, page: { cursor: "0b4a0e7e-0000-4000-8000-000000000001", hasMore: true, limit: 1 } }),
    );
    const ids: string[] = [];
    for await (const fn of functions.list("my-app", { limit: 1 })) ids.push(fn.id);
    expect(ids).toEqual(["send-digest", "b"]);
    expect(requests.map((r) => r.url.pathname + r.url.search)).toEqual([
      "/v2/apps/my-app/functions?limit=1",
      "/v2/apps/my-app/functions?limit=1&cursor=0b4a0e7e-0000-4000-8000-000000000001",
    ]);
  });

  test("an app with no functions (protojson omits the empty data and hasMore) is one empty page", async () => {
    const { functions, requests } = api(() => json({ metadata, page: { limit: 20 } }));
    const page = await functions.list("my-app");
    expect(page.data).toEqual([]);
    expect(page.hasNextPage()).toBe(false);
    expect(requests[0]!.url.search).toBe("");
  });

  test.each(["", "..", "."])("a bad appId %j rejects with a ValidationError naming appId; nothing is sent", async (appId) => {
    const { functions, requests } = api(() => json({ data: [] }));
    const err = (await caught(Promise.resolve(functions.list(appId)))) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues[0]!.path).toBe("appId");
    expect(requests).toHaveLength(0);
  });

  test("a limit over 100 rejects before any request", async () => {
    const { functions, requests } = api(() => json({ data: [] }));
    expect(await caught(Promise.resolve(functions.list("my-app", { limit: 101 })))).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(0);
  });
});

const runId = "01JDW3ZK9Q6S6W7V8X9Y0Z1A2B";

describe("functions.invoke: POST /v2/apps/{appId}/functions/{functionId}/invoke", () => {
  test("sends { data } and resolves the new run's id, not a duplicate", async () => {
    const { functions, requests } = api(() => json({ data: { runId }, metadata }));
    const result = await functions.invoke("my-app", "send-digest", { userId: "u_1" });
    expect(result).toEqual({ runId, duplicate: false });
    expect(requests[0]!.method).toBe("POST");
    expect(requests[0]!.url.href).toBe("https://api.inngest.com/v2/apps/my-app/functions/send-digest/invoke");
    expect(requests[0]!.headers["content-type"]).toBe("application/json");
    expect(requests[0]!.body).toEqual({ data: { userId: "u_1" } });
  });

  test("sends the idempotencyKey in the body, and nothing else the route does not declare", async () => {
    const { functions, requests } = api(() => json({ data: { runId }, metadata }));
    await functions.invoke("my-app", "send-digest", { userId: "u_1" }, { idempotencyKey: "digest-u_1", timeout: 5_000 });
    expect(requests[0]!.body).toEqual({ data: { userId: "u_1" }, idempotencyKey: "digest-u_1" });
  });

  test("a reused idempotency key (409 with the existing runId) resolves as a duplicate, not an error", async () => {
    const { functions, requests } = api(() => json({ data: { runId }, metadata }, 409));
    const result = await functions.invoke("my-app", "send-digest", { userId: "u_1" }, { idempotencyKey: "digest-u_1" });
    expect(result).toEqual({ runId, duplicate: true });
    expect(requests).toHaveLength(1);
  });

  test("a 409 that carries no runId is still a ConflictError", async () => {
    const { functions } = api(() => v2Error(409, "idempotency_conflict", "conflict"));
    const err = (await caught(functions.invoke("my-app", "send-digest", {}, { idempotencyKey: "k" }))) as ConflictError;
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.code).toBe("idempotency_conflict");
  });

  test.each([
    ["rate_limited", "Function execution rate limit exceeded. Please try again later."],
    ["function_debounced", "Function invocation was debounced."],
    ["function_skipped", "Function invocation was skipped because the function is paused or draining."],
  ])("a 422 %s is an UnprocessableEntityError carrying that code, not retried", async (code, message) => {
    const { functions, requests } = api(() => v2Error(422, code, message));
    const err = (await caught(functions.invoke("my-app", "send-digest", {}, { idempotencyKey: "k" }))) as UnprocessableEntityError;
    expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect(err).not.toBeInstanceOf(RateLimitError);
    expect(err.name).toBe("UnprocessableEntityError");
    expect(err.status).toBe(422);
    expect(err.code).toBe(code);
    expect(err.apiMessage).toBe(message);
    expect(requests).toHaveLength(1);
  });

  test("without an idempotencyKey a 503 is not retried: the run may have started", async () => {
    const { functions, requests } = api(() => v2Error(503, "internal_error", "unavailable"));
    expect(await caught(functions.invoke("my-app", "send-digest", {}))).toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(1);
  });

  test("with an idempotencyKey a 503 is retried, with the same key, until it succeeds", async () => {
    const { functions, requests } = api((_req, n) => (n < 3 ? v2Error(503, "internal_error", "unavailable") : json({ data: { runId }, metadata })));
    expect(await functions.invoke("my-app", "send-digest", { a: 1 }, { idempotencyKey: "k-1" })).toEqual({ runId, duplicate: false });
    expect(requests).toHaveLength(3);
    expect(requests.map((r) => r.body)).toEqual(Array(3).fill({ data: { a: 1 }, idempotencyKey: "k-1" }));
  });

  test("with an idempotencyKey, a retry after a lost answer meets the 409 and resolves the first run", async () => {
    const { functions, requests } = api((_req, n) => {
      if (n === 1) throw networkFailure("ECONNRESET");
      return json({ data: { runId }, metadata }, 409);
    });
    expect(await functions.invoke("my-app", "send-digest", {}, { idempotencyKey: "k-1" })).toEqual({ runId, duplicate: true });
    expect(requests).toHaveLength(2);
  });

  test("without an idempotencyKey a refused connection is retried (the request never reached the server), a reset is not", async () => {
    const refused = api((_req, n) => {
      if (n === 1) throw networkFailure("ECONNREFUSED");
      return json({ data: { runId }, metadata });
    });
    expect(await refused.functions.invoke("my-app", "send-digest", {})).toEqual({ runId, duplicate: false });
    expect(refused.requests).toHaveLength(2);

    const reset = api(() => {
      throw networkFailure("ECONNRESET");
    });
    await caught(reset.functions.invoke("my-app", "send-digest", {}));
    expect(reset.requests).toHaveLength(1);
  });

  test("an unknown function is a NotFoundError", async () => {
    const { functions } = api(() => v2Error(404, "not_found", "Function not found"));
    expect(await caught(functions.invoke("my-app", "nope", {}))).toBeInstanceOf(NotFoundError);
  });

  test.each([
    ["appId", () => ["", "send-digest", {}] as const],
    ["functionId", () => ["my-app", "..", {}] as const],
    ["data (an array)", () => ["my-app", "send-digest", [1, 2]] as const],
    ["data (null)", () => ["my-app", "send-digest", null] as const],
    ["data (a BigInt inside)", () => ["my-app", "send-digest", { n: 1n }] as const],
  ])("a bad %s is a ValidationError and nothing is sent", async (_name, args) => {
    const { functions, requests } = api(() => json({ data: { runId }, metadata }));
    const [appId, functionId, data] = args();
    expect(await caught(functions.invoke(appId, functionId, data as never))).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(0);
  });

  test("an empty idempotencyKey is refused before the wire (it would dedupe every call that sends it)", async () => {
    const { functions, requests } = api(() => json({ data: { runId }, metadata }));
    const err = (await caught(functions.invoke("my-app", "send-digest", {}, { idempotencyKey: "" }))) as ValidationError;
    expect(err.issues).toEqual([{ path: "idempotencyKey", message: "must be a non-empty string" }]);
    expect(requests).toHaveLength(0);
  });
});
