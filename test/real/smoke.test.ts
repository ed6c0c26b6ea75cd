import { describe, expect, inject, it } from "vitest";
import { createInngestClient } from "inngest-rest";

const url = inject("realUrl");

describe.skipIf(!url)("real dev server: smoke", () => {
  it("sends an event and a real function completes with its output", async () => {
    const inngest = createInngestClient({ isDev: true, baseUrl: url });
    const { ids } = await inngest.events.send({ name: "real/complete", data: { n: 21 } });
    expect(ids).toHaveLength(1);
    const deadline = Date.now() + 30_000;
    let runs: unknown[] = [];
    while (Date.now() < deadline) {
      runs = [];
      for await (const run of inngest.events.runs(ids[0]!, { includeOutput: true })) runs.push(run);
      if (runs.some((r: any) => r.status === "completed")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(runs).toMatchObject([{ status: "completed", output: { doubled: 42 } }]);
  });
});
