// Every CLI command against the real dev server, with `--dev URL` (or INNGEST_DEV=URL): its NDJSON/JSON
// stdout, its stderr error line and its exit code. Most run in process (runCli, what dist/cli.js runs); a
// few run the built dist/cli.js as a user does.
import { describe, expect, it } from "vitest";
import { APP, MISSING_ID, cli, ended, eventually, marker, runOf, sendAndRun, url } from "./support.js";

describe.skipIf(!url)("real dev server: the CLI", () => {
  it("events send (--name, and NDJSON on stdin), events get, events list, events runs", async () => {
    const m = marker("cli-events");
    // The built executable, as `npx inngest-rest` runs it.
    const one = await cli(["events", "send", "--name", "real/complete", "--data", JSON.stringify({ n: 3, m })], { spawn: { env: {} } });
    expect(one.code).toBe(0);
    const [id] = (JSON.parse(one.stdout) as { ids: string[] }).ids;

    const ndjson = `${JSON.stringify({ name: "real/suite/cli", data: { m, i: 0 } })}\n${JSON.stringify({ name: "real/suite/cli", data: { m, i: 1 } })}\n`;
    const two = await cli(["events", "send", "-"], { input: ndjson });
    expect(two.code).toBe(0);
    const ids = (JSON.parse(two.stdout) as { ids: string[] }).ids;
    expect(ids).toHaveLength(2);

    const got = await eventually("the event stored", () => cli(["events", "get", ids[0]!]), (r) => r.code === 0);
    expect(JSON.parse(got.stdout)).toMatchObject({ internalId: ids[0], name: "real/suite/cli", data: { m, i: 0 } });

    const listed = await eventually("both events listed", () => cli(["events", "list", "--name", "real/suite/cli", "--limit", "50"]), (r) => r.lines().filter((e) => e.data.m === m).length === 2);
    expect(listed.lines().filter((e) => e.data.m === m).map((e) => e.internalId)).toEqual([ids[1], ids[0]]);

    await runOf(id!, ended);
    const runs = await cli(["events", "runs", id!]);
    expect(runs.code).toBe(0);
    expect(runs.lines()).toMatchObject([{ status: "completed", functionId: "complete", eventId: id }]);
  }, 60_000);

  it("runs list, runs get, runs wait, runs trace --failed-steps, runs replay", async () => {
    const ok = await sendAndRun("real/complete", { n: 7, m: marker("cli-runs") }, ended);
    const bad = await sendAndRun("real/fail", { m: marker("cli-runs") }, ended);
    const from = new Date(Date.parse(ok.queuedAt!) - 60_000).toISOString();

    const list = await cli(["runs", "list", "--app-id", APP, "--function-id", "fail", "--status", "failed", "--from", from, "--all"]);
    expect(list.code).toBe(0);
    expect(list.lines().map((r) => r.id)).toContain(bad.id);
    expect(list.lines().every((r) => r.status === "failed")).toBe(true);

    const got = await cli(["runs", "get", ok.id]);
    expect(JSON.parse(got.stdout)).toMatchObject({ id: ok.id, status: "completed", output: { doubled: 14 } });
    const waited = await cli(["runs", "wait", bad.id, "--timeout", "20000"]);
    expect(waited.code).toBe(0);
    expect(JSON.parse(waited.stdout)).toMatchObject({ id: bad.id, status: "failed" });

    const failed = await eventually("the failed step in the trace", () => cli(["runs", "trace", bad.id, "--failed-steps", "--include-output"]), (r) => r.code === 0 && r.lines().length > 0);
    expect(failed.code).toBe(0);
    expect(failed.lines()).toMatchObject([{ name: "boom", status: "failed" }]);
    expect(JSON.stringify(failed.lines()[0].output)).toContain("boom: the real app failed on purpose");
    const whole = await cli(["runs", "trace", ok.id]);
    expect(JSON.parse(whole.stdout)).toMatchObject({ runId: ok.id, root: { status: "completed" } });

    const dry = await cli(["runs", "replay", ok.id, "--dry-run"]);
    expect(JSON.parse(dry.stdout)).toEqual({ dryRun: true, request: `POST /v2/runs/${ok.id}/rerun`, runId: ok.id, status: "completed" });
    const replay = await cli(["runs", "replay", ok.id]);
    const { runId } = JSON.parse(replay.stdout) as { runId: string };
    expect(runId).not.toBe(ok.id);
    const replayed = await cli(["runs", "wait", runId, "--timeout", "20000", "--interval", "200"]);
    expect(JSON.parse(replayed.stdout)).toMatchObject({ id: runId, status: "completed", output: { doubled: 14 } });
  }, 60_000);

  it("runs jobs shows a sleeping run's wake-up; runs cancel (ids and stdin) cancels it", async () => {
    const a = await sendAndRun("real/sleep", { duration: "1h", m: marker("cli-cancel") }, (r) => r.status === "running");
    const b = await sendAndRun("real/sleep", { duration: "1h", m: marker("cli-cancel") }, (r) => r.status === "running");
    const jobs = await eventually("the sleep's queue item", () => cli(["runs", "jobs", a.id]), (r) => r.code === 0 && r.lines().some((j) => j.kind === "sleep"));
    expect(jobs.lines()).toMatchObject([{ kind: "sleep" }]);

    const dry = await cli(["runs", "cancel", a.id, "--dry-run"]);
    expect(JSON.parse(dry.stdout)).toEqual({ dryRun: true, request: `DELETE /v1/runs/${a.id}`, runId: a.id, status: "running" });
    const cancel = await cli(["runs", "cancel", a.id]);
    expect(cancel.lines()).toEqual([{ runId: a.id, cancelled: true }]);
    const piped = await cli(["runs", "cancel", "-"], { input: `${JSON.stringify({ id: b.id })}\n` });
    expect(piped.lines()).toEqual([{ runId: b.id, cancelled: true }]);
    expect(await runOf(a.eventId!, ended)).toMatchObject({ status: "cancelled" });
    expect(await runOf(b.eventId!, ended)).toMatchObject({ status: "cancelled" });
  }, 60_000);

  it("functions invoke (with and without --idempotency-key), functions list, functions get", async () => {
    const key = marker("cli-key");
    const first = await cli(["functions", "invoke", APP, "invokable", "--data", JSON.stringify({ key }), "--idempotency-key", key]);
    const again = await cli(["functions", "invoke", APP, "invokable", "--data", JSON.stringify({ key }), "--idempotency-key", key]);
    const { runId } = JSON.parse(first.stdout) as { runId: string };
    expect(JSON.parse(first.stdout)).toEqual({ runId, duplicate: false });
    expect(JSON.parse(again.stdout)).toEqual({ runId, duplicate: true });
    const plain = await cli(["functions", "invoke", APP, "invokable"]);
    expect(JSON.parse(plain.stdout)).toMatchObject({ duplicate: false });
    expect(JSON.parse(plain.stdout).runId).not.toBe(runId);
    const waited = await cli(["runs", "wait", runId, "--timeout", "20000"]);
    expect(JSON.parse(waited.stdout)).toMatchObject({ status: "completed", output: { echo: { key } } });

    const fns = await cli(["functions", "list", APP, "--all"]);
    expect(fns.lines().map((f) => f.id)).toEqual(expect.arrayContaining(["complete", "fail", "sleep", "wait-signal", "invokable"]));
    const fn = await cli(["functions", "get", APP, "fail"]);
    expect(JSON.parse(fn.stdout)).toMatchObject({ id: "fail", appId: APP, triggers: [{ type: "event", value: "real/fail" }] });
  }, 60_000);

  it("apps list and apps get; INNGEST_DEV=URL points the CLI at the dev server as --dev does", async () => {
    const apps = await cli(["apps", "list", "--all"]);
    expect(apps.lines().map((a) => a.id)).toContain(APP);
    const app = await cli(["apps", "get", APP], { dev: false, spawn: { env: { INNGEST_DEV: url } } });
    expect(app.code).toBe(0);
    expect(JSON.parse(app.stdout)).toMatchObject({ id: APP, archived: false });
  });

  it("signals send resumes the waiting run; one nobody waits for prints runId null", async () => {
    const signal = marker("cli-signal");
    const run = await sendAndRun("real/wait-signal", { signal }, (r) => r.status === "running");
    await eventually("the run's pause", () => cli(["runs", "jobs", run.id]), (r) => r.code === 0 && r.lines().some((j) => j.kind === "pause"));
    const sent = await cli(["signals", "send", signal, "--data", '{"ok":true}']);
    expect(JSON.parse(sent.stdout)).toEqual({ runId: run.id });
    expect(await runOf(run.eventId!, ended)).toMatchObject({ status: "completed", output: { got: { ok: true } } });
    expect(JSON.parse((await cli(["signals", "send", marker("nobody")])).stdout)).toEqual({ runId: null });
  }, 60_000);

  it("cancellations create/list/delete: a missing function exits 5; the dev server's missing store is an error line and a failing exit code", async () => {
    const now = new Date().toISOString();
    const missing = await cli(["cancellations", "create", "--app-id", APP, "--function-id", "no-such-function", "--started-before", now]);
    expect(missing.code).toBe(5);
    expect(missing.error().error).toMatchObject({ type: "NotFoundError", status: 404 });

    // The dry run names the function by its stored slug, as create must, and still finds its runs
    // (GET /v2/runs filters by the function's own id: the CLI takes the app's prefix off for that read).
    const sleeping = await sendAndRun("real/sleep", { duration: "1h", m: marker("cli-bulk") }, (r) => r.status === "running");
    const until = new Date(Date.now() + 1000).toISOString();
    const dry = await cli(["cancellations", "create", "--app-id", APP, "--function-id", `${APP}-sleep`, "--started-before", until, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, request: "POST /v1/cancellations" });
    expect(JSON.parse(dry.stdout).candidates).toContain(sleeping.id);
    await cli(["runs", "cancel", sleeping.id]);

    for (const r of [await cli(["cancellations", "list"]), await cli(["cancellations", "delete", MISSING_ID])]) {
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe("");
      expect(r.error().error.type).toEqual(expect.any(String));
      expect(r.code).toBe(1);
      expect(r.error().error).toMatchObject({ type: "NotSupportedError", status: 500, message: expect.stringMatching(/does not support bulk cancellation/) });
    }
    const dryDelete = await cli(["cancellations", "delete", MISSING_ID, "--dry-run"]);
    expect(JSON.parse(dryDelete.stdout)).toEqual({ dryRun: true, request: `DELETE /v1/cancellations/${MISSING_ID}`, id: MISSING_ID });
  }, 60_000);

  it("a missing run, event, app or function exits 5 with a NotFoundError line and nothing on stdout", async () => {
    for (const args of [["runs", "get", MISSING_ID], ["events", "get", MISSING_ID], ["apps", "get", "no-such-app"], ["functions", "get", APP, "no-such-function"]]) {
      const r = await cli(args);
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 5, stdout: "" });
      expect(r.error().error).toMatchObject({ type: "NotFoundError", status: 404 });
    }
  }, 60_000);
});
