// The one scenario every runtime runs against the fake Inngest that run.mjs starts (server.mjs).
// Plain ESM with no imports and no Node API: it is bundled into a Cloudflare Worker and an Edge VM
// script, and imported as it is by Deno, Bun and Node. It gets the SDK's module namespace (the
// built dist, loaded however that runtime loads it) and the server's URL, and returns plain JSON.

/** The event key the fake server accepts. */
export const EVENT_KEY = "evtkey-runtime-0123456789abcdef";
/** An event key the fake server refuses with a 401 whose message echoes the key. */
export const BAD_EVENT_KEY = "evtkey-refused-fedcba9876543210";
/** Hashed by the SDK to `signkey-test-<sha256 of the bytes 12 34 56 78>`. */
export const SIGNING_KEY = "signkey-test-12345678";
export const EXPECTED_BEARER = "Bearer signkey-test-b2ed992186a5cb19f6668aade821f502c1d00970dfd0e35128d51bac4649916c";
export const EVENT_NAME = "test/runtime.ping";
export const EVENT_COUNT = 5;

/** Which runtime this code runs in, told by its globals (not by anything the host passed in). */
export function detectRuntime() {
  const g = globalThis;
  if (typeof g.Deno === "object" && g.Deno?.version?.deno) return `deno ${g.Deno.version.deno}`;
  if (typeof g.Bun === "object" && g.Bun?.version) return `bun ${g.Bun.version}`;
  if (typeof g.EdgeRuntime === "string") return `edge-runtime (${g.EdgeRuntime})`;
  if (g.navigator?.userAgent === "Cloudflare-Workers") return "workerd (Cloudflare-Workers)";
  if (typeof g.process === "object" && g.process?.versions?.node) return `node ${g.process.versions.node}`;
  return "unknown";
}

/**
 * Sends a batch of 5 events with batchSize 2, walks runs.list({ limit: 2 }) with `for await`, gets
 * run-1 (the first answer that needs zod, which the SDK loads then with a dynamic `import()`), and
 * makes one send fail with a 401. Never throws: a crash is reported in `crash`.
 * @param {Record<string, any>} sdk the module namespace of inngest-rest
 * @param {string} base the fake server's URL
 */
export async function scenario(sdk, base) {
  const out = {
    runtime: detectRuntime(),
    globals: {
      process: typeof globalThis.process,
      require: typeof globalThis.require,
      Buffer: typeof globalThis.Buffer,
    },
    ids: null,
    runs: null,
    run: null,
    error: null,
    crash: null,
  };
  const step = async (name, fn) => {
    try {
      await fn();
    } catch (err) {
      out.crash ??= `${name}: ${err?.name ?? "Error"}: ${err?.message ?? String(err)}`;
    }
  };
  const { createInngestClient, InngestError, AuthenticationError, isInngestError } = sdk;
  const client = createInngestClient({
    eventBaseUrl: base,
    apiBaseUrl: base,
    eventKey: EVENT_KEY,
    signingKey: SIGNING_KEY,
    batchSize: 2,
  });

  await step("events.send", async () => {
    const events = Array.from({ length: EVENT_COUNT }, (_, i) => ({ name: EVENT_NAME, data: { i } }));
    const result = await client.events.send(events);
    out.ids = result.ids;
  });

  await step("runs.list", async () => {
    const runs = [];
    for await (const run of client.runs.list({ limit: 2 })) runs.push({ id: run.id, status: run.status, functionId: run.functionId });
    out.runs = runs;
  });

  await step("runs.get", async () => {
    const run = await client.runs.get("run-1");
    out.run = { id: run.id, status: run.status, durationMs: run.durationMs };
  });

  await step("refused send", async () => {
    const refused = createInngestClient({ eventBaseUrl: base, apiBaseUrl: base, eventKey: BAD_EVENT_KEY, signingKey: SIGNING_KEY });
    try {
      await refused.events.send({ name: EVENT_NAME, data: { i: -1 } });
      out.error = { thrown: false };
    } catch (err) {
      const text = [String(err?.message), String(err?.stack), safeJson(err)].join("\n");
      out.error = {
        thrown: true,
        name: err?.name,
        status: err?.status,
        path: err?.path,
        message: String(err?.message),
        instanceOfInngestError: err instanceof InngestError,
        instanceOfAuthenticationError: err instanceof AuthenticationError,
        isInngestError: isInngestError(err),
        // Which keys (raw or URL-encoded) show up in the message, stack or JSON form.
        leakedKeys: [BAD_EVENT_KEY, EVENT_KEY, SIGNING_KEY].filter((k) => text.includes(k) || text.includes(encodeURIComponent(k))),
      };
    }
  });
  return out;
}

function safeJson(value) {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}
