// A CLI a script can trust (issue 19, item 6): mistakes are usage errors before any request, exit
// codes say what happened, and messages speak of the shell (environment, flags), not the SDK.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { COMMANDS } from "../../cli/commands/index.js";
import { EXIT } from "../../cli/exit.js";
import { createInngestEmulator } from "../../src/testing/index.js";
import { cli, errorOf, served } from "./cli.js";

const emulator = createInngestEmulator();
const { dev } = served(emulator);
const UNKNOWN_RUN = "01JF0000000000000000000000";

/** The command's result and the requests the emulator received while it ran. */
async function sent(args: string[], input?: string) {
  const before = emulator.requests.length;
  const ran = await cli([...args, ...dev], input === undefined ? {} : { input });
  return { ran, requests: emulator.requests.slice(before) };
}

describe("a malformed id is a usage error (exit 2), and nothing is sent", () => {
  const calls: string[][] = [
    ["runs", "get", "not-a-ulid"],
    ["runs", "trace", "not-a-ulid"],
    ["runs", "wait", "not-a-ulid"],
    ["runs", "jobs", "not-a-ulid"],
    ["runs", "replay", "not-a-ulid"],
    ["runs", "replay", "not-a-ulid", "--dry-run"],
    ["runs", "cancel", "not-a-ulid"],
    ["events", "get", "evt-1"],
    ["events", "runs", "evt-1"],
    ["cancellations", "delete", "cancel-1"],
  ];
  test.each(calls)("%s %s %s", async (...args) => {
    const { ran, requests } = await sent(args);
    expect(ran.code).toBe(EXIT.usage);
    expect(errorOf(ran)).toMatchObject({ type: "UsageError", message: expect.stringMatching(/is not a (run|event|cancellation) id/) });
    expect(requests).toEqual([]);
  });

  test("runs cancel - checks every id read from stdin before cancelling any", async () => {
    const running = emulator.runs.list({ status: "RUNNING" })[0]!;
    const { ran, requests } = await sent(["runs", "cancel", "-"], `${running.id}\nnot-a-ulid\n`);
    expect(ran.code).toBe(EXIT.usage);
    expect(requests).toEqual([]);
    expect(emulator.runs.get(running.id)?.status).toBe("RUNNING");
  });
});

describe("runs wait --exit-status exits 6 when the run failed or was cancelled", () => {
  test.each([
    ["FAILED", 6],
    ["CANCELLED", 6],
    ["COMPLETED", 0],
  ] as const)("a run that ended %s exits %i, and is printed", async (status, code) => {
    const run = emulator.runs.list({ status })[0]!;
    const { ran } = await sent(["runs", "wait", run.id, "--exit-status"]);
    expect(ran.code).toBe(code);
    expect(JSON.parse(ran.stdout)).toMatchObject({ id: run.id, status: status.toLowerCase() });
  });

  test("without --exit-status a failed run exits 0, as before", async () => {
    const run = emulator.runs.list({ status: "FAILED" })[0]!;
    expect((await sent(["runs", "wait", run.id])).ran.code).toBe(0);
  });
});

describe("a missing key names the environment variable and --dev, in the CLI's words", () => {
  test.each([
    [["runs", "list"], "INNGEST_SIGNING_KEY"],
    [["events", "send", "--name", "app/x"], "INNGEST_EVENT_KEY"],
  ])("%s", async (args, variable) => {
    const ran = await cli(args);
    expect(ran.code).toBe(EXIT.auth);
    const error = errorOf(ran);
    expect(error.message).toContain(variable);
    expect(error.message).toContain("--dev");
    expect(error.message).not.toMatch(/createInngestClient|signingKey|eventKey/);
  });
});

test("an unknown flag is a usage error that suggests the nearest one, and nothing is sent", async () => {
  const { ran, requests } = await sent(["runs", "list", "--limt", "5"]);
  expect(ran.code).toBe(EXIT.usage);
  expect(errorOf(ran).message).toContain("did you mean --limit?");
  expect(requests).toEqual([]);
  const far = await cli(["runs", "list", "--zzzzzz"]);
  expect(errorOf(far).message).toMatch(/^unknown flag --zzzzzz; see inngest-rest runs list --help$/);
});

test("every flag of every command is in its usage lines", () => {
  const missing = COMMANDS.flatMap((c) =>
    [...Object.keys(c.flags ?? {}), ...(c.destructive ? ["dry-run"] : [])].filter((f) => !c.usage.includes(`--${f}`)).map((f) => `${c.name} --${f}`),
  );
  expect(missing).toEqual([]);
});

describe("--dry-run of runs replay and runs cancel reads the run first", () => {
  test.each([["replay"], ["cancel"]])("runs %s --dry-run of an unknown run exits 5 (not found), and changes nothing", async (verb) => {
    const { ran, requests } = await sent(["runs", verb!, UNKNOWN_RUN, "--dry-run"]);
    expect(ran.code).toBe(EXIT.notFound);
    expect(requests.every((r) => r.method === "GET")).toBe(true);
    // The read happened, and was the only request: the run itself, by the v2 route.
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v2/runs/${UNKNOWN_RUN}`]);
    expect(ran.stdout).toBe("");
  });

  test("runs cancel --dry-run of a running run prints the request and its status, and it keeps running", async () => {
    const run = emulator.runs.list({ status: "RUNNING" })[0]!;
    const { ran, requests } = await sent(["runs", "cancel", run.id, "--dry-run"]);
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({ dryRun: true, request: `DELETE /v1/runs/${run.id}`, runId: run.id, status: "running" });
    expect(requests.every((r) => r.method === "GET")).toBe(true);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v2/runs/${run.id}`]);
    expect(emulator.runs.get(run.id)?.status).toBe("RUNNING");
  });
});

test("the skill's exit-code table lists exactly the CLI's exit codes", () => {
  const skill = readFileSync(new URL("../../skills/inngest/SKILL.md", import.meta.url), "utf8");
  const rows = [...skill.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
  expect(rows).toEqual(Object.values(EXIT).sort((a, b) => a - b));
});
