// Runs on the real dev server: runs that complete, fail, sleep, are cancelled and replayed, read back
// through runs.get, runs.list, runs.trace, runs.jobs and runs.waitFor. (A sleeping or waiting run's
// status through runs.get/waitFor is test/real/run-status.test.ts's.)
import { describe, expect, it } from "vitest";
import { APP, ended, eventually, marker, realClient, runOf, sendAndRun, url } from "./support.js";

describe.skipIf(!url)("real dev server: runs", () => {
  it("a completed run: get, waitFor and trace show its status, output and steps", async () => {
    const inngest = realClient();
    const run = await sendAndRun("real/complete", { n: 4, m: marker("runs-complete") }, ended);
    const got = await inngest.runs.get(run.id);
    expect(got).toMatchObject({ id: run.id, status: "completed", functionId: "complete", appId: APP, output: { doubled: 8 } });
    expect(got.endedAt).not.toBeNull();
    expect(await inngest.runs.get(run.id, { includeOutput: false })).not.toHaveProperty("output");
    expect(await inngest.runs.waitFor(run.id, { maxWait: 10_000 })).toMatchObject({ id: run.id, status: "completed" });

    // A trace's spans are written as the run goes: read it until the step's end is in it.
    const trace = await eventually("the step in the trace", () => inngest.runs.trace(run.id, { includeOutput: true }), (t) => [...t.spans()].some((s) => s.name === "double" && s.status === "completed"));
    expect(trace.runId).toBe(run.id);
    expect(trace.root.status).toBe("completed");
    const double = [...trace.spans()].find((s) => s.name === "double");
    expect(double).toMatchObject({ status: "completed", stepOp: "run" });
    expect(double!.output).toEqual({ data: 8 }); // a step's number output, wrapped as the server's Struct
    expect(trace.failedSteps()).toEqual([]);
    // An ended run has nothing queued.
    expect((await inngest.runs.jobs(run.id)).data).toEqual([]);
  });

  it("a failed run: get and waitFor say failed with the error, and trace names the step that failed", async () => {
    const inngest = realClient();
    const run = await sendAndRun("real/fail", { m: marker("runs-fail") }, ended);
    const got = await inngest.runs.waitFor(run.id, { maxWait: 10_000 });
    expect(got).toMatchObject({ status: "failed", functionId: "fail" });
    expect(got.output).toMatchObject({ name: "NonRetriableError", message: "boom: the real app failed on purpose" });

    const trace = await eventually("the failed step in the trace", () => inngest.runs.trace(run.id, { includeOutput: true }), (t) => t.failedSteps().length > 0);
    expect(trace.root.status).toBe("failed");
    const failed = trace.failedSteps();
    expect(failed.map((s) => s.name)).toEqual(["boom"]);
    expect(JSON.stringify(failed[0]!.output)).toContain("boom: the real app failed on purpose");
    expect([...trace.spans()].find((s) => s.name === "ok-step")).toMatchObject({ status: "completed", stepOp: "run" });
  });

  it("a run that threw outside any step: failedSteps() is empty, and the run's output holds the error", async () => {
    const inngest = realClient();
    const run = await sendAndRun("real/suite/throw", { m: marker("runs-throw") }, ended);
    expect(await inngest.runs.get(run.id)).toMatchObject({ status: "failed", output: { name: "NonRetriableError", message: "thrown outside any step" } });
    const trace = await eventually("the run's end in its trace", () => inngest.runs.trace(run.id, { includeOutput: true }), (t) => t.root.status === "failed");
    expect(trace.failedSteps()).toEqual([]);
  });

  it("a run that sleeps 1 s completes after its sleep, and its trace shows the sleep step", async () => {
    const inngest = realClient();
    const run = await sendAndRun("real/sleep", { duration: "1s", m: marker("runs-sleep") }, ended);
    expect(run).toMatchObject({ status: "completed", output: { slept: true } });
    expect(Date.parse(run.endedAt!) - Date.parse(run.startedAt!)).toBeGreaterThanOrEqual(1000);
    const trace = await eventually("the sleep's end in the trace", () => inngest.runs.trace(run.id), (t) => [...t.spans()].some((s) => s.name === "nap" && s.status === "completed"));
    expect([...trace.spans()].find((s) => s.name === "nap")).toMatchObject({ stepOp: "sleep", status: "completed" });
  });

  it("a sleeping run has its wake-up queued (runs.jobs), and runs.cancel ends it as cancelled", async () => {
    const inngest = realClient();
    const run = await sendAndRun("real/sleep", { duration: "1h", m: marker("runs-cancel") }, (r) => r.status === "running");
    // Until the run reaches its sleep, its queued item is the step to run (v1 caches jobs for 5 s).
    const jobs = await eventually("the sleep's queue item", async () => (await inngest.runs.jobs(run.id)).data, (j) => j.some((job) => job.kind === "sleep"));
    expect(jobs).toMatchObject([{ kind: "sleep" }]);
    expect(Date.parse(jobs[0]!.at!) - Date.now()).toBeGreaterThan(50 * 60_000); // wakes in about an hour

    await inngest.runs.cancel(run.id);
    const cancelled = await runOf(run.eventId!, ended);
    expect(cancelled).toMatchObject({ id: run.id, status: "cancelled" });
    expect(await inngest.runs.get(run.id)).toMatchObject({ status: "cancelled" });
    // Cancelling a run that has ended is not an error, and changes nothing.
    await inngest.runs.cancel(run.id);
    expect(await inngest.runs.get(run.id)).toMatchObject({ status: "cancelled" });
  });

  it("a replayed run is a new run of the same function and event, with the same output", async () => {
    const inngest = realClient();
    const run = await sendAndRun("real/complete", { n: 50, m: marker("runs-replay") }, ended);
    const { runId } = await inngest.runs.replay(run.id);
    expect(runId).not.toBe(run.id);
    const replayed = await inngest.runs.waitFor(runId, { maxWait: 20_000 });
    expect(replayed).toMatchObject({ id: runId, status: "completed", functionId: "complete", eventId: run.eventId, output: { doubled: 100 } });
    // The event now lists both runs.
    const both = await eventually("both runs of the event", () => inngest.events.runs(run.eventId!).toArray(10), (l) => l.length === 2);
    expect(both.map((r) => r.id).sort()).toEqual([run.id, runId].sort());
  });

  it("runs.list filters by app, function, status and time", async () => {
    const inngest = realClient();
    const from = new Date(Date.now() - 1000);
    const ok = await sendAndRun("real/complete", { n: 1, m: marker("runs-list") }, ended);
    const bad = await sendAndRun("real/fail", { m: marker("runs-list") }, ended);
    const until = new Date(Date.now() + 1000);

    const completed = await inngest.runs.list({ appId: APP, functionId: "complete", status: "completed", from, until, limit: 100 }).toArray(1000);
    expect(completed.map((r) => r.id)).toContain(ok.id);
    expect(completed.every((r) => r.functionId === "complete" && r.status === "completed")).toBe(true);

    const failed = await inngest.runs.list({ appId: APP, status: ["FAILED"], from, limit: 100 }).toArray(1000);
    expect(failed.map((r) => r.id)).toContain(bad.id);
    expect(failed.map((r) => r.id)).not.toContain(ok.id);

    // A window that ended before these runs were queued holds none of them.
    const earlier = await inngest.runs.list({ appId: APP, from: new Date(from.getTime() - 60_000), until: from, limit: 100 }).toArray(1000);
    expect(earlier.map((r) => r.id)).not.toContain(ok.id);
  });
});
