import { describe, expect, test } from "vitest";
import { encodeUlid, ulidTime } from "../../src/testing/ids.js";
import { createInngestEmulator } from "../../src/testing/index.js";

const NOW = Date.UTC(2026, 0, 15, 12);

describe("the seeded world", () => {
  test("is the same for the same clock and seed, and another for another seed", () => {
    const ids = (random?: number) =>
      createInngestEmulator({ now: () => NOW, ...(random === undefined ? {} : { seed: { random } }) })
        .runs.list()
        .map((r) => `${r.id}:${r.status}`);
    expect(ids()).toEqual(ids());
    expect(ids(2)).not.toEqual(ids());
  });

  test("defaults to 3 apps (the last archived) and 250 runs: 40 running, 20 failed, 10 queued, 10 cancelled", () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    expect(emulator.apps.list().map((a) => [a.id, a.archivedAt !== undefined, a.functions.length])).toEqual([
      ["shop", false, 2],
      ["billing", false, 2],
      ["legacy-mailer", true, 2],
    ]);
    const count = (status: "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED") =>
      emulator.runs.list({ status }).length;
    expect([count("RUNNING"), count("FAILED"), count("QUEUED"), count("CANCELLED"), count("COMPLETED")]).toEqual([40, 20, 10, 10, 170]);
    for (const run of emulator.runs.list()) {
      expect(ulidTime(run.id)).toBe(run.queuedAt); // as on the server, queuedAt is the run id's time
      expect(run.queuedAt).toBeLessThan(NOW);
      expect(run.jobs.length).toBeGreaterThanOrEqual(1);
      expect(run.jobs.length).toBeLessThanOrEqual(6);
      expect(run.endedAt !== undefined).toBe(["COMPLETED", "FAILED", "CANCELLED"].includes(run.status));
    }
    expect(emulator.runs.list({ status: ["RUNNING", "QUEUED"] }).every((r) => r.appId !== "legacy-mailer")).toBe(true);
  });

  test("takes explicit apps and runs", () => {
    const emulator = createInngestEmulator({
      now: () => NOW,
      seed: {
        apps: [{ id: "svc", method: "API", functions: [{ id: "svc-work", event: "svc/work" }] }],
        runs: [
          { functionId: "svc-work", status: "RUNNING" },
          { functionId: "svc-work", status: "FAILED", output: { message: "boom" }, jobs: 3 },
        ],
      },
    });
    const [running, failed] = emulator.runs.list();
    expect(running).toMatchObject({ status: "RUNNING", queuedAt: NOW - 60_000, eventName: "svc/work" });
    expect(failed).toMatchObject({ status: "FAILED", output: { message: "boom" }, queuedAt: NOW - 120_000 });
    expect(failed?.jobs.map((j) => j.kind)).toEqual(["start", expect.any(String), "edge-error"]);
    expect(() => createInngestEmulator({ seed: { runs: [{ functionId: "nope" }] } })).toThrow(/unknown function "nope"/);
  });

  test("a seeded or added run's jobs name its app's internal id, as a queued or invoked run's do", async () => {
    // `identifier.appID` was the nil UUID for seeded runs: the seed built the jobs' owner without the app.
    const emulator = createInngestEmulator({
      now: () => NOW,
      seed: {
        apps: [{ id: "svc", functions: [{ id: "svc-work", event: "svc/work" }] }],
        runs: [{ functionId: "svc-work", status: "FAILED", jobs: 3 }],
      },
    });
    const appInternalId = emulator.apps.get("svc")!.internalId;
    const appIds = (run: { jobs: readonly { raw: unknown }[] }) =>
      run.jobs.map((job) => (job.raw as { data: { identifier: { appID: string } } }).data.identifier.appID);
    const [seeded] = emulator.runs.list();
    expect(appIds(seeded!)).toEqual([appInternalId, appInternalId, appInternalId]);
    expect(appIds(emulator.runs.add({ functionId: "svc-work", status: "RUNNING", jobs: 2 }))).toEqual([appInternalId, appInternalId]);
    const sent = await emulator.fetch("https://inn.gs/e/key", { method: "POST", body: JSON.stringify({ name: "svc/work" }) });
    expect(sent.status).toBe(200);
    const queued = emulator.runs.list({ status: "QUEUED" });
    expect(queued).toHaveLength(1);
    expect(appIds(queued[0]!)).toEqual([appInternalId]);
  });

  test("runs.add and runs.update shape the state a test needs", async () => {
    let now = NOW;
    const emulator = createInngestEmulator({ now: () => now, seed: { runs: 0 } });
    const run = emulator.runs.add({ functionId: "shop-send-receipt", status: "QUEUED" });
    expect(run.queuedAt).toBe(NOW);
    now += 5_000;
    emulator.runs.update(run.id, { status: "RUNNING" });
    now += 2_000;
    emulator.runs.update(run.id, { status: "COMPLETED", output: { receipt: "r_1" } });
    const res = await emulator.fetch(`http://localhost:8288/v2/runs/${run.id}?includeOutput=true`);
    expect(((await res.json()) as { data: unknown }).data).toMatchObject({
      status: "COMPLETED",
      durationMs: "2000",
      output: { receipt: "r_1" },
    });
    expect(() => emulator.runs.update("01HE8AM9DPK9N37V1RKY1DNQF5", { status: "FAILED" })).toThrow();
  });
});

describe("ULIDs", () => {
  test("encode like the spec: 10 time characters then 16 entropy characters", () => {
    expect(encodeUlid(0, new Uint8Array(10).fill(0xff))).toBe("0000000000ZZZZZZZZZZZZZZZZ");
    expect(encodeUlid(2 ** 48 - 1, new Uint8Array(10).fill(0xff))).toBe("7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
    // The ulid spec's README: decodeTime("01ARYZ6S41TSV4RRFFQ69G5FAV") is 1469918176385.
    expect(ulidTime("01ARYZ6S41TSV4RRFFQ69G5FAV")).toBe(1469918176385);
    expect(encodeUlid(1469918176385, new Uint8Array(10)).slice(0, 10)).toBe("01ARYZ6S41");
  });
});
