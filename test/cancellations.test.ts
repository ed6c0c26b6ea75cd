import { describe, expect, test } from "vitest";
import { BadRequestError, type Cancellations, createInngestClient, InngestApiError, InternalServerError, NotFoundError, NotSupportedError, ValidationError } from "../src/index.js";
import { caught, json, networkFailure, wire, type Handler } from "./helpers/wire.js";

const signingKey = "signkey-prod-00112233445566778899aabbccddeeff";
const metadata = { fetched_at: "2026-12-01T09:00:00Z", cached_until: null };

function api(handler: Handler) {
  const w = wire(handler);
  return { ...w, cancellations: createInngestClient({ signingKey, fetch: w.fetch, retryBaseDelay: 1 }).cancellations };
}

const id = "01JDW40000AAAABBBBCCCCDDDD";
/** `cqrs.Cancellation` as Go's encoding/json writes it (pkg/cqrs/cancellations.go). */
const wireCancellation = {
  created_at: "2026-12-01T09:00:00.123456Z",
  name: null,
  id,
  account_id: "6f0b2c1e-0000-4000-8000-00000000000a",
  environment_id: "6f0b2c1e-0000-4000-8000-00000000000e",
  app_id: "6f0b2c1e-0000-4000-8000-0000000000a9",
  function_internal_id: "6f0b2c1e-0000-4000-8000-0000000000f1",
  function_id: "my-app-send-email",
  started_after: "2026-12-01T08:00:00Z",
  started_before: "2026-12-01T09:00:00Z",
  if: "event.data.userId == 'u_1'",
  kind: "bulk_run",
  cause: "API",
  queue_name: null,
};
const cancellation = {
  id,
  createdAt: "2026-12-01T09:00:00.123456Z",
  functionId: "my-app-send-email",
  functionInternalId: "6f0b2c1e-0000-4000-8000-0000000000f1",
  appInternalId: "6f0b2c1e-0000-4000-8000-0000000000a9",
  environmentId: "6f0b2c1e-0000-4000-8000-00000000000e",
  startedAfter: "2026-12-01T08:00:00Z",
  startedBefore: "2026-12-01T09:00:00Z",
  if: "event.data.userId == 'u_1'",
  kind: "bulk_run",
  cause: "api",
  name: null,
};

describe("cancellations.create: POST /v1/cancellations", () => {
  test("sends the snake_case body the handler decodes and resolves the cancellation in camelCase", async () => {
    const { cancellations, requests } = api(() => json({ data: wireCancellation, metadata }));
    const result = await cancellations.create({
      appId: "my-app",
      functionId: "my-app-send-email",
      startedAfter: "2026-12-01T08:00:00Z",
      startedBefore: new Date("2026-12-01T09:00:00Z"),
      if: "event.data.userId == 'u_1'",
    });
    expect(result).toEqual(cancellation);
    expect(requests[0]!.method).toBe("POST");
    expect(requests[0]!.url.href).toBe("https://api.inngest.com/v1/cancellations");
    expect(requests[0]!.body).toEqual({
      app_id: "my-app",
      function_id: "my-app-send-email",
      started_before: "2026-12-01T09:00:00.000Z",
      started_after: "2026-12-01T08:00:00.000Z",
      if: "event.data.userId == 'u_1'",
    });
  });

  test("sends only the fields given: no started_after and no if when they are left out", async () => {
    const { cancellations, requests } = api(() => json({ data: { ...wireCancellation, started_after: null, if: undefined }, metadata }));
    const result = await cancellations.create({ appId: "my-app", functionId: "f", startedBefore: "2026-12-01T09:00:00Z" });
    expect(requests[0]!.body).toEqual({ app_id: "my-app", function_id: "f", started_before: "2026-12-01T09:00:00.000Z" });
    expect(result.startedAfter).toBeNull();
    expect(result.if).toBeNull();
  });

  test("reads the bare object that servers before Feb 2024 answered", async () => {
    const { cancellations } = api(() => json(wireCancellation));
    expect(await cancellations.create({ appId: "my-app", functionId: "f", startedBefore: new Date() })).toEqual(cancellation);
  });

  test.each([
    ["appId missing", { functionId: "f", startedBefore: new Date() }, "appId"],
    ["functionId empty", { appId: "a", functionId: "", startedBefore: new Date() }, "functionId"],
    ["startedBefore missing", { appId: "a", functionId: "f" }, "startedBefore"],
    ["startedBefore not a time", { appId: "a", functionId: "f", startedBefore: "yesterday-ish" }, "startedBefore"],
    ["startedBefore in the future", { appId: "a", functionId: "f", startedBefore: new Date(Date.now() + 60_000) }, "startedBefore"],
    ["startedAfter after startedBefore", { appId: "a", functionId: "f", startedAfter: "2026-12-01T10:00:00Z", startedBefore: "2026-12-01T09:00:00Z" }, "startedAfter"],
    ["if not a string", { appId: "a", functionId: "f", startedBefore: new Date(), if: 42 }, "if"],
  ])("%s is a ValidationError naming the field; nothing is sent", async (_name, params, field) => {
    const { cancellations, requests } = api(() => json({ data: wireCancellation, metadata }));
    const err = (await caught(cancellations.create(params as never))) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues.map((i) => i.path)).toContain(field);
    expect(requests).toHaveLength(0);
  });

  test("startedBefore a moment ahead of this clock is allowed, as the server allows 5 s of skew", async () => {
    const { cancellations, requests } = api(() => json({ data: wireCancellation, metadata }));
    await cancellations.create({ appId: "a", functionId: "f", startedBefore: new Date(Date.now() + 2_000) });
    expect(requests).toHaveLength(1);
  });

  test("an unknown function is a NotFoundError; a bad CEL expression a BadRequestError with the server's words", async () => {
    const missing = api(() => json({ error: "function not found", data: null, status: 404 }, 404));
    expect(await caught(missing.cancellations.create({ appId: "a", functionId: "nope", startedBefore: new Date() }))).toBeInstanceOf(NotFoundError);

    const badIf = api(() => json({ error: "invalid expression: undeclared reference to 'evnt'", data: null, status: 400 }, 400));
    const err = (await caught(badIf.cancellations.create({ appId: "a", functionId: "f", startedBefore: new Date(), if: "evnt.x" }))) as BadRequestError;
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.apiMessage).toMatch(/^invalid expression/);
  });

  test("not idempotent: a 500 is not retried, a refused connection is", async () => {
    const failing = api(() => json({ error: "Error creating cancellation", data: null, status: 500 }, 500));
    expect(await caught(failing.cancellations.create({ appId: "a", functionId: "f", startedBefore: new Date() }))).toBeInstanceOf(InternalServerError);
    expect(failing.requests).toHaveLength(1);

    const refused = api((_req, n) => {
      if (n === 1) throw networkFailure("ECONNREFUSED");
      return json({ data: wireCancellation, metadata });
    });
    await refused.cancellations.create({ appId: "a", functionId: "f", startedBefore: new Date() });
    expect(refused.requests).toHaveLength(2);
  });
});

describe("cancellations.list: GET /v1/cancellations", () => {
  test("resolves every cancellation, normalised", async () => {
    const { cancellations, requests } = api(() => json({ data: [wireCancellation, { ...wireCancellation, id: "01JDW40000AAAABBBBCCCCEEEE", unknown: 1 }], metadata }));
    const { data: list, hasMore } = await cancellations.list();
    expect(hasMore).toBe(false);
    expect(list).toEqual([cancellation, { ...cancellation, id: "01JDW40000AAAABBBBCCCCEEEE" }]);
    expect(requests[0]!.method).toBe("GET");
    expect(requests[0]!.url.href).toBe("https://api.inngest.com/v1/cancellations");
  });

  test("an error the v1 cache middleware passed on as HTTP 200 is an error, not an empty list", async () => {
    // pkg/api/apiv1/cache.go copies the handler's body but not its status on every v1 GET.
    const { cancellations } = api(() => json({ error: "Error listing cancellations", data: null, status: 500 }, 200));
    const err = (await caught(cancellations.list())) as InternalServerError;
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.apiMessage).toBe("Error listing cancellations");
  });

  test("an environment with none (Go's nil slice, data: null) resolves []", async () => {
    const { cancellations } = api(() => json({ data: null, metadata }));
    expect((await cancellations.list()).data).toEqual([]);
  });
});

describe("cancellations.delete: DELETE /v1/cancellations/{id}", () => {
  test("deletes by id and resolves to nothing", async () => {
    const { cancellations, requests } = api(() => json({ data: { ok: true }, metadata }));
    expect(await cancellations.delete(id)).toBeUndefined();
    expect(requests[0]!.method).toBe("DELETE");
    expect(requests[0]!.url.href).toBe(`https://api.inngest.com/v1/cancellations/${id}`);
    expect(requests[0]!.text).toBe("");
  });

  test.each([
    ["200 with no body (the published spec)", () => new Response(null, { status: 200 })],
    ["204 No Content", () => new Response(null, { status: 204 })],
    ["200 with a body of another shape", () => json({ deleted: true })],
    ["200 with text", () => new Response("OK", { status: 200 })],
    ["202 with an empty JSON object", () => json({}, 202)],
    // What a v1 GET's failure in the body looks like (body.ts bodyFailure): a DELETE is not read for one.
    ["200 with a body that reads as a failure on a GET ({ error, status: 500 })", () => json({ error: "x", status: 500 })],
  ])("a 2xx answer is a success whatever its body: %s", async (_name, answer) => {
    const { cancellations, requests } = api(answer);
    expect(await cancellations.delete(id)).toBeUndefined();
    expect(requests).toHaveLength(1);
  });

  test("runs.cancel too: a DELETE answered 2xx with no body or another shape resolves", async () => {
    for (const answer of [() => new Response(null, { status: 204 }), () => json({ data: null })]) {
      const w = wire(answer);
      const runs = createInngestClient({ signingKey, fetch: w.fetch }).runs;
      expect(await runs.cancel(id)).toBeUndefined();
    }
  });

  test("a missing cancellation is a NotFoundError", async () => {
    const { cancellations } = api(() => json({ error: "Cancellation not found", data: null, status: 404 }, 404));
    const err = (await caught(cancellations.delete(id))) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.apiMessage).toBe("Cancellation not found");
  });

  test.each(["", "..", ".", "not-a-ulid", `${id}/../x`])("a bad id %j is a ValidationError; nothing is sent", async (bad) => {
    const { cancellations, requests } = api(() => json({ data: { ok: true }, metadata }));
    expect(await caught(cancellations.delete(bad))).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(0);
  });
});

describe("bulk cancellation on the Inngest dev server, which does not support it", () => {
  /** The dev server's answer: chi's recoverer after a panic, an empty 500 with the dev server's header. */
  const devPanic = () => new Response(null, { status: 500, headers: { "x-inngest-server-kind": "dev", vary: "Origin" } });
  const calls = [
    ["list", "GET", (c: Cancellations) => c.list()],
    ["create", "POST", (c: Cancellations) => c.create({ appId: "a", functionId: "f", startedBefore: new Date() })],
    ["delete", "DELETE", (c: Cancellations) => c.delete(id)],
  ] as const;

  test.each(calls)("%s: a NotSupportedError that says so, after one request (retrying cannot help)", async (_name, method, call) => {
    const { cancellations, requests } = api(devPanic);
    const err = (await caught(call(cancellations))) as NotSupportedError;
    expect(err).toBeInstanceOf(NotSupportedError);
    expect(err).toBeInstanceOf(InngestApiError);
    expect(err.name).toBe("NotSupportedError");
    expect(err.feature).toBe("bulk cancellation");
    expect(err.status).toBe(500);
    expect(err.message).toMatch(/^The Inngest dev server does not support bulk cancellation \(Inngest Cloud does\)/);
    expect(requests.map((r) => r.method)).toEqual([method]);
  });

  test("a 500 with an error body from a dev server is a server error, retried: only an empty one says unsupported", async () => {
    const devError = () => json({ error: "Error listing cancellations", status: 500 }, 500, { "x-inngest-server-kind": "dev" });
    const { cancellations, requests } = api(devError);
    const err = (await caught(cancellations.list())) as InternalServerError;
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err).not.toBeInstanceOf(NotSupportedError);
    expect(err.apiMessage).toBe("Error listing cancellations");
    expect(requests).toHaveLength(3); // the first try and the default maxRetries of 2
  });

  test("an empty 500 from a server that is not a dev server is still a server error, retried", async () => {
    const { cancellations, requests } = api((_r, n) => (n === 1 ? new Response(null, { status: 500 }) : json({ data: [], metadata })));
    expect((await cancellations.list()).data).toEqual([]);
    expect(requests).toHaveLength(2);
  });
});
