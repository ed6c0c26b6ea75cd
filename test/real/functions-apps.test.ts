// Apps and functions on the real dev server: the app test/real/app.mjs syncs, its functions are listed
// and read, and invoked directly with and without an idempotency key.
import { describe, expect, it } from "vitest";
import { APP, marker, realClient, url } from "./support.js";

describe.skipIf(!url)("real dev server: functions and apps", () => {
  it("functions.invoke without a key starts a new run each call, with the data as its event's data", async () => {
    const inngest = realClient();
    const data = { m: marker("invoke") };
    const a = await inngest.functions.invoke(APP, "invokable", data);
    const b = await inngest.functions.invoke(APP, "invokable", data);
    expect(a.duplicate).toBe(false);
    expect(b.duplicate).toBe(false);
    expect(a.runId).not.toBe(b.runId);
    const run = await inngest.runs.waitFor(a.runId, { maxWait: 20_000 });
    expect(run).toMatchObject({ id: a.runId, status: "completed", functionId: "invokable", output: { echo: data } });
  });

  it("functions.invoke with an idempotency key starts one run: a repeat answers that run, duplicate: true", async () => {
    const inngest = realClient();
    const key = marker("invoke-key");
    const first = await inngest.functions.invoke(APP, "invokable", { key }, { idempotencyKey: key });
    const again = await inngest.functions.invoke(APP, "invokable", { key, other: true }, { idempotencyKey: key });
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ runId: first.runId, duplicate: true });
    expect(await inngest.runs.waitFor(first.runId, { maxWait: 20_000 })).toMatchObject({ status: "completed", output: { echo: { key } } });
  });

  it("functions.invoke takes the app-prefixed slug too", async () => {
    const inngest = realClient();
    const { runId } = await inngest.functions.invoke(APP, `${APP}-invokable`, { slug: true });
    expect(await inngest.runs.waitFor(runId, { maxWait: 20_000 })).toMatchObject({ functionId: "invokable", output: { echo: { slug: true } } });
  });

  it("functions.list and functions.get read the app's functions with their triggers and retries", async () => {
    const inngest = realClient();
    const all = await inngest.functions.list(APP, { limit: 2 }).toArray(100); // pages of 2
    const ids = all.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["complete", "fail", "sleep", "wait-signal", "invokable", "suite-page"]));
    expect(new Set(ids).size).toBe(ids.length);

    const fn = await inngest.functions.get(APP, "complete");
    expect(fn).toMatchObject({ id: "complete", appId: APP, paused: false, archived: false, triggers: [{ type: "event", value: "real/complete" }] });
    expect(fn.configuration.retries).toMatchObject({ value: 0, isDefault: false });
    expect(all.find((f) => f.id === "complete")).toEqual(fn);
  });

  it("apps.list and apps.get show the synced app, its function count and its SDK", async () => {
    const inngest = realClient();
    const apps = await inngest.apps.list({ limit: 100 }).toArray(100);
    const app = apps.find((a) => a.id === APP);
    const functions = await inngest.functions.list(APP, { limit: 100 }).toArray(100);
    expect(app).toMatchObject({ id: APP, archived: false, functionCount: functions.length, latestSync: { sdkLanguage: "js" } });
    expect(await inngest.apps.get(APP)).toEqual(app);
    // archived: true lists archived apps only.
    const archived = await inngest.apps.list({ archived: true }).toArray(100);
    expect(archived.every((a) => a.archived)).toBe(true);
    expect(archived.map((a) => a.id)).not.toContain(APP);
  });
});
