import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { createInngestClient, InngestError, MissingKeyError, ValidationError, VERSION } from "../src/index.js";
import { acceptAll, caught, json, wire, type WireRequest } from "./helpers/wire.js";

const ENV = [
  "INNGEST_EVENT_KEY",
  "INNGEST_SIGNING_KEY",
  "INNGEST_SIGNING_KEY_FALLBACK",
  "INNGEST_ENV",
  "INNGEST_BASE_URL",
  "INNGEST_EVENT_API_BASE_URL",
  "INNGEST_API_BASE_URL",
  "INNGEST_DEV",
];

beforeEach(() => {
  for (const name of ENV) vi.stubEnv(name, undefined);
});
afterEach(() => vi.unstubAllEnvs());

const run = { data: { id: "01HRUN", status: "RUNNING" } };
/** Answers the Event API and the REST API alike. */
const both = (req: WireRequest, n: number, signal: AbortSignal) =>
  req.url.pathname.startsWith("/e/") ? acceptAll(req, n, signal) : json(run);

/** A client from env + options, and where its event and REST requests went. */
async function where(options: Parameters<typeof createInngestClient>[0] = {}) {
  const { fetch, requests } = wire(both);
  const inngest = createInngestClient({ fetch, ...options });
  await inngest.events.send({ name: "app/x" });
  await inngest.runs.get("01HRUN");
  return { event: requests[0]!, rest: requests[1]!, requests };
}

describe("environment variables", () => {
  test("INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY are used when no option is given", async () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "env-event-key");
    vi.stubEnv("INNGEST_SIGNING_KEY", "signkey-test-12345678");
    const { event, rest } = await where();
    expect(event.url.href).toBe("https://inn.gs/e/env-event-key");
    expect(rest.url.href).toBe("https://api.inngest.com/v2/runs/01HRUN?includeOutput=true");
    expect(rest.headers.authorization).toBe("Bearer signkey-test-b2ed992186a5cb19f6668aade821f502c1d00970dfd0e35128d51bac4649916c");
  });

  test("INNGEST_SIGNING_KEY_FALLBACK is used on a 401", async () => {
    vi.stubEnv("INNGEST_SIGNING_KEY", "signkey-test-aa");
    vi.stubEnv("INNGEST_SIGNING_KEY_FALLBACK", "fallback-raw-key");
    const { fetch, requests } = wire((_r, n) => (n === 1 ? new Response("no", { status: 401 }) : json(run)));
    await createInngestClient({ fetch }).runs.get("01HRUN");
    expect(requests[1]!.headers.authorization).toBe("Bearer fallback-raw-key");
  });

  test("INNGEST_ENV is sent as x-inngest-env on both APIs", async () => {
    vi.stubEnv("INNGEST_ENV", "branch-7");
    const { event, rest } = await where({ eventKey: "k", signingKey: "s-key" });
    expect(event.headers["x-inngest-env"]).toBe("branch-7");
    expect(rest.headers["x-inngest-env"]).toBe("branch-7");
  });

  test("INNGEST_BASE_URL points both APIs at one host", async () => {
    vi.stubEnv("INNGEST_BASE_URL", "http://inngest.internal:9000/");
    const { event, rest } = await where({ eventKey: "k", signingKey: "s-key" });
    expect(event.url.href).toBe("http://inngest.internal:9000/e/k");
    expect(rest.url.href).toBe("http://inngest.internal:9000/v2/runs/01HRUN?includeOutput=true");
  });

  test("INNGEST_EVENT_API_BASE_URL and INNGEST_API_BASE_URL win over INNGEST_BASE_URL, each for its API", async () => {
    vi.stubEnv("INNGEST_BASE_URL", "http://both.example");
    vi.stubEnv("INNGEST_EVENT_API_BASE_URL", "http://events.example");
    vi.stubEnv("INNGEST_API_BASE_URL", "http://rest.example/prefix");
    const { event, rest } = await where({ eventKey: "k", signingKey: "s-key" });
    expect(event.url.href).toBe("http://events.example/e/k");
    expect(rest.url.href).toBe("http://rest.example/prefix/v2/runs/01HRUN?includeOutput=true");
  });

  test("INNGEST_DEV=1: both APIs on http://localhost:8288, and no keys needed", async () => {
    vi.stubEnv("INNGEST_DEV", "1");
    const { event, rest } = await where();
    // The dev server takes any key; the official SDK sends this placeholder.
    expect(event.url.href).toBe("http://localhost:8288/e/NO_EVENT_KEY_SET");
    expect(rest.url.href).toBe("http://localhost:8288/v2/runs/01HRUN?includeOutput=true");
    expect(rest.headers).not.toHaveProperty("authorization");
  });

  test("INNGEST_DEV=<url>: dev mode on that URL", async () => {
    vi.stubEnv("INNGEST_DEV", "http://127.0.0.1:9999");
    const { event, rest } = await where();
    expect(event.url.href).toBe("http://127.0.0.1:9999/e/NO_EVENT_KEY_SET");
    expect(rest.url.href).toBe("http://127.0.0.1:9999/v2/runs/01HRUN?includeOutput=true");
  });

  test("INNGEST_DEV=0 is Inngest Cloud, where a key is required", async () => {
    vi.stubEnv("INNGEST_DEV", "0");
    const { fetch, requests } = wire(both);
    await expect(createInngestClient({ fetch }).events.send({ name: "app/x" })).rejects.toThrow(/INNGEST_EVENT_KEY/);
    expect(requests).toHaveLength(0);
  });

  test("an empty variable counts as unset", async () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "");
    const { fetch } = wire(both);
    await expect(createInngestClient({ fetch }).events.send({ name: "app/x" })).rejects.toThrow(/INNGEST_EVENT_KEY/);
  });
});

describe("explicit options win over the environment", () => {
  test("keys, env and URLs", async () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "env-event-key");
    vi.stubEnv("INNGEST_SIGNING_KEY", "env-signing-key");
    vi.stubEnv("INNGEST_ENV", "env-branch");
    vi.stubEnv("INNGEST_BASE_URL", "http://env.example");
    vi.stubEnv("INNGEST_EVENT_API_BASE_URL", "http://env-events.example");
    vi.stubEnv("INNGEST_API_BASE_URL", "http://env-rest.example");
    vi.stubEnv("INNGEST_DEV", "1");
    const { event, rest } = await where({
      eventKey: "opt-event-key",
      signingKey: "opt-signing-key",
      env: "opt-branch",
      eventBaseUrl: "https://events.opt.example",
      apiBaseUrl: "https://rest.opt.example",
    });
    expect(event.url.href).toBe("https://events.opt.example/e/opt-event-key");
    expect(rest.url.href).toBe("https://rest.opt.example/v2/runs/01HRUN?includeOutput=true");
    expect(rest.headers.authorization).toBe("Bearer opt-signing-key");
    expect(event.headers["x-inngest-env"]).toBe("opt-branch");
  });

  test("the baseUrl option wins over the per-API variables", async () => {
    vi.stubEnv("INNGEST_EVENT_API_BASE_URL", "http://env-events.example");
    vi.stubEnv("INNGEST_API_BASE_URL", "http://env-rest.example");
    const { event, rest } = await where({ eventKey: "k", signingKey: "s-key", baseUrl: "http://localhost:8288" });
    expect(event.url.origin).toBe("http://localhost:8288");
    expect(rest.url.origin).toBe("http://localhost:8288");
  });

  test("isDev: false overrides INNGEST_DEV=1", async () => {
    vi.stubEnv("INNGEST_DEV", "1");
    const { event } = await where({ isDev: false, eventKey: "k", signingKey: "s-key" });
    expect(event.url.origin).toBe("https://inn.gs");
  });
});

describe("options are checked when the client is created", () => {
  test.each([0, 5001, 1.5, -1, Number.NaN])("batchSize %s throws an InngestError at once", (batchSize) => {
    expect(() => createInngestClient({ batchSize })).toThrow(InngestError);
    expect(() => createInngestClient({ batchSize })).toThrow(/batchSize/);
  });

  test("batchSize 1 and 5000 are accepted", () => {
    expect(() => createInngestClient({ batchSize: 1 })).not.toThrow();
    expect(() => createInngestClient({ batchSize: 5000 })).not.toThrow();
  });

  test.each([
    ["maxRetries", { maxRetries: -1 }],
    ["timeout", { timeout: 0 }],
    ["concurrency", { concurrency: 0 }],
    ["maxEventSize", { maxEventSize: 65 * 1024 * 1024 }],
    ["baseUrl", { baseUrl: "localhost:8288" }],
    ["eventBaseUrl", { eventBaseUrl: "ftp://x" }],
    ["fetch", { fetch: "nope" as unknown as typeof fetch }],
  ])("an invalid %s throws an InngestError naming it", (name, options) => {
    expect(() => createInngestClient(options)).toThrow(InngestError);
    expect(() => createInngestClient(options)).toThrow(name);
  });

  test("an invalid URL from the environment is reported under the variable's name", () => {
    vi.stubEnv("INNGEST_BASE_URL", "inngest.internal");
    expect(() => createInngestClient()).toThrow("INNGEST_BASE_URL: must be an http(s) URL");
  });

  test("a client needs no keys to be created", () => {
    expect(() => createInngestClient()).not.toThrow();
  });
});

describe("a bad option is one ValidationError, wherever it is given", () => {
  const bad: [string, Record<string, unknown>][] = [
    ["batchSize", { batchSize: 0 }],
    ["concurrency", { concurrency: 65 }],
    ["timeout", { timeout: 0 }],
    ["totalTimeout", { totalTimeout: 1.5 }],
    ["maxRetries", { maxRetries: -1 }],
  ];

  test.each(bad)("%s: the same class and message from createInngestClient and from send, and nothing is read or sent", async (_name, option) => {
    const atCreation = (() => {
      try {
        createInngestClient({ eventKey: "k", ...option });
      } catch (err) {
        return err;
      }
    })();
    expect(atCreation).toBeInstanceOf(ValidationError);
    expect(atCreation).toBeInstanceOf(InngestError);

    const { fetch, requests } = wire(acceptAll);
    let read = 0;
    function* events() {
      read++;
      yield { name: "app/x" };
    }
    const perCall = await caught(createInngestClient({ eventKey: "k", fetch }).events.send(events(), option));
    expect(perCall).toBeInstanceOf(ValidationError);
    expect((perCall as Error).message).toBe((atCreation as Error).message);
    expect(read).toBe(0);
    expect(requests).toHaveLength(0);
  });

  test.each(bad.slice(2))("%s given to a REST call is that ValidationError too, before any request", async (_name, option) => {
    const { fetch, requests } = wire(both);
    const err = await caught(createInngestClient({ signingKey: "s-key", fetch }).runs.get("01HRUN", option));
    expect(err).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(0);
  });

  test("every bad option is named in one error, with what was expected", () => {
    const err = (() => {
      try {
        createInngestClient({ batchSize: 0, timeout: Number.NaN, baseUrl: "localhost" });
      } catch (e) {
        return e as ValidationError;
      }
    })()!;
    expect(err.issues.map((i) => i.path)).toEqual(["baseUrl", "timeout", "batchSize"]);
    expect(err.message).toContain("batchSize: must be an integer from 1 to 5000, got 0");
  });

  test("a signal that is not an AbortSignal is a ValidationError before any request", async () => {
    const { fetch, requests } = wire(both);
    const inngest = createInngestClient({ eventKey: "k", signingKey: "s-key", fetch });
    const signal = { aborted: "no" } as unknown as AbortSignal;
    expect(await caught(inngest.events.send({ name: "app/x" }, { signal }))).toBeInstanceOf(ValidationError);
    expect(await caught(inngest.runs.get("01HRUN", { signal }))).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(0);
  });
});

describe("a missing key is reported by the call that needs it", () => {
  test("sending without an event key rejects naming INNGEST_EVENT_KEY, and sends nothing", async () => {
    const { fetch, requests } = wire(both);
    const inngest = createInngestClient({ fetch, signingKey: "s-key" });
    const err = await inngest.events.send({ name: "app/x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingKeyError);
    expect(err).toMatchObject({ name: "MissingKeyError", option: "eventKey" });
    expect((err as Error).message).toContain("INNGEST_EVENT_KEY");
    expect(requests).toHaveLength(0);
    // The REST API still works: it needs only the signing key.
    await inngest.runs.get("01HRUN");
    expect(requests).toHaveLength(1);
  });

  test("a REST call without a signing key rejects naming INNGEST_SIGNING_KEY, and sends nothing", async () => {
    const { fetch, requests } = wire(both);
    const inngest = createInngestClient({ fetch, eventKey: "k" });
    for (const call of [() => inngest.runs.get("x"), () => inngest.runs.list(), () => inngest.apps.list(), () => inngest.runs.cancel("x")]) {
      const err = await Promise.resolve(call()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MissingKeyError);
      expect(err).toMatchObject({ option: "signingKey" });
      expect((err as Error).message).toContain("INNGEST_SIGNING_KEY");
    }
    expect(requests).toHaveLength(0);
    await inngest.events.send({ name: "app/x" });
    expect(requests).toHaveLength(1);
  });
});

describe("Deno without --allow-env", () => {
  afterEach(() => vi.unstubAllGlobals());

  // Deno 2 throws Deno.errors.NotCapable for a permission not granted; Deno 1 threw PermissionDenied.
  test.each(["NotCapable", "PermissionDenied"])("(%s) a missing key says the environment could not be read and which permission it needs", async (name) => {
    vi.stubGlobal("Deno", {
      env: {
        get(variable: string) {
          throw Object.assign(new Error(`Requires env access to "${variable}", run again with the --allow-env flag`), { name });
        },
      },
    });
    const { fetch, requests } = wire(both);
    const inngest = createInngestClient({ fetch });
    for (const [call, variable] of [
      [() => inngest.events.send({ name: "app/x" }), "INNGEST_EVENT_KEY"],
      [() => inngest.runs.get("01HRUN"), "INNGEST_SIGNING_KEY"],
    ] as const) {
      const err = await caught(call());
      expect(err).toBeInstanceOf(InngestError);
      const { message } = err as Error;
      expect(message).toMatch(/environment could not be read/);
      expect(message).toContain(`--allow-env=${variable}`);
      expect(message).not.toMatch(/set the INNGEST_\w+ environment variable/);
    }
    expect(requests).toHaveLength(0);
  });
});

describe("the signing key is sent hashed", () => {
  test("per the reference test vector", async () => {
    const { rest } = await where({ eventKey: "k", signingKey: "signkey-test-12345678" });
    expect(rest.headers.authorization).toBe("Bearer signkey-test-b2ed992186a5cb19f6668aade821f502c1d00970dfd0e35128d51bac4649916c");
  });

  test("a client-level Authorization header, whatever its case, is not joined with the key: only the SDK's Bearer goes out", async () => {
    const { rest } = await where({ eventKey: "k", signingKey: "signkey-test-12345678", headers: { Authorization: "x", "X-Team": "ops" } });
    expect(rest.headers.authorization).toBe("Bearer signkey-test-b2ed992186a5cb19f6668aade821f502c1d00970dfd0e35128d51bac4649916c");
    expect(rest.headers["x-team"]).toBe("ops");
  });

  test.each(["sk-inn-api-abcdef", "signkey-prod-not-hex", "signkey-prod-abc", "plain"])("a key that is not signkey-<env>-<hex> (%s) is sent as it is", async (key) => {
    const { rest } = await where({ eventKey: "k", signingKey: key });
    expect(rest.headers.authorization).toBe(`Bearer ${key}`);
  });
});

test("VERSION equals package.json's version", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  expect(VERSION).toBe(pkg.version);
});

describe("no method throws synchronously: every failure is a rejected promise", () => {
  const { fetch } = wire(both);
  const noKeys = createInngestClient({ fetch });
  const inngest = createInngestClient({ fetch, eventKey: "k", signingKey: "s-key" });
  const calls: [string, () => PromiseLike<unknown>][] = [
    ['runs.get("")', () => inngest.runs.get("")],
    ['runs.cancel(".")', () => inngest.runs.cancel(".")],
    ['runs.replay("..")', () => inngest.runs.replay("..")],
    ["runs.jobs(42)", () => inngest.runs.jobs(42 as unknown as string)],
    ["runs.list({ limit: 0 })", () => inngest.runs.list({ limit: 0 })],
    ["runs.list(null)", () => inngest.runs.list(null as never)],
    ["apps.list({ limit: 500 })", () => inngest.apps.list({ limit: 500 })],
    ["apps.list(null)", () => inngest.apps.list(null as never)],
    ["events.send(invalid)", () => inngest.events.send({ name: "" })],
    ["events.send(undefined)", () => inngest.events.send(undefined as never)],
    ["events.send(x, { batchSize: 0 })", () => inngest.events.send({ name: "app/x" }, { batchSize: 0 })],
    ["runs.get(x, { maxRetries: -1 })", () => inngest.runs.get("x", { maxRetries: -1 })],
    ["events.send without a key", () => noKeys.events.send({ name: "app/x" })],
    ["runs.get without a key", () => noKeys.runs.get("x")],
  ];
  test.each(calls)("%s", async (_name, call) => {
    let result: PromiseLike<unknown> | undefined;
    expect(() => {
      result = call();
    }).not.toThrow();
    const err = await Promise.resolve(result).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InngestError);
  });

  test("bad input there is a ValidationError", async () => {
    await expect(inngest.runs.get("")).rejects.toBeInstanceOf(ValidationError);
    await expect(inngest.events.send({ name: "app/x" }, { concurrency: 65 })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("a signing key with a trailing newline (read from a secret file)", () => {
  test("is refused with a clear InngestError that does not show the key, and nothing is sent", async () => {
    const { fetch, requests } = wire(both);
    const key = "signkey-prod-0123456789abcdef0123456789abcdef\n";
    const err = await createInngestClient({ fetch, signingKey: key }).runs.get("01HRUN").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InngestError);
    expect((err as Error).message).toMatch(/trailing newline/);
    expect((err as Error).message).not.toContain("0123456789abcdef");
    expect(requests).toHaveLength(0);
  });
});

describe("header values and dev URLs", () => {
  test("a header value with a line break is refused at creation, without showing it", () => {
    expect(() => createInngestClient({ headers: { "x-team": "ops\r\nx-evil: 1" } })).toThrow(/headers\["x-team"\].*line break/);
    expect(() => createInngestClient({ env: "branch\n" })).toThrow(InngestError);
    try {
      createInngestClient({ headers: { "x-team": "secret-value\n" } });
    } catch (err) {
      expect((err as Error).message).not.toContain("secret-value");
    }
  });

  test("an INNGEST_DEV URL is not used when isDev is false (production keys never go to a dev URL)", async () => {
    vi.stubEnv("INNGEST_DEV", "http://dev.internal:8288");
    const { event } = await where({ isDev: false, eventKey: "k", signingKey: "signkey-test-00" });
    expect(event.url.origin).toBe("https://inn.gs");
  });
});
