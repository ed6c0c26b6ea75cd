import { describe, expect, test } from "vitest";
import { createInngestClient, NotFoundError, ValidationError } from "../src/index.js";
import { createInngestEmulator } from "../src/testing/index.js";
import { caught, json, wire, type Handler } from "./helpers/wire.js";

const signingKey = "signkey-prod-00112233445566778899aabbccddeeff";
const metadata = { fetchedAt: "2026-12-01T09:00:00Z" };

function api(handler: Handler) {
  const w = wire(handler);
  return { ...w, apps: createInngestClient({ signingKey, fetch: w.fetch, retryBaseDelay: 1 }).apps };
}

describe("apps.get: GET /v2/apps/{appId}", () => {
  test("reads one app, its latest sync and function count", async () => {
    const { apps, requests } = api(() =>
      json({
        data: {
          id: "my-app",
          name: "My app",
          method: "SERVE",
          createdAt: "2026-11-01T00:00:00Z",
          functionCount: 3,
          appVersion: "2026.12.1",
          latestSync: { status: "success", syncedAt: "2026-12-01T08:00:00Z", appVersion: "2026.12.1", sdkLanguage: "js", sdkVersion: "3.40.0", url: "https://example.com/api/inngest" },
        },
        metadata,
      }),
    );
    const app = await apps.get("my-app");
    expect(requests[0]!.method).toBe("GET");
    expect(requests[0]!.url.href).toBe("https://api.inngest.com/v2/apps/my-app");
    expect(app).toEqual({
      id: "my-app",
      name: "My app",
      method: "SERVE",
      appVersion: "2026.12.1",
      createdAt: "2026-11-01T00:00:00Z",
      archived: false,
      archivedAt: null,
      functionCount: 3,
      latestSync: {
        status: "success",
        syncedAt: "2026-12-01T08:00:00Z",
        appVersion: "2026.12.1",
        sdkLanguage: "js",
        sdkVersion: "3.40.0",
        framework: null,
        url: "https://example.com/api/inngest",
        error: null,
      },
    });
  });

  test("an unknown app is a NotFoundError (404 not_found)", async () => {
    const { apps } = api(() => json({ errors: [{ code: "not_found", message: "App not found" }] }, 404));
    const err = (await caught(apps.get("nope"))) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.code).toBe("not_found");
  });

  test("the id is percent-encoded; an empty, . or .. id is a ValidationError and nothing is sent", async () => {
    const { apps, requests } = api(() => json({ data: { id: "a/b" }, metadata }));
    await apps.get("a/b");
    expect(requests[0]!.url.pathname).toBe("/v2/apps/a%2Fb");
    for (const bad of ["", ".", ".."]) expect(await caught(apps.get(bad))).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(1);
  });
});

describe("apps.get against the emulator", () => {
  test("reads a seeded app, and a missing one is a NotFoundError", async () => {
    const emulator = createInngestEmulator({
      signingKey,
      seed: { apps: [{ id: "shop", name: "Shop", appVersion: "1.2.0", functions: [{ id: "shop-checkout", event: "shop/checkout" }] }], runs: 0 },
    });
    const { apps } = createInngestClient({ signingKey, fetch: emulator.fetch, retryBaseDelay: 1 });
    expect(await apps.get("shop")).toMatchObject({ id: "shop", name: "Shop", method: "SERVE", appVersion: "1.2.0", archived: false, functionCount: 1 });
    expect(await caught(apps.get("nope"))).toBeInstanceOf(NotFoundError);
  });
});
