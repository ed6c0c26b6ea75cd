import { describe, expect, test } from "vitest";
import { createInngestClient } from "../../src/index.js";
import { createInngestEmulator, type EmulatorSeed } from "../../src/testing/index.js";

const START = Date.UTC(2026, 0, 15, 12);

// The real-server suite's app (test/real/app.mjs), as the emulator is seeded with it.
const APP: EmulatorSeed = {
  runs: 0,
  apps: [
    {
      id: "real-app",
      functions: [
        { id: "complete", event: "real/complete", retries: 0, steps: [{ id: "double", output: 4 }], output: ({ data }: { data: Record<string, unknown> }) => ({ doubled: Number(data["n"] ?? 1) * 2 }) },
        { id: "fail", event: "real/fail", retries: 0, steps: [{ id: "ok-step", output: "fine" }, { id: "boom", error: "boom" }] },
        { id: "sleep", event: "real/sleep", retries: 0, steps: [{ id: "nap", op: "SLEEP", duration: "1m" }], output: { slept: true } },
        {
          id: "wait-signal",
          event: "real/wait-signal",
          retries: 0,
          steps: [{ id: "wait", op: "WAIT_FOR_SIGNAL", timeout: "1h" }],
          output: ({ steps }: { steps: Record<string, unknown> }) => ({ got: (steps["wait"] as { data?: unknown } | null)?.data ?? null }),
        },
        { id: "invokable", event: "real/invokable", retries: 0, output: ({ data }: { data: Record<string, unknown> }) => ({ echo: data }) },
      ],
    },
  ],
};

function world(progress: boolean | { startMs?: number; stepMs?: number } | "unset" = true) {
  let now = START;
  const emulator = createInngestEmulator({ now: () => now, seed: APP, ...(progress === "unset" ? {} : { progress }) });
  const inngest = createInngestClient({ isDev: true, fetch: emulator.fetch, maxRetries: 0 });
  const tick = (ms: number) => {
    now += ms;
  };
  const runOf = async (eventId: string) => {
    const [run] = (await inngest.events.runs(eventId)).data;
    if (!run) throw new Error(`no run for ${eventId}`);
    return run.id;
  };
  return { emulator, inngest, tick, runOf };
}

describe("runs that progress (progress: true)", () => {
  test("a run started by an event goes queued -> running -> completed through its steps, with its output", async () => {
    const { emulator, inngest, tick, runOf } = world();
    const { ids } = await inngest.events.send({ name: "real/complete", data: { n: 21 } });
    const runId = await runOf(ids[0]!);
    expect((await inngest.runs.get(runId)).status).toBe("queued");
    tick(50);
    expect((await inngest.runs.get(runId)).status).toBe("running");
    expect(emulator.runs.get(runId)?.steps.map((s) => [s.id, s.status])).toEqual([["double", "RUNNING"]]);
    tick(200);
    const done = await inngest.runs.get(runId);
    expect(done).toMatchObject({ status: "completed", output: { doubled: 42 } });
    expect(done.endedAt).not.toBeNull();
    const trace = await inngest.runs.trace(runId, { includeOutput: true });
    expect([...trace.spans()].map((s) => s.name)).toContain("double");
  });

  test("a step that throws fails the run with its error, and the trace shows the failed step", async () => {
    const { inngest, tick, runOf } = world();
    const { ids } = await inngest.events.send({ name: "real/fail" });
    const runId = await runOf(ids[0]!);
    tick(1_000);
    const run = await inngest.runs.get(runId);
    expect(run).toMatchObject({ status: "failed", output: { name: "NonRetriableError", message: "boom" } });
    const trace = await inngest.runs.trace(runId);
    expect(trace.failedSteps().map((s) => s.name)).toContain("boom");
  });

  test("a sleeping run sleeps for its duration, then completes", async () => {
    const { inngest, tick, runOf } = world();
    const { ids } = await inngest.events.send({ name: "real/sleep" });
    const runId = await runOf(ids[0]!);
    tick(30_000);
    expect((await inngest.runs.get(runId)).status).toBe("running");
    tick(31_000);
    expect(await inngest.runs.get(runId)).toMatchObject({ status: "completed", output: { slept: true } });
  });

  test("a sleep's and a wait's queue items and trace spans name the step by its hashed id, the SHA-1 of its id", async () => {
    // Watched on the dev server (test/real/app.mjs): the sleep "nap"'s job has payload.edge.outgoing sha1("nap"),
    // the wait's pause has outgoing and dataKey sha1("wait"), and each trace span's stepId is the same hash.
    const { emulator, inngest, tick, runOf } = world();
    const jobsOf = async (runId: string) =>
      ((await (await emulator.fetch(`http://localhost:8288/v1/runs/${runId}/jobs`)).json()) as { data: { Raw: { data: { payload: Record<string, unknown> } } }[] }).data;
    const stepIdsOf = async (runId: string) =>
      ((await (await emulator.fetch(`http://localhost:8288/v2/runs/${runId}/trace`)).json()) as { data: { rootSpan: { children?: { stepId?: string }[] } } }).data.rootSpan.children?.map((s) => s.stepId);
    const sleeping = await runOf((await inngest.events.send({ name: "real/sleep" })).ids[0]!);
    const waiting = await runOf((await inngest.events.send({ name: "real/wait-signal", data: { signal: "s/1" } })).ids[0]!);
    tick(1_000);
    const nap = "c2640f79b4ed481b838ce4ad75330aa3f825d4d9";
    const wait = "daaad336276d15594d0e765f96c17cd746bf4971";
    expect((await jobsOf(sleeping))[0]?.Raw.data.payload).toEqual({ edge: { incoming: "step", outgoing: nap } });
    expect((await jobsOf(waiting))[0]?.Raw.data.payload["pause"]).toMatchObject({ outgoing: wait, dataKey: wait, incoming: "step", stepName: "wait" });
    expect(await stepIdsOf(sleeping)).toEqual([nap]);
    expect(await stepIdsOf(waiting)).toEqual([wait]);
  });

  test("a run waiting for a signal resumes when signals.send names it, with the signal's data", async () => {
    const { inngest, tick, runOf } = world();
    const { ids } = await inngest.events.send({ name: "real/wait-signal", data: { signal: "approve/1" } });
    const runId = await runOf(ids[0]!);
    tick(10_000);
    expect((await inngest.runs.get(runId)).status).toBe("running");
    expect(await inngest.signals.send("approve/1", { ok: true })).toEqual({ runId });
    tick(200);
    expect(await inngest.runs.get(runId)).toMatchObject({ status: "completed", output: { got: { ok: true } } });
  });

  test("a wait for a signal that never comes times out and the run goes on with null", async () => {
    const { inngest, tick, runOf } = world();
    const { ids } = await inngest.events.send({ name: "real/wait-signal", data: { signal: "never" } });
    const runId = await runOf(ids[0]!);
    tick(3_600_000 + 1_000);
    expect(await inngest.runs.get(runId)).toMatchObject({ status: "completed", output: { got: null } });
  });

  test("cancel stops a sleeping run for good", async () => {
    const { inngest, tick, runOf } = world();
    const { ids } = await inngest.events.send({ name: "real/sleep" });
    const runId = await runOf(ids[0]!);
    tick(1_000);
    await inngest.runs.cancel(runId);
    tick(120_000);
    expect((await inngest.runs.get(runId)).status).toBe("cancelled");
  });

  test("invoke-then-waitFor resolves with the function's output, on the real clock", async () => {
    const emulator = createInngestEmulator({ progress: { startMs: 5, stepMs: 5 }, seed: APP });
    const inngest = createInngestClient({ isDev: true, fetch: emulator.fetch });
    const { runId } = await inngest.functions.invoke("real-app", "invokable", { a: 1 });
    const run = await inngest.runs.waitFor(runId, { maxWait: 5_000, interval: 10 });
    expect(run).toMatchObject({ status: "completed", output: { echo: { a: 1 } } });
  });

  test("a replay of a completed run runs again to its end", async () => {
    const { inngest, tick, runOf } = world();
    const { ids } = await inngest.events.send({ name: "real/complete", data: { n: 2 } });
    const first = await runOf(ids[0]!);
    tick(1_000);
    const { runId } = await inngest.runs.replay(first);
    // A new run, which starts queued and reaches its end by itself.
    expect(runId).not.toBe(first);
    expect((await inngest.runs.get(runId)).status).toBe("queued");
    tick(1_000);
    expect(await inngest.runs.get(runId)).toMatchObject({ status: "completed", output: { doubled: 4 } });
  });

  test("is off by default: a new run stays queued however long the test waits", async () => {
    const { inngest, tick, runOf } = world(false);
    const { ids } = await inngest.events.send({ name: "real/complete" });
    const runId = await runOf(ids[0]!);
    tick(3_600_000);
    expect((await inngest.runs.get(runId)).status).toBe("queued");
  });

  test("is off when the option is left out", async () => {
    const { inngest, tick, runOf } = world("unset");
    const { ids } = await inngest.events.send({ name: "real/complete" });
    const runId = await runOf(ids[0]!);
    tick(3_600_000);
    expect((await inngest.runs.get(runId)).status).toBe("queued");
  });

  test("refuses a negative timing", () => {
    expect(() => createInngestEmulator({ progress: { stepMs: -1 } })).toThrow(/progress.stepMs must be >= 0/);
  });
});
