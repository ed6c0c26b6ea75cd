// The MCP server's write tools (with --allow-writes), through the official MCP client against the
// emulator: each tool once for real, each as a dry run that sends nothing, bad arguments refused
// before any request, and no key in anything the server writes.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createInngestEmulator } from "../../src/testing/index.js";
import { served } from "../cli/cli.js";
import { ok, startMcp, toolError, type Mcp } from "./mcp.js";

const SIGNING_KEY = "signkey-test-0123456789abcdef0123456789abcdef";
const EVENT_KEY = "evtkey-mcp-test-7f3a9c1d2e";
const emulator = createInngestEmulator({ seed: { runs: 40 }, signingKey: SIGNING_KEY, eventKeys: [EVENT_KEY] });
const { url } = served(emulator);
let mcp: Mcp;
beforeAll(async () => {
  // No --dev: the keys from the environment, as against Inngest Cloud.
  mcp = await startMcp(["--allow-writes"], { INNGEST_BASE_URL: url(), INNGEST_SIGNING_KEY: SIGNING_KEY, INNGEST_EVENT_KEY: EVENT_KEY });
});
afterAll(() => mcp?.close());

const app = () => emulator.apps.list({ archived: false })[0]!;
const fn = () => app().functions.find((f) => f.event !== undefined)!;
const ULID = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

/** What the tool sends, called for real; `args` are its arguments. */
function everyWrite(): [string, Record<string, unknown>][] {
  const running = emulator.runs.list({ status: "RUNNING" });
  return [
    ["send_events", { events: [{ name: fn().event!, data: { mcp: 1 } }] }],
    ["invoke_function", { appId: app().id, functionId: fn().id, data: { mcp: 2 } }],
    ["cancel_run", { runId: running[0]!.id }],
    ["replay_run", { runId: emulator.runs.list({ status: "FAILED" }).find((r) => r.cron === undefined)!.id }],
    ["send_signal", { signal: "mcp-approval", data: { approved: true } }],
    // Bulk cancellation matches the function by its stored slug, app-prefixed (GetFunctionByExternalID).
    ["create_cancellation", { appId: app().id, functionId: `${app().id}-${fn().id}`, startedBefore: new Date(Date.now() - 1000).toISOString() }],
    ["delete_cancellation", { id: ULID }],
  ];
}

describe("dry runs", () => {
  test("each write tool with dryRun: true sends nothing and shows the request it would make", async () => {
    const before = emulator.requests.length;
    const shown: Record<string, { method: string; path: string; body?: unknown }> = {};
    for (const [name, args] of everyWrite()) {
      const dry = ok<{ dryRun: boolean; requests: { method: string; path: string; body?: unknown }[] }>(await mcp.call(name, { ...args, dryRun: true }));
      expect(dry.dryRun, name).toBe(true);
      shown[name] = dry.requests[0]!;
    }
    expect(emulator.requests.length).toBe(before);
    expect(shown["send_events"]).toMatchObject({ method: "POST", path: "/e/{eventKey}", body: [{ name: fn().event, data: { mcp: 1 } }] });
    expect(shown["cancel_run"]).toMatchObject({ method: "DELETE", path: `/v1/runs/${everyWrite()[2]![1]["runId"]}` });
    expect(shown["create_cancellation"]).toMatchObject({ method: "POST", path: "/v1/cancellations", body: { app_id: app().id, function_id: `${app().id}-${fn().id}` } });
    expect(shown["delete_cancellation"]).toMatchObject({ method: "DELETE", path: `/v1/cancellations/${ULID}` });
  });

  test("a dry run refuses what the real call refuses (the SDK's own checks), naming the argument", async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const error = toolError(await mcp.call("create_cancellation", { appId: app().id, functionId: fn().id, startedBefore: future, dryRun: true }));
    expect(error).toMatchObject({ class: "ValidationError", issues: [{ path: "startedBefore", message: "must be in the past" }] });
  });
});

describe("writes", () => {
  test("every write tool once, each doing what it says in the emulator", async () => {
    const [send, invoke, cancel, replay, signal, create] = everyWrite();
    const waiting = emulator.runs.add({ functionId: fn().id, status: "RUNNING", steps: [{ id: "approval", op: "WAIT_FOR_SIGNAL", status: "WAITING", signal: "mcp-approval" }] });

    const { ids } = ok<{ ids: string[] }>(await mcp.call(...send!));
    expect(emulator.events.find((e) => e.id === ids[0])).toMatchObject({ name: fn().event, data: { mcp: 1 } });
    const invoked = ok<{ runId: string; duplicate: boolean }>(await mcp.call(...invoke!));
    expect(emulator.runs.get(invoked.runId)?.functionId).toBe(fn().id);
    expect(ok(await mcp.call(...cancel!))).toEqual({ runId: cancel![1]["runId"], cancelled: true });
    expect(emulator.runs.get(cancel![1]["runId"] as string)!.status).toBe("CANCELLED");
    const replayed = ok<{ runId: string; replayOf: string }>(await mcp.call(...replay!));
    expect(emulator.runs.get(replayed.runId)?.originalRunId).toBe(replay![1]["runId"]);
    expect(ok(await mcp.call(...signal!))).toEqual({ runId: waiting.id });
    const { cancellation } = ok<{ cancellation: { id: string } }>(await mcp.call(...create!));
    expect(ok<{ cancellations: { id: string }[] }>(await mcp.call("list_cancellations", {})).cancellations.map((c) => c.id)).toEqual([cancellation.id]);
    expect(ok(await mcp.call("delete_cancellation", { id: cancellation.id }))).toEqual({ id: cancellation.id, deleted: true });
    expect(ok(await mcp.call("list_cancellations", {}))).toMatchObject({ cancellations: [] });
  });

  test("bad arguments are refused before any request, naming the argument (a batch checked whole)", async () => {
    const before = emulator.requests.length;
    const cases: [string, Record<string, unknown>, string[]][] = [
      // The SDK's event schema words these (src/wire/event-schema.ts).
      ["send_events", { events: [{ name: "ok" }, { name: "inngest/x" }, { data: [] }] }, ["events.1.name", "events.2.name", "events.2.data"]],
      ["send_events", { events: [] }, ["events"]],
      ["invoke_function", { appId: app().id, functionId: fn().id, data: [1] }, ["data"]],
      ["cancel_run", { runId: "" }, ["runId"]],
      ["delete_cancellation", { id: "short", dryRun: true }, ["id"]],
      ["create_cancellation", { appId: "a", functionId: "f" }, ["startedBefore"]],
      ["send_signal", { signal: "" }, ["signal"]],
    ];
    for (const [name, args, paths] of cases) {
      const error = toolError(await mcp.call(name, args));
      expect(error.class, name).toBe("ValidationError");
      expect(error.issues!.map((i) => i.path).sort(), `${name} ${JSON.stringify(args)}`).toEqual(paths.sort());
    }
    // A cancellation id's length is the SDK's own check (ULID_LENGTH), not a second one in the tool's schema.
    expect(toolError(await mcp.call("delete_cancellation", { id: "short" })).issues).toEqual([{ path: "id", message: "must be a 26-character ULID" }]);
    expect(emulator.requests.length).toBe(before);
  });
});

test("a partial send_events says which events were stored and which to resend", async () => {
  // Two POSTs (512 + 1): the first to arrive is refused, the other stored.
  emulator.failNext(1, { status: 400, match: { path: "/e/" } });
  const events = Array.from({ length: 513 }, (_, i) => ({ name: "app/partial", data: { i } }));
  const result = await mcp.call("send_events", { events });
  const error = (result.structuredContent as { error: { class: string; ids: (string | null)[]; failedIndexes: number[] } }).error;
  expect(error.class).toBe("PartialSendError");
  expect(error.ids).toHaveLength(513);
  expect(error.failedIndexes.length === 1 ? error.failedIndexes : error.failedIndexes.length).toEqual(error.failedIndexes.length === 1 ? [512] : 512);
  expect(error.failedIndexes.every((i) => error.ids[i] === null)).toBe(true);
});

test("no key in any output: results, errors, dry runs, stdout and stderr", async () => {
  // An error answer (a run that is not there), a dry run of an Event API post, and an event whose
  // data holds the key itself: the server scrubs it from the result.
  toolError(await mcp.call("get_run", { runId: ULID }));
  await mcp.call("send_events", { events: [{ name: "app/echo", data: { key: EVENT_KEY } }], dryRun: true });
  const { ids } = ok<{ ids: string[] }>(await mcp.call("send_events", { events: [{ name: "app/echo", data: { key: EVENT_KEY, signing: SIGNING_KEY } }] }));
  expect(ok<{ event: { data: unknown } }>(await mcp.call("get_event", { eventId: ids[0]! })).event.data).toEqual({ key: "***", signing: "***" });
  // The hashed signing key as the Authorization header carries it (signkey-test-<sha256 of the key's bytes>), echoed
  // by get_event from an event's data: only the scrubber's hashed entries can hide it.
  const hashed = `signkey-test-${createHash("sha256").update(Buffer.from(SIGNING_KEY.slice("signkey-test-".length), "hex")).digest("hex")}`;
  const echoed = ok<{ ids: string[] }>(await mcp.call("send_events", { events: [{ name: "app/echo", data: { hashed } }] })).ids;
  const hashedEvent = ok<{ event: { data: unknown } }>(await mcp.call("get_event", { eventId: echoed[0]! }));
  // It was stored as sent: what get_event shows of it is the scrubber's doing.
  expect(emulator.events.find((e) => e.id === echoed[0])?.data).toEqual({ hashed });
  expect(JSON.stringify(hashedEvent)).not.toContain(hashed.slice("signkey-test-".length));
  expect(hashedEvent.event.data).toEqual({ hashed: "***" });
  const everything = [...mcp.stdout, mcp.stderr()].join("\n");
  expect(mcp.stdout.length).toBeGreaterThan(5);
  // Under a host (stdin a pipe) nothing at all goes to stderr.
  expect(mcp.stderr()).toBe("");
  expect(everything).not.toContain(EVENT_KEY);
  expect(everything).not.toContain(SIGNING_KEY.slice("signkey-test-".length));
  // The hashed signing key (what goes in the Authorization header) is not there either.
  const hash = createHash("sha256").update(Buffer.from(SIGNING_KEY.slice("signkey-test-".length), "hex")).digest("hex");
  expect(everything).not.toContain(hash);
});

test("a dry run hides the event key also when the Event API's base URL has a path of its own", async () => {
  const prefixed = await startMcp(["--allow-writes"], { INNGEST_EVENT_API_BASE_URL: `${url()}/ingest`, INNGEST_BASE_URL: url(), INNGEST_SIGNING_KEY: SIGNING_KEY, INNGEST_EVENT_KEY: EVENT_KEY });
  try {
    const dry = ok<{ requests: { path: string }[] }>(await prefixed.call("send_events", { events: [{ name: "app/echo" }], dryRun: true }));
    expect(dry.requests[0]!.path).toBe("/ingest/e/{eventKey}");
    expect(JSON.stringify(dry)).not.toContain(EVENT_KEY);
  } finally {
    await prefixed.close();
  }
});
