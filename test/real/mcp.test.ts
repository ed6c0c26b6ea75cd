// The MCP server (`node dist/cli.js mcp`) through the official MCP client against Inngest's own dev
// server and a real app (functions mcp-*, events real/mcp/*). The server talks to the dev server
// through the suite's proxy with no fault scripted, so "nothing was sent" is counted where requests arrive.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cli } from "../cli/cli.js";
import { ok, startMcp, toolError, type Mcp } from "../mcp/mcp.js";
import { startFaultProxy, type FaultProxy } from "./fault-proxy.js";
import { marker, until, url } from "./support.js";
const EVENT_KEY = "evtkey-real-mcp-5e1f0a";
const SIGNING_KEY = "signkey-test-a1b2c3d4e5f60718293a4b5c6d7e8f90";

describe.skipIf(!url)("real dev server: the MCP server's tools", () => {
  // Passes every request through (no fault scripted) and keeps each in `seen`: what the tests count.
  let proxy: FaultProxy;
  let mcp: Mcp;
  const env = { INNGEST_EVENT_KEY: EVENT_KEY, INNGEST_SIGNING_KEY: SIGNING_KEY };
  beforeAll(async () => {
    proxy = await startFaultProxy(url);
    mcp = await startMcp(["--allow-writes", "--dev", proxy.url], env);
  });
  afterAll(async () => {
    await mcp?.close();
    await proxy?.close();
  });

  /** The first run an event started, once the dev server has scheduled it. */
  const runOf = (eventId: string) =>
    until(`the run of ${eventId}`, async () => ok<{ runs: { id: string }[] }>(await mcp.call("list_event_runs", { eventId })).runs[0]?.id);

  test("listing: 13 read tools without --allow-writes, 20 with", async () => {
    const reader = await startMcp(["--dev", proxy.url], env);
    try {
      expect((await reader.client.listTools()).tools).toHaveLength(13);
    } finally {
      await reader.close();
    }
    expect((await mcp.client.listTools()).tools).toHaveLength(20);
  });

  test("every tool once: a failed run explained, a run invoked and waited for, a signal, a cancel, a replay; bulk cancellations as the dev server answers them", async () => {
    const MARK = marker("mcp"); // per try: a retry must not resume the first try's waiting run
    const sent = ok<{ ids: string[] }>(
      await mcp.call("send_events", {
        events: [
          { name: "real/mcp/fail", data: { mark: MARK } },
          { name: "real/mcp/sleep", data: { mark: MARK } },
          { name: "real/mcp/wait-signal", data: { signal: `${MARK}-go` } },
        ],
      }),
    );
    const [failEvent, sleepEvent, signalEvent] = sent.ids;
    // The Event API answers before the event is stored for the REST API to read.
    const stored = await until("the event to be stored", async () => {
      const got = await mcp.call("get_event", { eventId: failEvent! });
      return got.isError ? undefined : ok<{ event: { name: string } }>(got);
    });
    expect(stored.event.name).toBe("real/mcp/fail");
    const listed = ok<{ events: { internalId: string }[] }>(await mcp.call("list_events", { name: "real/mcp/fail", from: new Date(Date.now() - 600_000).toISOString() }));
    expect(listed.events.map((e) => e.internalId)).toContain(failEvent);

    const failed = await runOf(failEvent!);
    expect(ok<{ run: { status: string } }>(await mcp.call("wait_for_run", { runId: failed, maxWait: 15_000 })).run.status).toBe("failed");
    expect(ok<{ run: { id: string } }>(await mcp.call("get_run", { runId: failed })).run.id).toBe(failed);
    // The dev server writes a run's end before its last spans: read the trace until the failed step is in it.
    const trace = await until("the failed step in the trace", async () => {
      const read = ok<{ failedSteps: { name: string; error: unknown }[] }>(await mcp.call("trace_run", { runId: failed }));
      return read.failedSteps.length > 0 ? read : undefined;
    });
    expect(trace.failedSteps[0]!.name).toBe("mcp-boom");
    expect(JSON.stringify(trace.failedSteps[0]!.error)).toContain("failed on purpose");

    const sleeping = await runOf(sleepEvent!);
    expect(ok(await mcp.call("list_run_jobs", { runId: sleeping }))).toHaveProperty("jobs");
    const waiting = await runOf(signalEvent!);
    // The run must reach its waitForSignal before a signal can find it.
    const resumed = await until("the signal to find the waiting run", async () => ok<{ runId: string | null }>(await mcp.call("send_signal", { signal: `${MARK}-go`, data: { ok: 1 } })).runId ?? undefined);
    expect(resumed).toBe(waiting);

    const { apps } = ok<{ apps: { id: string }[] }>(await mcp.call("list_apps", {}));
    expect(apps.map((a) => a.id)).toContain("real-app");
    expect(ok<{ app: { id: string } }>(await mcp.call("get_app", { appId: "real-app" })).app.id).toBe("real-app");
    const fns = ok<{ functions: { id: string }[] }>(await mcp.call("list_functions", { appId: "real-app", limit: 100 }));
    expect(fns.functions.map((f) => f.id)).toEqual(expect.arrayContaining(["mcp-echo", "mcp-fail"]));
    expect(ok<{ function: { id: string } }>(await mcp.call("get_function", { appId: "real-app", functionId: "mcp-echo" })).function.id).toBe("mcp-echo");

    const invoked = ok<{ runId: string }>(await mcp.call("invoke_function", { appId: "real-app", functionId: "mcp-echo", data: { mark: MARK } }));
    const done = ok<{ run: { status: string; output: unknown } }>(await mcp.call("wait_for_run", { runId: invoked.runId, maxWait: 15_000 }));
    expect(done.run).toMatchObject({ status: "completed", output: { echo: { mark: MARK } } });

    expect(ok(await mcp.call("cancel_run", { runId: sleeping }))).toEqual({ runId: sleeping, cancelled: true });
    expect(ok<{ run: { status: string } }>(await mcp.call("wait_for_run", { runId: sleeping, maxWait: 10_000 })).run.status).toBe("cancelled");
    const replayed = ok<{ runId: string }>(await mcp.call("replay_run", { runId: failed }));
    expect(replayed.runId).not.toBe(failed);


    // The dev server keeps no bulk cancellations: after validation every such call panics and
    // answers 500 with an empty body (../shared/inngest-dev-server/README.md). Each is an isError
    // result with the SDK's NotSupportedError (not retried), and the server keeps serving.
    const startedBefore = new Date(Date.now() - 1000).toISOString();
    const created = toolError(await mcp.call("create_cancellation", { appId: "real-app", functionId: "real-app-mcp-sleep", startedBefore, if: `event.data.mark == '${MARK}'` }));
    expect(created).toMatchObject({ class: "NotSupportedError", status: 500, message: expect.stringMatching(/does not support bulk cancellation/) });
    expect(toolError(await mcp.call("list_cancellations", {}))).toMatchObject({ class: "NotSupportedError", status: 500, message: expect.stringMatching(/does not support bulk cancellation/) });
    expect(toolError(await mcp.call("delete_cancellation", { id: "01ARZ3NDEKTSV4RRFFQ69G5FAV" }))).toMatchObject({ class: "NotSupportedError", status: 500, message: expect.stringMatching(/does not support bulk cancellation/) });
    expect(ok<{ runs: unknown[] }>(await mcp.call("list_runs", { limit: 1 })).runs).toHaveLength(1);
  });

  test("list_runs pages with its cursor; a missing run is an isError NotFoundError and the server keeps serving", async () => {
    const args = { appId: ["real-app"], from: new Date(Date.now() - 600_000).toISOString(), limit: 1 };
    const first = ok<{ runs: { id: string }[]; cursor?: string }>(await mcp.call("list_runs", args));
    expect(first.cursor).toBeDefined();
    const second = ok<{ runs: { id: string }[] }>(await mcp.call("list_runs", { ...args, cursor: first.cursor }));
    expect(second.runs).toHaveLength(1);
    expect(second.runs[0]!.id).not.toBe(first.runs[0]!.id);
    expect(toolError(await mcp.call("get_run", { runId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" }))).toMatchObject({ class: "NotFoundError", status: 404 });
    expect(ok(await mcp.call("list_apps", {}))).toHaveProperty("apps");
  });

  test("the command stops when its host closes stdin: exit 0, nothing on stdout or stderr, no request", async () => {
    const before = proxy.seen.length;
    expect(await cli(["mcp", "--allow-writes", "--dev", proxy.url], { env })).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(proxy.seen.length).toBe(before);
  });

  test("bad arguments and dry runs reach no server; no key in any output", async () => {
    const before = proxy.seen.length;
    expect(toolError(await mcp.call("list_runs", { limit: 0 })).issues).toEqual([{ path: "limit", message: "must be at least 1" }]);
    expect(toolError(await mcp.call("send_events", { events: [{ name: "" }] })).issues![0]!.path).toBe("events.0.name");
    const dry = ok<{ dryRun: boolean; requests: { path: string }[] }>(await mcp.call("send_events", { events: [{ name: "real/mcp/echo" }], dryRun: true }));
    expect(dry.requests[0]!.path).toBe("/e/{eventKey}");
    await mcp.call("replay_run", { runId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", dryRun: true });
    expect(proxy.seen.length).toBe(before);
    const everything = [...mcp.stdout, mcp.stderr()].join("\n");
    expect(everything).not.toContain(EVENT_KEY);
    expect(everything).not.toContain(SIGNING_KEY.slice("signkey-test-".length));
  });
});
