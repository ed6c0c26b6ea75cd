import { describe, expect, test } from "vitest";
import { createInngestEmulator } from "../../src/testing/index.js";

const NOW = Date.UTC(2026, 0, 15, 12);
const API = "https://api.inngest.com";

function world() {
  return createInngestEmulator({
    now: () => NOW,
    seed: {
      apps: [{ id: "approvals", functions: [{ id: "await-approval", event: "doc/submitted" }] }],
      runs: [
        {
          functionId: "await-approval",
          status: "RUNNING",
          steps: [{ id: "load" }, { id: "approval", op: "WAIT_FOR_SIGNAL", status: "WAITING", signal: "approval:doc-7" }],
        },
      ],
    },
  });
}

const signal = (emulator: ReturnType<typeof world>, body: string) => emulator.fetch(`${API}/v1/signals`, { method: "POST", body });

describe("POST /v1/signals", () => {
  test("resumes the run waiting for the signal and answers its id wrapped in data", async () => {
    const emulator = world();
    const run = emulator.runs.list()[0]!;
    const res = await signal(emulator, JSON.stringify({ signal: "approval:doc-7", data: { approved: true } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { run_id: run.id }, metadata: { fetched_at: "2026-01-15T12:00:00Z" } });
    expect(emulator.runs.get(run.id)?.steps[1]).toMatchObject({
      status: "COMPLETED",
      endedAt: NOW,
      output: { signal: "approval:doc-7", data: { approved: true } },
    });
    const trace = (await (await emulator.fetch(`${API}/v2/runs/${run.id}/trace`)).json()) as {
      data: { rootSpan: { children: { stepOp: string; status: string }[] } };
    };
    expect(trace.data.rootSpan.children.at(-1)).toMatchObject({ stepOp: "WAIT_FOR_SIGNAL", status: "COMPLETED" });
  });

  test("a signal no run waits for (or sent twice) is 404 No signal found", async () => {
    const emulator = world();
    const body = JSON.stringify({ signal: "approval:doc-7" });
    expect((await signal(emulator, body)).status).toBe(200);
    const again = await signal(emulator, body);
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: "No signal found", data: null, status: 404 });
  });

  test("a body that is not a JSON object is 400 Invalid signal data", async () => {
    const res = await signal(world(), "[1]");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "Invalid signal data", data: null, status: 400 });
  });
});

describe("the seeded world", () => {
  test("some running runs wait for a signal named after them, and a signal resumes one", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const waiting = emulator.runs
      .list({ status: "RUNNING" })
      .flatMap((run) => run.steps.filter((s) => s.op === "WAIT_FOR_SIGNAL" && s.status === "WAITING").map((s) => ({ run, s })));
    expect(waiting.length).toBeGreaterThan(0);
    const { run, s } = waiting[0]!;
    const res = await emulator.fetch(`${API}/v1/signals`, { method: "POST", body: JSON.stringify({ signal: s.signal }) });
    expect(((await res.json()) as { data: { run_id: string } }).data.run_id).toBe(run.id);
  });
});
