// The commands over issue 11's methods (trace, wait, invoke, functions, apps get, events lookups,
// bulk cancellations, signals), run as a real process against the emulator over loopback.
import { describe, expect, test } from "vitest";
import { createInngestEmulator } from "../../src/testing/index.js";
import { cli, errorOf, ndjson, served } from "./cli.js";

const emulator = createInngestEmulator();
const { dev } = served(emulator);

const app = () => emulator.apps.list({ archived: false })[0]!;
const fn = () => app().functions.find((f) => f.event !== undefined)!;
const posts = (path: string) => emulator.requests.filter((r) => r.method !== "GET" && r.path.startsWith(path));

describe("debugging a failed run", () => {
  test("runs trace --failed-steps prints each failed step, with its error under --include-output", async () => {
    const run = emulator.runs.list({ status: "FAILED" })[0]!;
    const ran = await cli(["runs", "trace", run.id, "--failed-steps", "--include-output", ...dev]);
    expect(ran.code).toBe(0);
    const steps = ndjson(ran.stdout) as { status: string; output?: unknown }[];
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((s) => s.status === "failed" && s.output !== undefined)).toBe(true);
    const whole = await cli(["runs", "trace", run.id, ...dev]);
    expect(JSON.parse(whole.stdout)).toMatchObject({ runId: run.id, root: { children: expect.any(Array) } });
  });

  test("runs wait prints the run once it has ended, and exits 1 when --timeout passes first", async () => {
    const run = emulator.runs.list({ status: "RUNNING" })[0]!;
    const waiting = cli(["runs", "wait", run.id, "--interval", "50", "--timeout", "20000", ...dev]);
    setTimeout(() => emulator.runs.update(run.id, { status: "COMPLETED", output: { ok: 1 } }), 300);
    const ran = await waiting;
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ id: run.id, status: "completed", output: { ok: 1 } });

    const other = emulator.runs.list({ status: "RUNNING" })[0]!;
    const timedOut = await cli(["runs", "wait", other.id, "--interval", "50", "--timeout", "300", ...dev]);
    expect(timedOut.code).toBe(1);
    expect(errorOf(timedOut).type).toBe("TimeoutError");
  });
});

describe("functions and apps", () => {
  test("functions invoke starts a run; the same --idempotency-key again prints the same run with duplicate: true", async () => {
    const args = ["functions", "invoke", app().id, fn().id, "--data", '{"orderId":"o_1"}', "--idempotency-key", "k-1", ...dev];
    const first = JSON.parse((await cli(args)).stdout) as { runId: string; duplicate: boolean };
    const again = JSON.parse((await cli(args)).stdout) as { runId: string; duplicate: boolean };
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ runId: first.runId, duplicate: true });
    expect(emulator.runs.get(first.runId)?.functionId).toBe(fn().id);
  });

  test("functions list, functions get and apps get print what the emulator holds", async () => {
    const [list, one, appOne] = await Promise.all([
      cli(["functions", "list", app().id, "--all", ...dev]),
      cli(["functions", "get", app().id, fn().id, ...dev]),
      cli(["apps", "get", app().id, ...dev]),
    ]);
    expect((ndjson(list.stdout) as { id: string }[]).map((f) => f.id)).toEqual(app().functions.map((f) => f.id));
    expect(JSON.parse(one.stdout)).toMatchObject({ id: fn().id });
    expect(JSON.parse(appOne.stdout)).toMatchObject({ id: app().id });
    expect((await cli(["functions", "get", app().id, "no-such-function", ...dev])).code).toBe(5);
  });
});

describe("events", () => {
  test("events get, events runs and events list find a sent event and the runs it started", async () => {
    const sent = await cli(["events", "send", "--name", fn().event!, "--data", '{"k":1}', ...dev]);
    const [id] = (JSON.parse(sent.stdout) as { ids: string[] }).ids;
    const [one, runs, list] = await Promise.all([
      cli(["events", "get", id!, ...dev]),
      cli(["events", "runs", id!, ...dev]),
      cli(["events", "list", "--name", fn().event!, "--all", ...dev]),
    ]);
    expect(JSON.parse(one.stdout)).toMatchObject({ internalId: id, name: fn().event, data: { k: 1 } });
    // The send started runs (else both sides below would be empty lists).
    expect(emulator.runs.list({ eventId: id }).length).toBeGreaterThan(0);
    expect((ndjson(runs.stdout) as { eventId: string }[]).map((r) => r.eventId)).toEqual(emulator.runs.list({ eventId: id }).map(() => id));
    expect((ndjson(list.stdout) as { internalId: string }[]).map((e) => e.internalId)).toContain(id);
  });

  // --limit caps the total; the page size under it must stay within each route's own bound
  // (v1 events 51, an event's runs 40), or the SDK would refuse the call before the wire.
  test("--limit above a route's largest page still prints up to that many items", async () => {
    const sent = await cli(["events", "send", "-", ...dev], { input: Array.from({ length: 60 }, (_, i) => JSON.stringify({ name: "app/many", data: { i } })).join("\n") });
    expect(sent.code).toBe(0);
    const [list, runs] = await Promise.all([
      cli(["events", "list", "--name", "app/many", "--limit", "55", ...dev]),
      cli(["events", "runs", (JSON.parse(sent.stdout) as { ids: string[] }).ids[0]!, "--limit", "100", ...dev]),
    ]);
    expect([list.code, runs.code]).toEqual([0, 0]);
    expect(ndjson(list.stdout)).toHaveLength(55);
    const pages = emulator.requests.filter((r) => r.path === "/v1/events");
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((r) => Number(new URLSearchParams(r.query).get("limit")) <= 51)).toBe(true);
  });
});

describe("bulk cancellation", () => {
  test("--dry-run lists the runs it would match and sends nothing; create cancels them; delete removes it", async () => {
    const until = new Date(Date.now() - 1000).toISOString();
    const matching = emulator.runs.list({ functionId: fn().id, status: ["QUEUED", "RUNNING"] }).filter((r) => r.queuedAt <= Date.parse(until));
    expect(matching.length).toBeGreaterThan(0);
    // A bulk cancellation names the function by its stored slug, as on the real server.
    const args = ["cancellations", "create", "--app-id", app().id, "--function-id", `${app().id}-${fn().id}`, "--started-before", until, ...dev];
    const dry = await cli([...args, "--dry-run"]);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, request: "POST /v1/cancellations", candidates: matching.map((r) => r.id) });
    expect(posts("/v1/cancellations")).toEqual([]);
    expect(matching.every((r) => emulator.runs.get(r.id)!.status !== "CANCELLED")).toBe(true);

    const created = JSON.parse((await cli(args)).stdout) as { id: string };
    expect(matching.every((r) => emulator.runs.get(r.id)!.status === "CANCELLED")).toBe(true);
    expect((ndjson((await cli(["cancellations", "list", ...dev])).stdout) as { id: string }[]).map((c) => c.id)).toContain(created.id);

    const dryDelete = await cli(["cancellations", "delete", created.id, "--dry-run", ...dev]);
    expect(JSON.parse(dryDelete.stdout)).toEqual({ dryRun: true, request: `DELETE /v1/cancellations/${created.id}`, id: created.id });
    expect(posts("/v1/cancellations/")).toEqual([]);
    expect((await cli(["cancellations", "delete", created.id, ...dev])).code).toBe(0);
    expect(ndjson((await cli(["cancellations", "list", ...dev])).stdout)).toEqual([]);
  });

  test("--dry-run makes the SDK's checks and prints its wire body: a future --started-before exits as the real call does", async () => {
    const args = ["cancellations", "create", "--app-id", app().id, "--function-id", `${app().id}-${fn().id}`, ...dev];
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const before = posts("/v1/cancellations").length;
    const [real, dry] = await Promise.all([cli([...args, "--started-before", future]), cli([...args, "--started-before", future, "--dry-run"])]);
    expect(real.code).toBe(2);
    expect(dry.code).toBe(real.code);
    expect(errorOf(dry)).toEqual(errorOf(real));
    expect(errorOf(dry).message).toMatch(/nothing was sent/);
    expect(dry.stderr).toMatch(/startedBefore: must be in the past/);
    expect(dry.stdout).toBe("");
    expect(posts("/v1/cancellations").length).toBe(before);

    // The body printed is the one the request carries: snake_case, times as the SDK sends them.
    const after = new Date(Date.now() - 7_200_000);
    const until = new Date(Date.now() - 1000);
    const ran = await cli([...args, "--started-after", after.toISOString(), "--started-before", until.toISOString(), "--if", "event.data.k == 1", "--dry-run"]);
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({
      body: { app_id: app().id, function_id: `${app().id}-${fn().id}`, started_before: until.toISOString(), started_after: after.toISOString(), if: "event.data.k == 1" },
    });
    expect(Object.keys((JSON.parse(ran.stdout) as { body: object }).body).sort()).toEqual(["app_id", "function_id", "if", "started_after", "started_before"]);
    expect(posts("/v1/cancellations").length).toBe(before);
  });

  test("a missing required flag is exit 2, nothing sent", async () => {
    const before = emulator.requests.length;
    const ran = await cli(["cancellations", "create", "--app-id", "x", ...dev]);
    expect(ran.code).toBe(2);
    expect(errorOf(ran).message).toMatch(/--function-id is required/);
    expect(emulator.requests.length).toBe(before);
  });
});

test("signals send prints {runId: null} when no run waits on the signal", async () => {
  const ran = await cli(["signals", "send", "nobody-waits", "--data", '{"ok":true}', ...dev]);
  expect(ran.code).toBe(0);
  expect(JSON.parse(ran.stdout)).toEqual({ runId: null });
});
