import { describe, expect, test } from "vitest";
import { createInngestEmulator } from "../../src/testing/index.js";

const NOW = Date.UTC(2026, 0, 15, 12);
const API = "https://api.inngest.com";

interface Span {
  id: string;
  name: string;
  status: string;
  stepOp?: string;
  stepId?: string;
  queuedAt: string;
  startedAt?: string;
  endedAt?: string;
  durationMs?: string;
  input?: Record<string, unknown>;
  output?: Record<string, unknown>;
  children?: Span[];
}

function world() {
  return createInngestEmulator({
    now: () => NOW,
    seed: {
      apps: [{ id: "billing", functions: [{ id: "charge", event: "billing/invoice.created", retries: 2 }] }],
      runs: [
        {
          functionId: "charge",
          status: "COMPLETED",
          queuedAt: NOW - 60_000,
          output: { charged: 4200 },
          steps: [{ id: "load-invoice", output: { amount: 4200 } }, { id: "charge-card", output: { ok: true } }],
        },
        {
          functionId: "charge",
          status: "FAILED",
          queuedAt: NOW - 50_000,
          output: { name: "Error", message: "Card declined" },
          steps: [{ id: "load-invoice" }, { id: "charge-card", status: "FAILED", output: { name: "Error", message: "Card declined" } }],
        },
        {
          functionId: "charge",
          status: "RUNNING",
          queuedAt: NOW - 40_000,
          steps: [{ id: "load-invoice" }, { id: "wait-a-day", op: "SLEEP", status: "WAITING", input: { duration: "24h" } }],
        },
      ],
    },
  });
}

async function trace(emulator: ReturnType<typeof world>, runId: string, query = "") {
  const res = await emulator.fetch(`${API}/v2/runs/${runId}/trace${query}`);
  return { status: res.status, body: (await res.json()) as { data: { runId: string; rootSpan: Span } } };
}

describe("GET /v2/runs/{runId}/trace", () => {
  test("a completed run: the root, the closing request (executor.nonstep) and a span per step without attempts", async () => {
    const emulator = world();
    const run = emulator.runs.list({ status: "COMPLETED" })[0]!;
    const { status, body } = await trace(emulator, run.id);
    expect(status).toBe(200);
    const root = body.data.rootSpan;
    expect(body.data.runId).toBe(run.id);
    // Watched on the dev server: a completed run's root is named after its closing request's step id.
    expect(root).toMatchObject({ name: "0737c22d3bfae812339732d14d8c7dbd6dc4e09c", status: "COMPLETED", durationMs: String(run.endedAt! - run.startedAt!) });
    expect(root.id).toMatch(/^[0-9a-f]{16}$/);
    expect(root.children?.map((s) => [s.name, s.status, s.stepOp ?? null, s.stepId ?? null])).toEqual([
      ["executor.nonstep", "COMPLETED", null, null],
      // stepId is the hashed step id, the SHA-1 of the step's id (watched: step "double" has stepId sha1("double"));
      // it was the raw id.
      ["load-invoice", "COMPLETED", "RUN", "e7a7ecd76007960ee41bf67990324b1f081182f0"], // sha1("load-invoice")
      ["charge-card", "COMPLETED", "RUN", "b2ae8f272ea660900fca3aeefbd39695c43f5cc9"], // sha1("charge-card")
    ]);
    // A step that succeeded on its first attempt has its attempt folded in; uint64 durations are strings.
    expect(root.children?.[1]).not.toHaveProperty("children");
    expect(root.children?.[1]?.durationMs).toMatch(/^\d+$/);
    // Inputs and outputs only with includeOutput.
    expect(root).not.toHaveProperty("output");
    const withOutput = (await trace(emulator, run.id, "?includeOutput=true")).body.data.rootSpan;
    expect(withOutput.output).toEqual({ charged: 4200 });
    expect(withOutput.children?.[0]?.output).toEqual({ charged: 4200 });
    expect(withOutput.children?.[1]?.output).toEqual({ amount: 4200 });
  });

  test("a failed run: the failed step holds one failed attempt per try (retries + 1)", async () => {
    const emulator = world();
    const run = emulator.runs.list({ status: "FAILED" })[0]!;
    const root = (await trace(emulator, run.id, "?includeOutput=true")).body.data.rootSpan;
    expect(root.status).toBe("FAILED");
    const failed = root.children?.find((s) => s.status === "FAILED");
    // A step that failed for good shows no op (its StepError opcode maps to none), as on the dev server.
    expect(failed).toMatchObject({ name: "charge-card", output: { name: "Error", message: "Card declined" } });
    expect(failed).not.toHaveProperty("stepOp");
    expect(failed?.children?.map((a) => [a.name, a.status])).toEqual([
      ["Attempt 0", "FAILED"],
      ["Attempt 1", "FAILED"],
      ["Attempt 2", "FAILED"],
    ]);
    // Then the failed function's Finalization (holding the failed attempt) and its closing request.
    expect(root.children?.slice(-2).map((s) => [s.name, s.status, s.children?.map((c) => c.name) ?? []])).toEqual([
      ["Finalization", "FAILED", ["Attempt 0"]],
      ["executor.nonstep", "FAILED", []],
    ]);
  });

  test("a run asleep: the sleep span is WAITING, started, with no end and no duration", async () => {
    const emulator = world();
    const run = emulator.runs.list({ status: "RUNNING" })[0]!;
    const root = (await trace(emulator, run.id, "?includeOutput=true")).body.data.rootSpan;
    expect(root).toMatchObject({ status: "RUNNING" });
    expect(root).not.toHaveProperty("endedAt");
    const sleep = root.children?.at(-1);
    expect(sleep).toMatchObject({ name: "wait-a-day", status: "WAITING", stepOp: "SLEEP", input: { duration: "24h" } });
    expect(sleep?.startedAt).toBe(sleep?.queuedAt);
    expect(sleep).not.toHaveProperty("endedAt");
    expect(sleep).not.toHaveProperty("durationMs");
    expect(sleep).not.toHaveProperty("children");
  });

  test("cancelling a run leaves the sleep it was in WAITING, with no end, as the dev server does", async () => {
    const emulator = world();
    const run = emulator.runs.list({ status: "RUNNING" })[0]!;
    await emulator.fetch(`${API}/v2/runs/${run.id}/cancel`, { method: "POST" });
    const root = (await trace(emulator, run.id)).body.data.rootSpan;
    expect([root.status, root.children?.at(-1)?.status]).toEqual(["CANCELLED", "WAITING"]);
    expect(root.children?.at(-1)).not.toHaveProperty("endedAt");
  });

  test("the generated world has traces too: every failed run has a failed step", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const failed = emulator.runs.list({ status: "FAILED" }).slice(0, 5);
    expect(failed.length).toBeGreaterThan(0);
    for (const run of failed) {
      const root = (await trace(emulator as ReturnType<typeof world>, run.id)).body.data.rootSpan;
      expect(root.children?.some((s) => s.status === "FAILED")).toBe(true);
    }
  });

  test("a missing run is 404 Trace not found; a malformed id a 400", async () => {
    const emulator = world();
    expect(await trace(emulator, "01HE8AM9DPK9N37V1RKY1DNQF5")).toEqual({
      status: 404,
      body: { errors: [{ code: "not_found", message: "Trace not found" }] },
    });
    expect((await trace(emulator, "nope")).status).toBe(400);
  });
});

describe("GET /v2/runs/{runId}", () => {
  test("answers the run with its function's id and name and app; output only with includeOutput", async () => {
    const emulator = world();
    const run = emulator.runs.list({ status: "COMPLETED" })[0]!;
    const plain = (await (await emulator.fetch(`${API}/v2/runs/${run.id}`)).json()) as { data: Record<string, unknown> };
    expect(plain.data).toMatchObject({ id: run.id, status: "COMPLETED", function: { id: "charge", name: "charge" }, app: { id: "billing" } });
    expect(plain.data).not.toHaveProperty("output");
    const full = (await (await emulator.fetch(`${API}/v2/runs/${run.id}?includeOutput=true`)).json()) as { data: Record<string, unknown> };
    expect(full.data["output"]).toEqual({ charged: 4200 });
  });
});
