import { mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "tsup";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as sdk from "../src/index.js";
import {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  createInngestClient,
  InngestApiError,
  InngestError,
  InternalServerError,
  isInngestApiError,
  isInngestError,
  isPartialSendError,
  NotFoundError,
  PartialSendError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
  ValidationError,
} from "../src/index.js";
import { numbered } from "./helpers/event-api.js";
import { acceptAll, caught, hang, json, networkFailure, wire } from "./helpers/wire.js";

const eventKey = "test-event-key";
const signingKey = "signkey-test-12345678";

/** A client whose every request gets `response`, not retried. */
function answering(response: () => Response, options: Parameters<typeof createInngestClient>[0] = {}) {
  const w = wire(response);
  return { ...w, inngest: createInngestClient({ eventKey, signingKey, fetch: w.fetch, maxRetries: 0, ...options }) };
}

describe("every error body the API uses is read", () => {
  test("Event API {ids,status,error}: the API's message, status and body", async () => {
    const body = { ids: [], status: 400, error: "event name is empty" };
    const { inngest } = answering(() => json(body, 400));
    const err = (await caught(inngest.events.send({ name: "app/x" }))) as BadRequestError;
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({ status: 400, apiMessage: "event name is empty", body, method: "POST", path: "/e/***", attempts: 1 });
    expect(err.message).toBe("400 event name is empty (POST /e/***)");
  });

  test("Event API key error {status,message,error}: the `error` text, not the empty `message`", async () => {
    const { inngest } = answering(() => json({ status: 401, message: "", error: "Event key not found" }, 401));
    const err = (await caught(inngest.events.send({ name: "app/x" }))) as AuthenticationError;
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.status).toBe(401);
    expect(err.apiMessage).toBe("Event key not found");
    expect(err.message).toBe("401 Event key not found (POST /e/***)");
  });

  test("v1 {error,data,status} with a code", async () => {
    const body = { error: "Invalid run ID: nope", data: null, status: 400, code: "invalid_run_id" };
    const { inngest } = answering(() => json(body, 400));
    const err = (await caught(inngest.runs.jobs("nope"))) as BadRequestError;
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({ status: 400, code: "invalid_run_id", apiMessage: "Invalid run ID: nope", body, method: "GET", path: "/v1/runs/nope/jobs" });
    expect(err.message).toBe("400 Invalid run ID: nope (GET /v1/runs/nope/jobs)");
  });

  test("v2 {errors:[{code,message}]}: the first error's code and message", async () => {
    const body = { errors: [{ code: "run_already_cancelled", message: "Run is already cancelled" }, { code: "other", message: "x" }] };
    const { inngest } = answering(() => json(body, 409));
    const err = (await caught(inngest.runs.replay("01HRUN"))) as ConflictError;
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ status: 409, code: "run_already_cancelled", apiMessage: "Run is already cancelled", body, method: "POST", path: "/v2/runs/01HRUN/rerun" });
    expect(err.message).toBe("409 Run is already cancelled (POST /v2/runs/01HRUN/rerun)");
  });

  test("plain text (the dev server's 401)", async () => {
    const { inngest } = answering(() => new Response("Authentication failed\n", { status: 401, headers: { "content-type": "text/plain" } }));
    const err = (await caught(inngest.runs.get("01HRUN"))) as AuthenticationError;
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.body).toBe("Authentication failed\n");
    expect(err.apiMessage).toBe("Authentication failed");
    expect(err.code).toBeUndefined();
    expect(err.message).toBe("401 Authentication failed (GET /v2/runs/01HRUN?includeOutput=true)");
  });

  test("an empty error body still gives a typed error with the status", async () => {
    const { inngest } = answering(() => new Response(null, { status: 403 }));
    const err = (await caught(inngest.runs.cancel("01HRUN"))) as PermissionDeniedError;
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(err.message).toBe("403 (no message) (DELETE /v1/runs/01HRUN)");
  });

  test("a body that says JSON but is not is kept as text", async () => {
    const { inngest } = answering(() => new Response("{oops", { status: 502, headers: { "content-type": "application/json" } }));
    const err = (await caught(inngest.runs.get("01HRUN"))) as InternalServerError;
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.body).toBe("{oops");
  });

  test("response headers are kept, lower-cased", async () => {
    const { inngest } = answering(() => json({ errors: [{ code: "rate_limited", message: "slow down" }] }, 429, { "Retry-After": "120", "X-Request-Id": "req_1" }));
    const err = (await caught(inngest.apps.list())) as RateLimitError;
    expect(err.headers).toMatchObject({ "retry-after": "120", "x-request-id": "req_1" });
    expect(err.retryAfterMs).toBe(120_000);
  });
});

describe("the Event API can fail with HTTP 200", () => {
  test("HTTP 200 whose body has status 400 and an error is a BadRequestError, not a success", async () => {
    const { inngest, requests } = answering(() => json({ ids: [], status: 400, error: "Cannot have more than 5000 events in a batch" }), { maxRetries: 2 });
    const err = (await caught(inngest.events.send({ name: "app/x" }))) as BadRequestError;
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.status).toBe(400);
    expect(err.message).toContain("Cannot have more than 5000 events in a batch");
    expect(requests).toHaveLength(1);
  });

  test("HTTP 200 with status 200 but an `error` is an InngestApiError", async () => {
    const { inngest } = answering(() => json({ ids: ["a"], status: 200, error: "something went wrong" }));
    const err = (await caught(inngest.events.send({ name: "app/x" }))) as InngestApiError;
    expect(err).toBeInstanceOf(InngestApiError);
    expect(err).not.toBeInstanceOf(PartialSendError);
    expect(err.message).toContain("something went wrong");
    // What the server said it took stays on the error.
    expect(err.acceptedIds).toEqual(["a"]);
  });

  test("HTTP 200 with the wrong number of ids is refused as an unexpected answer", async () => {
    const { inngest } = answering(() => json({ ids: ["only-one"], status: 200 }));
    const err = await caught(inngest.events.send(numbered(2)));
    expect(err).toBeInstanceOf(InngestError);
    expect((err as Error).message).toMatch(/Unexpected response shape from POST \/e\/\*\*\*: expected 2 ids, got 1/);
  });

  test("a REST 200 of the wrong shape is an InngestError naming the field, not a zod error", async () => {
    const { inngest } = answering(() => json({ data: { status: "Running" } }));
    const err = await caught(inngest.runs.get("01HRUN"));
    expect(err).toBeInstanceOf(InngestError);
    expect(err).not.toBeInstanceOf(InngestApiError);
    expect((err as Error).message).toMatch(/^Unexpected response shape from GET \/v2\/runs\/01HRUN\?includeOutput=true: data\.id/);
  });
});

describe("status -> class", () => {
  const table: [status: number, cls: typeof InngestApiError, name: string][] = [
    [400, BadRequestError, "BadRequestError"],
    [401, AuthenticationError, "AuthenticationError"],
    [403, PermissionDeniedError, "PermissionDeniedError"],
    [404, NotFoundError, "NotFoundError"],
    [409, ConflictError, "ConflictError"],
    [413, PayloadTooLargeError, "PayloadTooLargeError"],
    [418, InngestApiError, "InngestApiError"],
    [422, UnprocessableEntityError, "UnprocessableEntityError"],
    [429, RateLimitError, "RateLimitError"],
    [500, InternalServerError, "InternalServerError"],
    [501, InternalServerError, "InternalServerError"],
    [502, InternalServerError, "InternalServerError"],
    [503, InternalServerError, "InternalServerError"],
    [504, InternalServerError, "InternalServerError"],
  ];
  test.each(table)("%i is a %O named %s, an InngestApiError and an InngestError", async (status, cls, name) => {
    const { inngest } = answering(() => json({ errors: [{ code: "c", message: "m" }] }, status));
    const err = (await caught(inngest.runs.jobs("01HRUN"))) as InngestApiError;
    expect(err).toBeInstanceOf(cls);
    expect(err.constructor).toBe(cls);
    expect(err.name).toBe(name);
    expect(err.status).toBe(status);
    expect(err).toBeInstanceOf(InngestApiError);
    expect(err).toBeInstanceOf(InngestError);
    expect(err).toBeInstanceOf(Error);
    expect(isInngestApiError(err)).toBe(true);
    expect(isInngestError(err)).toBe(true);
    expect(String(err)).toBe(`${name}: ${status} m (GET /v1/runs/01HRUN/jobs)`);
  });
});

describe("errors without a response", () => {
  test("a network failure is a ConnectionError whose cause is a plain sanitised copy, never a ky error", async () => {
    const { fetch } = wire(() => {
      throw networkFailure("ECONNRESET");
    });
    const inngest = createInngestClient({ signingKey, fetch, maxRetries: 0 });
    const err = (await caught(inngest.runs.get("01HRUN"))) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.name).toBe("ConnectionError");
    expect(err).toMatchObject({ method: "GET", path: "/v2/runs/01HRUN?includeOutput=true", attempts: 1 });
    expect(err.message).toBe("Connection failed: fetch failed [ECONNRESET] (GET /v2/runs/01HRUN?includeOutput=true)");
    for (let c: unknown = err.cause; c; c = (c as { cause?: unknown }).cause) {
      expect(c).toBeInstanceOf(Error);
      expect((c as Error).name).not.toMatch(/NetworkError|HTTPError|KyError|TimeoutError/);
      expect(Object.keys(c as object)).not.toContain("request");
      expect(c).not.toHaveProperty("request");
      expect(c).not.toHaveProperty("response");
    }
  });

  test("a fetch that throws a non-Error value is still a ConnectionError", async () => {
    const fetch = (() => Promise.reject("socket hang up")) as unknown as typeof globalThis.fetch;
    const err = await caught(createInngestClient({ signingKey, fetch, maxRetries: 0 }).runs.get("x"));
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toContain("socket hang up");
  });

  test("a timeout is a TimeoutError, which is a ConnectionError", async () => {
    const { fetch } = wire((_req, _n, signal) => hang(signal));
    const err = await caught(createInngestClient({ signingKey, fetch, maxRetries: 0, timeout: 20 }).runs.get("x"));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).name).toBe("TimeoutError");
    expect((err as Error).message).toBe("Attempt timed out after 20 ms (GET /v2/runs/x?includeOutput=true)");
  });

  test("the caller's abort is an AbortError (err.name === 'AbortError') carrying the signal's reason", async () => {
    const { fetch } = wire((_req, _n, signal) => hang(signal));
    const controller = new AbortController();
    const pending = caught(createInngestClient({ signingKey, fetch }).runs.get("x", { signal: controller.signal }));
    const reason = new Error("user navigated away");
    setTimeout(() => controller.abort(reason), 5);
    const err = (await pending) as AbortError;
    expect(err).toBeInstanceOf(AbortError);
    expect(err.name).toBe("AbortError");
    expect(err.cause).toBe(reason);
  });

  test("bad input is a ValidationError with issues", async () => {
    const err = (await caught(createInngestClient({ signingKey }).runs.get(""))) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.name).toBe("ValidationError");
    expect(err.issues).toEqual([{ path: "id", message: expect.stringContaining('got ""') }]);
  });

  test("a partial send is a PartialSendError whose cause is the first failure", async () => {
    const { fetch } = wire((req, n) => (n === 1 ? acceptAll(req, n, new AbortController().signal) : json({ ids: [], status: 400, error: "bad" }, 400)));
    const err = (await caught(createInngestClient({ eventKey, fetch, batchSize: 1 }).events.send(numbered(2), { concurrency: 1 }))) as PartialSendError;
    expect(err).toBeInstanceOf(PartialSendError);
    expect(err.name).toBe("PartialSendError");
    expect(isPartialSendError(err)).toBe(true);
    expect(err.cause).toBe(err.errors[0]);
    expect(err.message).toMatch(/^1 of 2 events were accepted; 1 were not/);
  });
});

describe("guards", () => {
  test("reject values that are not this SDK's errors", () => {
    for (const v of [new Error("x"), new TypeError("x"), { name: "InngestError" }, null, undefined, "InngestError", Object.create(InngestError.prototype)]) {
      expect(isInngestError(v)).toBe(false);
      expect(isInngestApiError(v)).toBe(false);
      expect(isPartialSendError(v)).toBe(false);
      expect(v instanceof InngestError).toBe(false);
    }
  });

  test("a subclass is not mistaken for a sibling", () => {
    const err = new NotFoundError({ status: 404, method: "GET", path: "/x", apiMessage: "" });
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).not.toBeInstanceOf(ConflictError);
    expect(err).not.toBeInstanceOf(ConnectionError);
    expect(isPartialSendError(err)).toBe(false);
  });
});

describe("two copies of the package in one process (CJS and ESM builds)", () => {
  type Sdk = typeof sdk;
  let cjs: Sdk;
  let esm: Sdk;
  // Inside node_modules, so the ESM copy resolves ky and zod from the project.
  const outDir = join(process.cwd(), "node_modules", ".cache", "inngest-rest-branding", `${process.pid}-${Date.now()}`);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  beforeAll(async () => {
    // Our own build of the public entry (the package's tsup settings, the index entry only), so
    // the test does not depend on a prior `npm run build`.
    mkdirSync(outDir, { recursive: true });
    const common = { entry: { index: "src/index.ts" }, outDir, config: false, silent: true, dts: false, platform: "neutral" as const, target: "es2022" };
    await build({ ...common, format: ["esm"], clean: true });
    await build({ ...common, format: ["cjs"], noExternal: ["ky"] });
    cjs = createRequire(import.meta.url)(join(outDir, "index.cjs")) as Sdk;
    esm = (await import(pathToFileURL(join(outDir, "index.js")).href)) as Sdk;
    expect(cjs.InngestError).not.toBe(esm.InngestError);
    expect(esm.InngestError).not.toBe(InngestError);
  }, 60_000);

  test("an error thrown by one copy is an instance of the other copy's classes, and passes its guards", async () => {
    const fromCjs = await caught(cjs.createInngestClient({ signingKey }).runs.get(""));
    const fromEsm = await caught(esm.createInngestClient({ signingKey }).runs.get("."));
    for (const [err, other] of [
      [fromCjs, esm],
      [fromEsm, cjs],
      [fromCjs, sdk],
    ] as const) {
      expect(err).toBeInstanceOf(other.ValidationError);
      expect(err).toBeInstanceOf(other.InngestError);
      expect(err).not.toBeInstanceOf(other.InngestApiError);
      expect(other.isInngestError(err)).toBe(true);
      expect(other.isInngestApiError(err)).toBe(false);
    }
  });

  test("API errors and partial sends cross copies too", async () => {
    const { fetch } = wire(() => json({ errors: [{ code: "not_found", message: "gone" }] }, 404));
    const notFound = await caught(cjs.createInngestClient({ signingKey, fetch }).runs.get("x"));
    expect(notFound).toBeInstanceOf(esm.NotFoundError);
    expect(notFound).toBeInstanceOf(esm.InngestApiError);
    expect(esm.isInngestApiError(notFound)).toBe(true);
    expect(notFound).not.toBeInstanceOf(esm.RateLimitError);

    const partial = await caught(
      esm.createInngestClient({ eventKey, fetch: wire((req, n) => (n === 1 ? acceptAll(req, n, new AbortController().signal) : json({ ids: [], status: 400, error: "x" }, 400))).fetch, batchSize: 1 }).events.send(numbered(2), { concurrency: 1 }),
    );
    expect(partial).toBeInstanceOf(cjs.PartialSendError);
    expect(cjs.isPartialSendError(partial)).toBe(true);
    expect(isPartialSendError(partial)).toBe(true);
  });
});
