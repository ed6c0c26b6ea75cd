// Paging past 100 runs on the real dev server: runs of the app's `suite-page` function, listed 100 a page.
// Under a burst this dev server build drops some span writes ("database table is locked: spans") and a
// run whose spans were lost is never listed: 115 are started, paced, so that more than 100 are listed.
import { describe, expect, it } from "vitest";
import { APP, eventually, realClient, url } from "./support.js";

const SENT = 115;
const PAST = 101;

describe.skipIf(!url)("real dev server: paging runs", () => {
  it("runs.list walks past 100 runs: every run once, newest started first, the second page from the first's cursor", async () => {
    const inngest = realClient();
    const from = new Date(Date.now() - 1000);
    // Sent 10 at a time, 100 ms apart: fewer runs scheduled at once, fewer span writes lost.
    const ids: string[] = [];
    for (let i = 0; i < SENT; i += 10) {
      const chunk = Array.from({ length: Math.min(10, SENT - i) }, (_, j) => ({ name: "real/suite/page", data: { i: i + j } }));
      ids.push(...(await inngest.events.send(chunk)).ids);
      await new Promise((r) => setTimeout(r, 100));
    }
    const query = { appId: APP, functionId: "suite-page", from, limit: 100 } as const;
    const all = await eventually(`${PAST} runs listed`, () => inngest.runs.list(query).toArray(1000), (runs) => runs.length >= PAST, 30_000, 1_000);
    const count = all.length;
    expect(count).toBeLessThanOrEqual(SENT);
    expect(new Set(all.map((r) => r.id)).size).toBe(count);
    const sent = new Set(ids);
    expect(all.every((r) => sent.has(r.eventId!))).toBe(true);
    // Newest first, by start time (the dev server's order; pkg/api/v2 pages on start_time). A run not
    // started yet has no startedAt to compare.
    const started = all.filter((r) => r.startedAt !== null).map((r) => Date.parse(r.startedAt!));
    expect(started).toEqual([...started].sort((a, b) => b - a));

    const first = await inngest.runs.list(query);
    expect(first.data).toHaveLength(100);
    expect(first.hasMore).toBe(true);
    const second = await inngest.runs.list({ ...query, cursor: first.cursor! });
    expect(second.hasMore).toBe(false);
    // Read again now (runs still starting may have joined): the two pages are one walk, every run once.
    const walked = [...first.data, ...second.data].map((r) => r.id);
    expect(walked.length).toBeGreaterThanOrEqual(count);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toEqual(expect.arrayContaining(all.map((r) => r.id)));
    // Let the burst finish before the next file starts runs of its own: while these runs still write spans, the
    // next file's writes are the likelier to be lost. Until no run is busy, or the number of busy ones holds for a
    // second (a run whose spans were lost stays running for good); bounded, and never a failure.
    const busy = () => inngest.runs.list({ ...query, status: ["queued", "running"] }).toArray(200).then((runs) => runs.length);
    for (let last = -1, now = await busy(), end = Date.now() + 10_000; now > 0 && now !== last && Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 1000));
      [last, now] = [now, await busy()];
    }
  }, 60_000);
});
