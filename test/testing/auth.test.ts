import { describe, expect, test } from "vitest";
import { hashSigningKey } from "../../src/testing/auth.js";
import { createInngestEmulator } from "../../src/testing/index.js";

const KEY = "signkey-test-12345678";
const HASHED = "signkey-test-b2ed992186a5cb19f6668aade821f502c1d00970dfd0e35128d51bac4649916c";
const RUN = "01HE8AM9DPK9N37V1RKY1DNQF5";

const call = (emulator: ReturnType<typeof createInngestEmulator>, path: string, token?: string) =>
  emulator.fetch(
    new Request(`https://api.inngest.com${path}`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }),
  );

describe("signing-key auth on /v1 and /v2", () => {
  test("hashes a key as inngest-js does (reference test vector)", async () => {
    expect(await hashSigningKey(KEY)).toBe(HASHED);
  });

  test("v1 refuses a missing or wrong key with the dev server's plain-text 401", async () => {
    const emulator = createInngestEmulator({ signingKey: KEY });
    for (const token of [undefined, "signkey-test-deadbeef"]) {
      const res = await call(emulator, `/v1/runs/${RUN}`, token);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await res.text()).toBe("Authentication failed\n");
    }
  });

  test("the token is everything after \"Bearer \", untrimmed, as authn.TokenFromHeader reads it", async () => {
    const emulator = createInngestEmulator({ signingKey: KEY });
    const with_ = (authorization: string) =>
      emulator.fetch(new Request(`https://api.inngest.com/v2/runs`, { headers: { authorization } }));
    expect((await with_(`BEARER ${KEY}`)).status).toBe(200);
    expect((await with_(`Bearer  ${KEY}`)).status).toBe(401); // the second space is part of the token
    expect((await with_(`Token ${KEY}`)).status).toBe(401);
  });

  test("v2 refuses in plain text too: the signing-key middleware runs in front of the gateway", async () => {
    const res = await call(createInngestEmulator({ signingKey: KEY }), "/v2/runs", "nope");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe("Authentication failed\n");
  });

  test.each([
    ["the raw key", KEY],
    ["the hashed key", HASHED],
    ["a lower-case scheme", KEY],
  ])("accepts %s on v1 and v2", async (label, token) => {
    const emulator = createInngestEmulator({ signingKey: KEY });
    const run = emulator.runs.list()[0]!;
    const headers = { authorization: label === "a lower-case scheme" ? `bearer ${token}` : `Bearer ${token}` };
    expect((await emulator.fetch(`https://api.inngest.com/v1/runs/${run.id}`, { headers })).status).toBe(200);
    expect((await emulator.fetch("https://api.inngest.com/v2/runs", { headers })).status).toBe(200);
  });

  test("accepts the extra signingKeys (a rotation fallback) too", async () => {
    const fallback = "signkey-prod-abcdef0123";
    const emulator = createInngestEmulator({ signingKey: KEY, signingKeys: [fallback] });
    expect((await call(emulator, "/v2/apps", (await hashSigningKey(fallback))!)).status).toBe(200);
    expect((await call(emulator, "/v2/apps", fallback)).status).toBe(200);
  });

  test("without a signing key nothing is checked (dev server), and the Event API never uses the header", async () => {
    expect((await call(createInngestEmulator(), "/v2/apps")).status).toBe(200);
    const guarded = createInngestEmulator({ signingKey: KEY });
    const sent = await guarded.fetch("https://inn.gs/e/key", { method: "POST", body: '{"name":"a/b"}' });
    expect(sent.status).toBe(200);
  });

  test("recorded requests keep the scheme but not the key", async () => {
    const emulator = createInngestEmulator({ signingKey: KEY });
    await call(emulator, "/v2/apps", HASHED);
    expect(emulator.requests[0]?.headers["authorization"]).toBe("Bearer [REDACTED]");
    expect(JSON.stringify(emulator.requests)).not.toContain("b2ed9921");
  });
});
