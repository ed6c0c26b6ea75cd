import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { countLostWrites, LOST_SPAN_LINE } from "./lost-writes-log.js";

describe("a real-suite test is retried only for the dev server's lost writes", () => {
  it("counts the lost-span lines written after a test began, not before", () => {
    const file = join(mkdtempSync(join(tmpdir(), "lost-")), "dev-server.log");
    writeFileSync(file, `{"msg":"${LOST_SPAN_LINE}"}\n{"msg":"ok"}\n`);
    const from = readFileSync(file).length;
    expect(countLostWrites(file, from)).toBe(0);
    writeFileSync(file, `{"msg":"${LOST_SPAN_LINE}"}\n{"msg":"ok"}\n{"msg":"${LOST_SPAN_LINE}"}\n{"msg":"${LOST_SPAN_LINE}"}\n`);
    expect(countLostWrites(file, from)).toBe(2);
    expect(countLostWrites(file, 0)).toBe(3);
  });

  it("with the suite's own config: a failure during lost writes runs again and passes; any other failure is final", () => {
    const dir = mkdtempSync(join(tmpdir(), "lost-writes-"));
    const log = join(dir, "dev-server.log");
    writeFileSync(log, `{"msg":"${LOST_SPAN_LINE}"}\n`.repeat(3)); // earlier tests' lost writes
    const report = join(dir, "report.json");
    const run = spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "-c", "test/real/fixtures/lost-writes/vitest.config.ts", "--reporter=json", `--outputFile=${report}`], {
      env: { ...process.env, LOST_WRITES_LOG: log, LOST_WRITES_DIR: dir, CI: "1" },
      encoding: "utf8",
      timeout: 45_000, // spawnSync blocks the worker: vitest's own timeout could not stop a hung child
    });
    expect(existsSync(report), run.stderr).toBe(true);
    const tests = JSON.parse(readFileSync(report, "utf8")).testResults.flatMap((s: { assertionResults: unknown[] }) => s.assertionResults);
    const byName = Object.fromEntries(tests.map((t: { title: string; status: string; failureMessages: string[] }) => [t.title, t]));
    const tries = (name: string) => Number(readFileSync(join(dir, `${name}.count`), "utf8"));
    expect(byName.lost.status).toBe("passed");
    expect(tries("lost")).toBe(2);
    // Its first try's error carries the note (what the retry condition matched, and what a report shows).
    expect(byName.lost.failureMessages.join("\n")).toMatch(/the dev server lost 1 span writes during this test/);
    expect(byName.plain.status).toBe("failed");
    expect(tries("plain")).toBe(1);
    expect(byName.plain.failureMessages.join("\n")).not.toMatch(/lost \d+ span writes/);
    expect(byName["lost-before"].status).toBe("failed");
    expect(tries("lost-before")).toBe(1);
  });
});
