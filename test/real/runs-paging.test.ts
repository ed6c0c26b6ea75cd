// Paging past 100 runs on the real dev server: 101 runs of the app's `suite-page` function, listed 100 a page.
import { describe, expect, it } from "vitest";
import { APP, eventually, realClient, url } from "./support.js";

const COUNT = 101;

describe.skipIf(!url)("real dev server: paging runs", () => {
  it("runs.list walks past 100 runs: every run once, newest started first, the second page from the first's cursor", async () => {
    const inngest = realClient();
    const from = new Date(Date.now() - 1000);
    const { ids } = await inngest.events.send(Array.from({ length: COUNT }, (_, i) => ({ name: "real/suite/page", data: { i } })));
    const query = { appId: APP, functionId: "suite-page", from, limit: 100 } as const;
    const all = await eventually(`${COUNT} runs listed`, () => inngest.runs.list(query).toArray(1000), (runs) => runs.length >= COUNT && runs.every((r) => r.startedAt !== null), 30_000);

    expect(all).toHaveLength(COUNT);
    expect(new Set(all.map((r) => r.id)).size).toBe(COUNT);
    expect(new Set(all.map((r) => r.eventId))).toEqual(new Set(ids));
    // Newest first, by start time (the dev server's order; pkg/api/v2 pages on start_time).
    const started = all.map((r) => Date.parse(r.startedAt!));
    expect(started).toEqual([...started].sort((a, b) => b - a));

    const first = await inngest.runs.list(query);
    expect(first.data).toHaveLength(100);
    expect(first.hasMore).toBe(true);
    const second = await inngest.runs.list({ ...query, cursor: first.cursor! });
    expect(second.data).toHaveLength(1);
    expect(second.hasMore).toBe(false);
    expect([...first.data, ...second.data].map((r) => r.id)).toEqual(all.map((r) => r.id));
  });
});
