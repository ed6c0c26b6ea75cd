// Every command but `events send` (see send.test.ts), run as a real process against the emulator
// over loopback: what it prints, its exit code, and what reached the wire.
import { describe, expect, test } from "vitest";
import { MAX_EVENT_RUNS, MAX_EVENTS } from "../../src/resources/event-lookups.js";
import { MAX_PAGE } from "../../src/resources/list.js";
import { createInngestEmulator } from "../../src/testing/index.js";
import { cli, errorOf, ndjson, served } from "./cli.js";

const emulator = createInngestEmulator({ seed: { runs: 250 } });
const { dev, url } = served(emulator);

const failedRun = () => emulator.runs.list({ status: "FAILED" })[0]!;
const requestsDuring = async <T>(fn: () => Promise<T>) => {
  const before = emulator.requests.length;
  const result = await fn();
  return { result, requests: emulator.requests.slice(before) };
};

describe("lists print NDJSON, one run a line", () => {
  test("runs list --status failed --all prints every failed run across pages", async () => {
    const ran = await cli(["runs", "list", "--status", "failed", "--all", ...dev]);
    expect(ran.code).toBe(0);
    const runs = ndjson(ran.stdout) as { status: string }[];
    expect(runs).toHaveLength(emulator.runs.list({ status: "FAILED" }).length);
    expect(runs.every((r) => r.status === "failed")).toBe(true);
    expect(ran.stderr).toBe("");
  });

  test("--status repeats, and --limit caps the total across pages, not the page size", async () => {
    const both = await cli(["runs", "list", "--status", "failed", "--status", "cancelled", "--all", ...dev]);
    const statuses = (ndjson(both.stdout) as { status: string }[]).map((r) => r.status);
    expect(statuses).toHaveLength(emulator.runs.list({ status: ["FAILED", "CANCELLED"] }).length);
    expect(new Set(statuses)).toEqual(new Set(["failed", "cancelled"]));

    const { result: ran, requests } = await requestsDuring(() => cli(["runs", "list", "--limit", "150", ...dev]));
    expect(ran.code).toBe(0);
    expect(ndjson(ran.stdout)).toHaveLength(150);
    expect(requests.map((r) => new URLSearchParams(r.query).get("limit"))).toEqual([String(MAX_PAGE), String(MAX_PAGE)]);
  });

  test("a large --limit asks each route for the SDK's largest page: v1 events and an event's runs have their own", async () => {
    const limits = async (args: string[]) => {
      const { result, requests } = await requestsDuring(() => cli([...args, "--limit", "1000", ...dev]));
      expect(result.code).toBe(0);
      return new URLSearchParams(requests[0]!.query).get("limit");
    };
    expect(await limits(["events", "list"])).toBe(String(MAX_EVENTS));
    expect(await limits(["events", "runs", failedRun().eventIds[0]!])).toBe(String(MAX_EVENT_RUNS));
    expect(await limits(["apps", "list"])).toBe(String(MAX_PAGE));
  });

  test("without --all or --limit, one page, and a note on stderr saying how to get more", async () => {
    const ran = await cli(["runs", "list", ...dev]);
    expect(ndjson(ran.stdout)).toHaveLength(20);
    expect(ran.stderr).toMatch(/--all, --limit N or --cursor \S+/);
    const cursor = /--cursor (\S+)/.exec(ran.stderr)![1]!;
    const next = await cli(["runs", "list", "--cursor", cursor, ...dev]);
    expect((ndjson(next.stdout) as { id: string }[])[0]!.id).toBe(emulator.runs.list()[20]!.id);
  });

  test("apps list --all prints each active app", async () => {
    const ran = await cli(["apps", "list", "--all", ...dev]);
    expect(ran.code).toBe(0);
    expect((ndjson(ran.stdout) as { id: string }[]).map((a) => a.id)).toEqual(emulator.apps.list({ archived: false }).map((a) => a.id));
  });

  test("runs jobs prints a running run's pending queue items as NDJSON", async () => {
    const run = emulator.runs.list({ status: "RUNNING" }).at(-1)!;
    const ran = await cli(["runs", "jobs", run.id, ...dev]);
    expect(ran.code).toBe(0);
    expect(ndjson(ran.stdout)).toHaveLength(Math.min(run.jobs.length, 10));
  });
});

describe("one object prints one JSON value", () => {
  test("runs get prints the run", async () => {
    const run = failedRun();
    const ran = await cli(["runs", "get", run.id, ...dev]);
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ id: run.id, status: "failed" });
    expect(ran.stdout.trim().split("\n")).toHaveLength(1); // compact when piped
  });

  test("on a terminal the same value is indented", async () => {
    const { execFile } = await import("node:child_process");
    const { CLI } = await import("./cli.js");
    const run = failedRun();
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} runs get ${run.id} --dev ${url()}`;
    // `script` runs the command on a real pseudo-terminal.
    const tty = await new Promise<string>((resolve, reject) =>
      execFile("script", ["-qec", command, "/dev/null"], { env: { PATH: process.env["PATH"] ?? "" } }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    expect(tty).toContain(`{\r\n  "id": "${run.id}",\r\n`);
  });

  test("runs replay prints the new run's id, and the emulator holds that run", async () => {
    const run = emulator.runs.list({ status: "FAILED" }).find((r) => r.cron === undefined)!;
    const ran = await cli(["runs", "replay", run.id, ...dev]);
    expect(ran.code).toBe(0);
    const { runId } = JSON.parse(ran.stdout) as { runId: string };
    expect(emulator.runs.get(runId)?.originalRunId).toBe(run.id);
  });

  test("runs cancel cancels each run given, one JSON line each", async () => {
    const [a, b] = emulator.runs.list({ status: "RUNNING" });
    const ran = await cli(["runs", "cancel", a!.id, b!.id, ...dev]);
    expect(ran.code).toBe(0);
    expect(ndjson(ran.stdout)).toEqual([
      { runId: a!.id, cancelled: true },
      { runId: b!.id, cancelled: true },
    ]);
    expect([emulator.runs.get(a!.id)!.status, emulator.runs.get(b!.id)!.status]).toEqual(["CANCELLED", "CANCELLED"]);
  });
});

describe("--dry-run changes nothing: it only reads the runs it would act on", () => {
  const reads = (requests: { method: string; path: string }[]) => requests.map((r) => `${r.method} ${r.path.split("?")[0]}`);

  test("runs cancel and runs replay print the request they would make and the run's status; the emulator sees only reads", async () => {
    const run = emulator.runs.list({ status: "RUNNING" })[0]!;
    const { result, requests } = await requestsDuring(async () => [
      await cli(["runs", "cancel", run.id, "--dry-run", ...dev]),
      await cli(["runs", "replay", run.id, "--dry-run", ...dev]),
    ]);
    expect(result.map((r) => r.code)).toEqual([0, 0]);
    expect(JSON.parse(result[0]!.stdout)).toEqual({ dryRun: true, request: `DELETE /v1/runs/${run.id}`, runId: run.id, status: "running" });
    expect(JSON.parse(result[1]!.stdout)).toEqual({ dryRun: true, request: `POST /v2/runs/${run.id}/rerun`, runId: run.id, status: "running" });
    expect(reads(requests)).toEqual([`GET /v2/runs/${run.id}`, `GET /v2/runs/${run.id}`]);
    expect(emulator.runs.get(run.id)!.status).toBe("RUNNING");
  });

  test("the request a dry run prints is the one the command then sends", async () => {
    const run = emulator.runs.list({ status: "RUNNING" })[0]!;
    for (const verb of ["replay", "cancel"]) {
      const dry = JSON.parse((await cli(["runs", verb, run.id, "--dry-run", ...dev])).stdout) as { request: string };
      const { result, requests } = await requestsDuring(() => cli(["runs", verb, run.id, ...dev]));
      expect(result.code).toBe(0);
      expect(reads(requests).filter((r) => !r.startsWith("GET "))).toEqual([dry.request]);
    }
  });

  test("runs list | runs cancel - --dry-run lists every run it would cancel, and cancels none", async () => {
    const running = emulator.runs.list({ status: "RUNNING" });
    const list = await cli(["runs", "list", "--status", "running", "--all", ...dev]);
    const { result: ran, requests } = await requestsDuring(() => cli(["runs", "cancel", "-", "--dry-run", ...dev], { input: list.stdout }));
    expect(ran.code).toBe(0);
    expect((ndjson(ran.stdout) as { runId: string }[]).map((r) => r.runId)).toEqual(running.map((r) => r.id));
    expect(reads(requests)).toEqual(running.map((r) => `GET /v2/runs/${r.id}`));
    expect(emulator.runs.list({ status: "RUNNING" })).toHaveLength(running.length);
  });
});

describe("exit codes", () => {
  test("2: an unknown flag, a bad --limit, a missing argument; nothing is sent", async () => {
    const { result, requests } = await requestsDuring(async () => [
      await cli(["runs", "list", "--bogus", ...dev]),
      await cli(["runs", "list", "--limit", "0", ...dev]),
      await cli(["runs", "get", ...dev]),
      await cli(["runs", "list", "--status", "sleeping", ...dev]),
      await cli(["nothing", ...dev]),
    ]);
    expect(result.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(result.map((r) => errorOf(r).type)).toEqual(["UsageError", "UsageError", "UsageError", "ValidationError", "UsageError"]);
    expect(result.every((r) => r.stdout === "")).toBe(true);
    expect(requests).toEqual([]);
  });

  test("5: a run that does not exist", async () => {
    const ran = await cli(["runs", "get", "01JF0000000000000000000000", ...dev]);
    expect(ran.code).toBe(5);
    expect(errorOf(ran)).toMatchObject({ type: "NotFoundError", attempts: 1 });
  });

  test("1: an API failure, with its status and code on the error line", async () => {
    emulator.failNext(1, { status: 501, match: { path: "/v2/apps" } });
    const ran = await cli(["apps", "list", ...dev]);
    expect(ran.code).toBe(1);
    expect(errorOf(ran)).toMatchObject({ type: "InternalServerError", status: 501, attempts: 1 });
  });

  test("4: no signing key outside dev mode (nothing sent), and a refused one", async () => {
    const secured = createInngestEmulator({ signingKey: "signkey-test-aa01" });
    const s = await secured.listen();
    try {
      const missing = await cli(["runs", "list"], { env: { INNGEST_BASE_URL: s.url } });
      const refused = await cli(["runs", "list"], { env: { INNGEST_BASE_URL: s.url, INNGEST_SIGNING_KEY: "signkey-test-bb02" } });
      expect([missing.code, refused.code]).toEqual([4, 4]);
      expect(errorOf(refused)).toMatchObject({ type: "AuthenticationError", status: 401 });
      expect(secured.requests).toHaveLength(1);
    } finally {
      await s.close();
    }
  });
});

describe("help and version", () => {
  test("--help lists every command and the exit codes; <command> --help shows a working example", async () => {
    const top = await cli(["--help"]);
    expect(top.code).toBe(0);
    const { COMMANDS } = await import("../../cli/commands/index.js");
    for (const { name } of COMMANDS) expect(top.stdout).toContain(`  ${name}`);
    expect(top.stdout).toContain("3  partial send");
    const one = await cli(["runs", "list", "--help"]);
    expect(one.stdout).toContain("inngest-rest runs list --status failed --all");
    const destructive = await cli(["runs", "cancel", "--help"]);
    expect(destructive.stdout).toContain("--dry-run");
  });

  test("--version prints the package's version", async () => {
    const { version } = (await import("../../package.json", { with: { type: "json" } })).default;
    expect((await cli(["--version"])).stdout).toBe(`${version}\n`);
  });
});

test("emulator serves the API until stopped; its URL is the one line on stdout", async () => {
  const { spawn } = await import("node:child_process");
  const { CLI } = await import("./cli.js");
  const child = spawn(process.execPath, [CLI, "emulator", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    const line = await new Promise<string>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(d.toString())));
    const { url } = JSON.parse(line) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ran = await cli(["runs", "list", "--status", "failed", "--all"], { env: { INNGEST_DEV: url } });
    expect(ran.code).toBe(0);
    expect(ndjson(ran.stdout)).toHaveLength(20);
  } finally {
    child.kill("SIGTERM");
  }
  const code = await new Promise((resolve) => child.on("close", resolve));
  expect(code).toBe(0);
});
