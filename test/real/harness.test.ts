// The harness itself: where it finds the dev server binary, whether the suite runs, skips or fails, and
// that a test process that dies leaves no dev server or app running.
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findDevServer } from "./harness.mjs";
import { planSuite } from "./setup.js";
import { url } from "./support.js";

const here = dirname(fileURLToPath(import.meta.url));

/** A temporary tree: a project beside `shared/`, and two PATH directories. */
function tree() {
  const base = mkdtempSync(join(tmpdir(), "real-lookup-"));
  const project = join(base, "project");
  const shared = join(base, "shared/inngest-dev-server/inngest");
  const onPath = join(base, "bin/inngest");
  mkdirSync(project);
  mkdirSync(dirname(shared), { recursive: true });
  mkdirSync(dirname(onPath), { recursive: true });
  const executable = (file: string) => {
    writeFileSync(file, "#!/bin/sh\n");
    chmodSync(file, 0o755);
  };
  return { base, project, shared, onPath, pathDir: dirname(onPath), executable };
}

describe("real-server harness: finding the dev server", () => {
  it("looks in INNGEST_DEV_SERVER_BIN, then ../shared beside the project, then `inngest` on PATH", () => {
    const t = tree();
    const PATH = ["", join(t.base, "none"), t.pathDir].join(delimiter);
    expect(findDevServer({ PATH }, t.project)).toBeUndefined();
    t.executable(t.onPath);
    expect(findDevServer({ PATH }, t.project)).toBe(t.onPath);
    t.executable(t.shared);
    expect(findDevServer({ PATH }, t.project)).toBe(t.shared);
    expect(findDevServer({ PATH, INNGEST_DEV_SERVER_BIN: "/opt/inngest" }, t.project)).toBe("/opt/inngest");
  });

  it("passes over an `inngest` that is not an executable file", () => {
    const t = tree();
    writeFileSync(t.onPath, "not executable"); // mode 644
    mkdirSync(join(t.base, "dir/inngest"), { recursive: true }); // a directory
    expect(findDevServer({ PATH: [join(t.base, "dir"), t.pathDir].join(delimiter) }, t.project)).toBeUndefined();
  });

  it("with no binary the suite skips with one line, but under CI it fails", () => {
    const none = () => undefined;
    const skip = planSuite({}, none);
    expect(skip).toMatchObject({ kind: "skip" });
    expect(skip.kind === "skip" && skip.line.split("\n")).toHaveLength(1);
    expect(() => planSuite({ CI: "true" }, none)).toThrow(/no dev server binary under CI/);
    expect(planSuite({ CI: "true" }, () => "/opt/inngest")).toEqual({ kind: "run", bin: "/opt/inngest" });
  });
});

/** True when something accepts a TCP connection on `port`. */
const listening = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), done(true)));
    socket.once("error", () => done(false));
  });

/**
 * Whether the process runs. A killed child of the dead test process is re-parented to pid 1, and in a container
 * whose pid 1 does not reap (node or npm as pid 1, no --init) it stays a zombie, which `kill(pid, 0)` still finds:
 * a zombie (state Z in /proc/<pid>/stat) runs nothing, so it counts as gone.
 */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc (not Linux): kill(pid, 0) is all there is
  }
};

describe.skipIf(!url)("real-server harness: stopping", () => {
  it("a test process that throws after starting the servers leaves neither process running nor listening", async () => {
    // A second dev server and app, started in a child Node process that then dies of an uncaught error.
    const script = `
      import { startRealServer } from ${JSON.stringify(join(here, "harness.mjs"))};
      const s = await startRealServer({ logDir: ${JSON.stringify(mkdtempSync(join(tmpdir(), "real-logs-")))} });
      console.log(JSON.stringify({ url: s.url, appUrl: s.appUrl, pids: s.pids }));
      setTimeout(() => { throw new Error("a test file threw"); }, 10);`;
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, ["--input-type=module", "-e", script], { timeout: 90_000 }, (err, out, errOut) =>
        done({ code: err ? Number(err.code ?? 1) : 0, stdout: out, stderr: errOut }),
      );
    });
    expect(code).not.toBe(0);
    expect(stderr).toContain("a test file threw"); // it started, then threw (not a failed start)
    const started = JSON.parse(stdout.trim().split("\n").at(-1)!) as { url: string; appUrl: string; pids: { server: number; app: number } };
    // The pids are gone at once (killed from the dying process's exit hook) ...
    await expect.poll(() => alive(started.pids.server) || alive(started.pids.app), { timeout: 5_000 }).toBe(false);
    // ... and with them every port they listened on.
    expect(await listening(Number(new URL(started.url).port))).toBe(false);
    expect(await listening(Number(new URL(started.appUrl).port))).toBe(false);
  }, 120_000);
});
