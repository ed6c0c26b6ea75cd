// Signals on the real dev server: a run waiting in step.waitForSignal resumes with the signal's data.
import { describe, expect, it } from "vitest";
import { ended, eventually, marker, realClient, runOf, sendAndRun, url } from "./support.js";

describe.skipIf(!url)("real dev server: signals", () => {
  it("signals.send resumes the waiting run with its data, and answers that run's id", async () => {
    const inngest = realClient();
    const signal = marker("signal");
    const run = await sendAndRun("real/wait-signal", { signal }, (r) => r.status === "running");
    // The run waits once its step.waitForSignal is reached: its pause is then queued.
    // (v1 caches a run's jobs for 5 s, so this may take that long.)
    const jobs = await eventually("the run's pause", async () => (await inngest.runs.jobs(run.id)).data, (j) => j.some((job) => job.kind === "pause"));
    expect(jobs).toHaveLength(1);

    const { runId } = await inngest.signals.send(signal, { approved: true });
    expect(runId).toBe(run.id);
    const done = await runOf(run.eventId!, ended);
    expect(done).toMatchObject({ status: "completed", output: { got: { approved: true } } });
    const trace = await eventually("the wait's end in the trace", () => inngest.runs.trace(run.id), (t) => [...t.spans()].some((s) => s.name === "wait" && s.status === "completed"));
    expect([...trace.spans()].find((s) => s.name === "wait")).toMatchObject({ stepOp: "wait_for_signal" });
  });

  it("a signal no run waits for answers runId: null", async () => {
    expect(await realClient().signals.send(marker("nobody-waits"), { x: 1 })).toEqual({ runId: null });
  });
});

