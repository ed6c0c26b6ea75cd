import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "vitest";

// The README's main job: `npm run demo`, a tour against the built-in emulator with no keys. It runs the
// built package (npm test builds it first), as a user's `npm run demo` does.
test("the demo runs end to end against the emulator and shows every verb", async () => {
  const env = { PATH: process.env["PATH"] ?? "" };
  const { stdout } = await promisify(execFile)(process.execPath, ["examples/demo.mjs"], { env, timeout: 60_000 });
  for (const section of [
    "Send a batch of 2,000 events",
    "3 events sent, 3 stored",
    "the set is complete",
    "Debug a failed run",
    "failed step",
    "the same idempotencyKey again",
    "duplicate: true",
    // Runs progress on their own (progress: true): the invoked run completes with its function's output, and a
    // waiting run resumes on its signal. Nothing in the demo plays the function's part.
    "completed, output {\"receipt\":\"sent\"}",
    "signalled; the run completed, steps: wait-for-approval, sync",
    "Bulk-cancel",
    "Done.",
  ]) {
    expect(stdout).toContain(section);
  }
  // The demo prints each request's path: the event key never shows.
  expect(stdout).not.toContain("demo-event-key");
  const source = await (await import("node:fs/promises")).readFile("examples/demo.mjs", "utf8");
  expect(source).not.toContain("runs.update");
}, 90_000);
