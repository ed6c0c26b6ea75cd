// The MCP server's read tools, through the official MCP client, against the emulator over loopback:
// the listing, every read tool once, paging with the cursor (the API's and one made when a page
// does not fit the size budget), errors as isError results after which the server keeps serving.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createInngestClient } from "../../src/index.js";
import { createInngestEmulator } from "../../src/testing/index.js";
import { served } from "../cli/cli.js";
import { ok, startMcp, toolError, type Mcp } from "./mcp.js";

const emulator = createInngestEmulator({ seed: { runs: 60 } });
const { dev, url } = served(emulator);
let mcp: Mcp;
beforeAll(async () => {
  mcp = await startMcp(dev);
});
afterAll(() => mcp?.close());

const READS = ["list_runs", "get_run", "trace_run", "wait_for_run", "list_run_jobs", "list_events", "get_event", "list_event_runs", "list_apps", "get_app", "list_functions", "get_function", "list_cancellations"];
const WRITES = ["send_events", "invoke_function", "cancel_run", "replay_run", "send_signal", "create_cancellation", "delete_cancellation"];
const app = () => emulator.apps.list({ archived: false })[0]!;
const fn = () => app().functions.find((f) => f.event !== undefined)!;

describe("the listing", () => {
  test("without --allow-writes: the 13 read tools only, each read-only, described, with a JSON Schema from its zod schema", async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(READS);
    for (const t of tools) {
      expect(t.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true });
      expect(t.description!.length, t.name).toBeGreaterThan(80);
      expect(t.description, t.name).toMatch(/Cost:/);
      expect(t.inputSchema).toMatchObject({ type: "object", additionalProperties: false });
    }
    const listRuns = tools.find((t) => t.name === "list_runs")!;
    expect(listRuns.inputSchema.properties).toMatchObject({
      status: { type: "array", items: { enum: ["queued", "running", "completed", "failed", "cancelled"] } },
      limit: { type: "integer", minimum: 1, maximum: 100 },
    });
    // The SDK's own page bounds: v1 events 51, an event's runs 40.
    expect(tools.find((t) => t.name === "list_events")!.inputSchema.properties).toMatchObject({ limit: { maximum: 51 } });
    expect(tools.find((t) => t.name === "list_event_runs")!.inputSchema.properties).toMatchObject({ limit: { maximum: 40 } });
  });

  test("a write tool is refused by name when writes are not allowed, and nothing is sent", async () => {
    const before = emulator.requests.length;
    const error = toolError(await mcp.call("cancel_run", { runId: emulator.runs.list({ status: "RUNNING" })[0]!.id }));
    expect(error.message).toMatch(/--allow-writes/);
    expect(emulator.requests.length).toBe(before);
  });

  test("with --allow-writes: the 20 tools, writes annotated and taking dryRun", async () => {
    const writer = await startMcp(["--allow-writes", ...dev]);
    try {
      const { tools } = await writer.client.listTools();
      expect(tools.map((t) => t.name)).toEqual([...READS, ...WRITES]);
      const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
      for (const name of WRITES) {
        expect(byName[name]!.annotations!.readOnlyHint, name).toBe(false);
        expect(byName[name]!.inputSchema.properties, name).toHaveProperty("dryRun");
      }
      expect(byName["cancel_run"]!.annotations).toMatchObject({ destructiveHint: true, idempotentHint: true });
      expect(byName["replay_run"]!.annotations).toMatchObject({ destructiveHint: false, idempotentHint: false });
      // send_events' event schema is the SDK's own (src/wire/event-schema.ts): its name bounds show.
      expect(byName["send_events"]!.inputSchema.properties).toMatchObject({
        events: { type: "array", items: { properties: { name: { type: "string", minLength: 1, maxLength: 256 }, data: { type: "object" } } } },
      });
    } finally {
      await writer.close();
    }
  });
});

describe("reading runs", () => {
  test("list_runs pages with the cursor through every failed run, in the API's order", async () => {
    const failed = emulator.runs.list({ status: "FAILED" }).map((r) => r.id);
    expect(failed.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = ok<{ runs: { id: string; status: string }[]; hasMore: boolean; cursor?: string }>(
        await mcp.call("list_runs", { status: ["failed"], limit: 3, ...(cursor ? { cursor } : {}) }),
      );
      expect(page.runs.every((r) => r.status === "failed")).toBe(true);
      seen.push(...page.runs.map((r) => r.id));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(failed);
  });

  test("a page larger than maxChars shows what fits, and its cursor resumes at the next item of the same page", async () => {
    const all = emulator.runs.list().slice(0, 40).map((r) => r.id);
    const first = ok<{ runs: { id: string }[]; cursor: string; note: string }>(await mcp.call("list_runs", { limit: 40, maxChars: 4000 }));
    expect(first.runs.length).toBeLessThan(40);
    expect(first.note).toMatch(/pass cursor for the rest/);
    const second = ok<{ runs: { id: string }[] }>(await mcp.call("list_runs", { limit: 40, maxChars: 4000, cursor: first.cursor }));
    expect([...first.runs, ...second.runs].map((r) => r.id)).toEqual(all.slice(0, first.runs.length + second.runs.length));
  });

  test("get_run, trace_run (failed steps first, with their errors; full tree on request), list_run_jobs and wait_for_run", async () => {
    const failed = emulator.runs.list({ status: "FAILED" }).find((r) => r.steps.some((s) => s.status === "FAILED"))!;
    expect(ok<{ run: { id: string; status: string } }>(await mcp.call("get_run", { runId: failed.id })).run).toMatchObject({ id: failed.id, status: "failed" });

    const summary = ok<{ status: string; failedSteps: { name: string; status: string; error?: unknown }[]; steps: unknown[] }>(await mcp.call("trace_run", { runId: failed.id }));
    expect(summary.status).toBe("failed");
    // Exactly the run's failed steps, each with its error.
    expect(summary.failedSteps.map((s) => s.name)).toEqual(failed.steps.filter((s) => s.status === "FAILED").map((s) => s.name));
    expect(summary.failedSteps.every((s) => s.status === "failed" && s.error !== undefined)).toBe(true);
    const full = ok<{ root: { children: unknown[] } }>(await mcp.call("trace_run", { runId: failed.id, full: true }));
    expect(full.root.children.length).toBeGreaterThan(0);
    expect(summary.steps.length).toBeGreaterThanOrEqual(full.root.children.length);

    const running = emulator.runs.list({ status: "RUNNING" })[0]!;
    const listed = ok<{ jobs: { id: string }[]; hasMore: boolean }>(await mcp.call("list_run_jobs", { runId: running.id }));
    expect(listed).toMatchObject({ hasMore: false });
    // The jobs the emulator holds for the run (queue order, at most 10), as the SDK's runs.jobs reads them.
    const held = [...emulator.runs.get(running.id)!.jobs].sort((a, b) => a.position - b.position).slice(0, 10);
    expect(held.length).toBeGreaterThan(0);
    expect(listed.jobs.map((j) => j.id)).toEqual(held.map((j) => j.id));
    expect(listed.jobs).toEqual((await createInngestClient({ isDev: true, baseUrl: url() }).runs.jobs(running.id)).data);

    const waiting = mcp.call("wait_for_run", { runId: running.id, maxWait: 15_000 });
    setTimeout(() => emulator.runs.update(running.id, { status: "COMPLETED", output: { ok: 1 } }), 300);
    expect(ok<{ run: unknown }>(await waiting).run).toMatchObject({ id: running.id, status: "completed", output: { ok: 1 } });
  });

  test("a missing run is an isError result with the SDK's typed error, and the server keeps serving", async () => {
    const missing = toolError(await mcp.call("get_run", { runId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" }));
    expect(missing).toMatchObject({ class: "NotFoundError", status: 404 });
    expect(toolError(await mcp.call("list_run_jobs", { runId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" })).class).toBe("NotFoundError");
    expect(ok<{ runs: unknown[] }>(await mcp.call("list_runs", { limit: 1 })).runs).toHaveLength(1);
  });

  test("a large value is cut to maxChars with a note saying how to get the rest", async () => {
    const run = emulator.runs.list({ status: "RUNNING" })[1]!;
    emulator.runs.update(run.id, { status: "COMPLETED", output: { blob: "x".repeat(50_000) } });
    const cut = await mcp.call("get_run", { runId: run.id });
    const text = (cut.content as { text: string }[])[0]!.text;
    expect(text.length).toBeLessThan(21_000);
    expect(ok<{ note: string; run: { output: { blob: string } } }>(cut)).toMatchObject({ note: expect.stringMatching(/larger maxChars/), run: { output: { blob: expect.stringMatching(/\[cut: 50000 chars\]$/) } } });
    const whole = ok<{ run: { output: { blob: string } } }>(await mcp.call("get_run", { runId: run.id, maxChars: 100_000 }));
    expect(whole.run.output.blob).toHaveLength(50_000);
  });
});

describe("bad arguments", () => {
  test("are refused before any request, with a ValidationError naming each argument; the server keeps serving", async () => {
    const before = emulator.requests.length;
    const cases: [string, Record<string, unknown>, string[]][] = [
      ["list_runs", { limit: 500, status: ["broken"], bogus: 1 }, ["limit", "status.0", "bogus"]],
      ["get_run", {}, ["runId"]],
      ["list_events", { limit: 52 }, ["limit"]],
      ["list_event_runs", { eventId: "x", limit: 41 }, ["limit"]],
      ["list_runs", { cursor: "not-ours" }, ["cursor"]],
      // Past zod, the SDK's own check: functionId needs appId.
      ["list_runs", { functionId: ["f"] }, ["appId"]],
      ["list_events", { from: "yesterday" }, ["from"]],
    ];
    for (const [name, args, paths] of cases) {
      const error = toolError(await mcp.call(name, args));
      expect(error.class, name).toBe("ValidationError");
      expect(error.issues!.map((i) => i.path).sort(), `${name} ${JSON.stringify(args)}`).toEqual(paths.sort());
      expect(error.message).toMatch(/nothing was sent/);
    }
    expect(emulator.requests.length).toBe(before);
    const worded = toolError(await mcp.call("list_runs", { limit: 500, status: ["broken"], bogus: 1 })).issues!;
    expect(Object.fromEntries(worded.map((i) => [i.path, i.message]))).toEqual({
      limit: "must be at most 100",
      "status.0": 'must be one of "queued", "running", "completed", "failed", "cancelled"',
      bogus: "is not an argument of this tool, which takes: status, appId, functionId, from, until, limit, cursor, maxChars",
    });
    expect(ok(await mcp.call("list_apps", {}))).toHaveProperty("apps");
  });
});

test("events, apps, functions and cancellations: each read tool answers what the emulator holds", async () => {
  const sent = await (await emulator.fetch(`http://x/e/key`, { method: "POST", body: JSON.stringify({ name: fn().event, data: { k: 1 } }) })).json();
  const eventId = (sent as { ids: string[] }).ids[0]!;
  const events = ok<{ events: { internalId: string }[] }>(await mcp.call("list_events", { name: fn().event }));
  expect(events.events.map((e) => e.internalId)).toContain(eventId);
  expect(ok<{ event: unknown }>(await mcp.call("get_event", { eventId })).event).toMatchObject({ internalId: eventId, data: { k: 1 } });
  const runs = ok<{ runs: { id: string; eventId: string }[] }>(await mcp.call("list_event_runs", { eventId }));
  const started = emulator.runs.list({ eventId }).map((r) => r.id);
  expect(started.length).toBeGreaterThan(0);
  expect(runs.runs.map((r) => r.id).sort()).toEqual([...started].sort());

  const apps = ok<{ apps: { id: string }[] }>(await mcp.call("list_apps", {}));
  expect(apps.apps.map((a) => a.id)).toEqual(emulator.apps.list({ archived: false }).map((a) => a.id));
  expect(ok<{ app: unknown }>(await mcp.call("get_app", { appId: app().id })).app).toMatchObject({ id: app().id });
  const fns = ok<{ functions: { id: string }[] }>(await mcp.call("list_functions", { appId: app().id }));
  expect(fns.functions.map((f) => f.id)).toEqual(app().functions.map((f) => f.id));
  expect(ok<{ function: unknown }>(await mcp.call("get_function", { appId: app().id, functionId: fn().id })).function).toMatchObject({ id: fn().id });
  expect(ok(await mcp.call("list_cancellations", {}))).toMatchObject({ cancellations: [], hasMore: false });
});
