// On Inngest's real dev server: when a run has ended (issue 17, item 1). The dev server's GET /v2/runs/{id} derives
// a run's status from its spans: at the end of a sleep or a signal wait it reads COMPLETED some milliseconds before
// the run's end is written (no endedAt), while GET /v2/runs still says RUNNING. Seen here on every try with a poll loop; a waitFor that takes that read resolves too early.
import { describe, expect, inject, it } from "vitest";
import { createInngestClient, TimeoutError, type Run } from "inngest-rest";
import { marker, sendAndRun } from "./support.js";

const url = inject("realUrl");
const tag = `sdk-run-status-${Date.now()}`;

describe.skipIf(!url)("real dev server: a run has ended only when the server has written its end", () => {
  const inngest = createInngestClient({ isDev: true, baseUrl: url });

  /** The run the event `name` started, once the server lists it. */
  const runOf = (name: string, data: Record<string, unknown>): Promise<Run> => sendAndRun(name, { ...data, marker: tag });

  /**
   * Sends the signal again until a run takes it (a signal sent before the run reached its wait resumes nothing),
   * and resolves with the id of the run that took it.
   */
  async function sendUntilTaken(signal: string, data: Record<string, unknown>): Promise<string | null> {
    for (const end = Date.now() + 20_000; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
      const { runId } = await inngest.signals.send(signal, data);
      if (runId !== null) return runId;
    }
    return null;
  }

  /** Every distinct (status, ended?) runs.get reads, polling without a pause until the run has an end. */
  async function readsUntilEnded(runId: string): Promise<{ status: string; endedAt: string | null }[]> {
    const reads: { status: string; endedAt: string | null }[] = [];
    const end = Date.now() + 20_000;
    for (;;) {
      const run = await inngest.runs.get(runId, { includeOutput: false });
      const last = reads.at(-1);
      if (!last || last.status !== run.status || !!last.endedAt !== !!run.endedAt) reads.push({ status: run.status, endedAt: run.endedAt });
      if (run.endedAt || Date.now() > end) return reads;
    }
  }

  it("runs.get never reads a sleeping run as ended before its endedAt (the end of step.sleep)", async () => {
    const run = await runOf("real/sleep", { duration: "1s" });
    const reads = await readsUntilEnded(run.id);
    expect(reads.at(-1)).toMatchObject({ status: "completed", endedAt: expect.any(String) });
    for (const read of reads.slice(0, -1)) expect(read).toMatchObject({ status: expect.stringMatching(/^(queued|running)$/), endedAt: null });
    // The run was read before its end too, so the loop above checked something.
    expect(reads.length).toBeGreaterThanOrEqual(2);
  });

  it("runs.get never reads a run waiting for a signal as ended before its endedAt", async () => {
    const signal = `${marker(tag)}-signal`; // per try: a retry must not meet the first try's run
    const run = await runOf("real/wait-signal", { signal });
    const sent = sendUntilTaken(signal, { ok: true });
    const reads = await readsUntilEnded(run.id);
    expect(await sent).toBe(run.id);
    expect(reads.at(-1)).toMatchObject({ status: "completed", endedAt: expect.any(String) });
    for (const read of reads.slice(0, -1)) expect(read).toMatchObject({ status: expect.stringMatching(/^(queued|running)$/), endedAt: null });
    // The run was read before its end too, so the loop above checked something.
    expect(reads.length).toBeGreaterThanOrEqual(2);
  });

  it("runs.waitFor resolves a sleeping run only once it has ended, with its end and output", async () => {
    const run = await runOf("real/sleep", { duration: "1s" });
    const done = await inngest.runs.waitFor(run.id, { interval: 1, maxWait: 20_000 });
    expect(done).toMatchObject({ status: "completed", endedAt: expect.any(String), output: { slept: true } });
  });

  it("runs.waitFor polling as fast as it can (no output asked) still resolves only with the run's end", async () => {
    for (const duration of ["1s", "1200ms", "1500ms"]) {
      const run = await runOf("real/sleep", { duration });
      const done = await inngest.runs.waitFor(run.id, { interval: 1, maxWait: 20_000, includeOutput: false });
      expect(done).toMatchObject({ status: "completed", endedAt: expect.any(String) });
    }
  });

  it("runs.waitFor resolves a run waiting for a signal only once the signal ended it", async () => {
    const signal = `${marker(tag)}-signal-2`;
    const run = await runOf("real/wait-signal", { signal });
    const sent = sendUntilTaken(signal, { n: 2 });
    const done = await inngest.runs.waitFor(run.id, { interval: 1, maxWait: 20_000 });
    expect(await sent).toBe(run.id);
    expect(done).toMatchObject({ status: "completed", endedAt: expect.any(String), output: { got: { n: 2 } } });
  });

  it("runs.waitFor times out on a run still sleeping, and runs.get says it is running", async () => {
    const run = await runOf("real/sleep", { duration: "1h" });
    const error = await inngest.runs.waitFor(run.id, { interval: 20, maxWait: 1_500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(await inngest.runs.get(run.id)).toMatchObject({ status: "running", endedAt: null });
    await inngest.runs.cancel(run.id);
  });
});
