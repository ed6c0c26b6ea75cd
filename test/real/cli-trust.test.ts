// The CLI a script can trust (issue 19, item 6), on Inngest's own dev server: the exit codes a script
// branches on, for runs the real executor failed and ids the real server has never issued.
import { describe, expect, it } from "vitest";
import { MISSING_ID, cli, ended, marker, sendAndRun, url } from "./support.js";

describe.skipIf(!url)("real dev server: exit codes a script can trust", () => {
  it("runs wait --exit-status exits 6 for a run the app failed, 0 for one that completed; both print the run", async () => {
    const failed = await sendAndRun("real/fail", { m: marker("cli-trust-fail") }, ended);
    const waitedFailed = await cli(["runs", "wait", failed.id, "--exit-status", "--timeout", "20000"]);
    expect(waitedFailed.code).toBe(6);
    expect(JSON.parse(waitedFailed.stdout)).toMatchObject({ id: failed.id, status: "failed" });

    const completed = await sendAndRun("real/complete", { n: 2, m: marker("cli-trust-ok") }, ended);
    const waitedOk = await cli(["runs", "wait", completed.id, "--exit-status", "--timeout", "20000"]);
    expect(waitedOk.code).toBe(0);
    expect(JSON.parse(waitedOk.stdout)).toMatchObject({ id: completed.id, status: "completed" });
  }, 60_000);

  it("a dry run of replay or cancel for a run the server never issued exits 5 (not found)", async () => {
    for (const verb of ["replay", "cancel"]) {
      const dry = await cli(["runs", verb, MISSING_ID, "--dry-run"]);
      expect(dry.code, verb).toBe(5);
      expect(dry.error().error.type).toBe("NotFoundError");
    }
  });

  it("a malformed id is exit 2 before any request, where the server would answer 400 or 500", async () => {
    const bad = await cli(["runs", "get", "not-a-ulid"]);
    expect(bad.code).toBe(2);
    expect(bad.error().error).toMatchObject({ type: "UsageError" });
  });
});
