// The CLI's `events send --failed FILE` and its resend from a second process, through the fault proxy
// in front of Inngest's real dev server: a send that fails part-way writes the file (a chunk whose
// answer was lost under its seed), a new process resends it (meeting faults too), and each event
// started each of its functions exactly once, under the ids the two processes printed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInngestClient, type InngestClient } from "inngest-rest";
import { eventPosts, startFaultProxy, type Fault, type FaultProxy } from "./fault-proxy.js";
import { FAULT_EVENT, judgeAll, verdictOf } from "./faults-oracle.js";
import { cli, marker, url, type CliResult } from "./support.js";

/** The built CLI as its own process, as a user runs it, against the proxy (not the suite's --dev URL). */
const BUILT = { dev: false, spawn: { env: {} } } as const;
const idsOf = (ran: CliResult): (string | null)[] => (JSON.parse(ran.stdout) as { ids: (string | null)[] }).ids;
const lines = (text: string) => text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);

describe.skipIf(!url)("real dev server: the CLI's --failed file and its resend from another process, under faults", () => {
  let proxy: FaultProxy;
  let direct: InngestClient;
  const dir = mkdtempSync(join(tmpdir(), "inngest-rest-faults-"));

  beforeAll(async () => {
    proxy = await startFaultProxy(url);
    direct = createInngestClient({ isDev: true, baseUrl: url });
  });
  afterAll(async () => {
    await proxy?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a send cut short by lost answers writes --failed with the chunk's seed; a second process resends it; each event ran once", async () => {
    const run = marker("l");
    const from = new Date(Date.now() - 2000);
    const markers = Array.from({ length: 12 }, (_, i) => `${run}-${i}`);
    const input = join(dir, "input.ndjson");
    const failed = join(dir, "failed.ndjson");
    writeFileSync(input, markers.map((k) => JSON.stringify({ name: FAULT_EVENT, data: { k } })).join("\n") + "\n");

    // Chunk 1 passes; chunk 2 reaches the server three times (every attempt) and each answer is lost.
    const lose: Fault = { kind: "lose-answer" };
    proxy.script([{ kind: "pass" }, lose, lose, lose], eventPosts);
    const first = await cli(["events", "send", input, "--failed", failed, "--batch-size", "4", "--concurrency", "1", "--dev", proxy.url], BUILT);
    expect(first.code, first.stderr).toBe(3);
    const chunk2 = proxy.seen[1]!;
    expect(proxy.seen.slice(1).every((s) => s.forwarded && s.seed === chunk2.seed)).toBe(true);
    const file = lines(readFileSync(failed, "utf8"));
    expect(file[0]).toMatchObject({ $resend: { seed: chunk2.seed, count: 4 } });
    const pending = file.filter((l) => !("$resend" in l)).map((l) => (l["data"] as { k: string }).k);
    expect(pending).toEqual(markers.slice(4));
    proxy.reset();

    // Another process resends the file; its first answer is lost too (retried under the same seed).
    proxy.script([lose, { kind: "status", status: 503 }], eventPosts);
    const second = await cli(["events", "send", failed, "--failed", failed, "--dev", proxy.url], BUILT);
    expect(second.code, second.stderr).toBe(0);
    expect(proxy.seen[0]!.seed).toBe(chunk2.seed);
    expect(readFileSync(failed, "utf8")).toBe("");
    const seen = [...proxy.seen];
    proxy.reset();

    const ids = new Map<string, string | null>();
    idsOf(first).forEach((id, i) => id && ids.set(markers[i]!, id));
    idsOf(second).forEach((id, i) => ids.set(pending[i]!, id));
    const verdicts = markers.map((k) => verdictOf(k, ids.get(k), seen));
    const judged = await judgeAll(direct, url, verdicts, from);
    expect(judged.problems).toEqual([]);
    expect(judged.lost).toEqual([]);
    expect(verdicts.every((v) => v.kind === "accepted")).toBe(true);
    // The chunk stored by the first process and resent by the second is listed twice by the dev server.
    expect(judged.listedTwice).toBe(4);
  });
});
