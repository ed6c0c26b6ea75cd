// A retry for what the dev server did, never for what the SDK did.
//
// Under load this dev server build loses span writes: its in-memory SQLite (shared cache) answers a concurrent
// insert with "database table is locked: spans", the server logs "failed to insert span into database" and goes
// on without the span. A run whose spans were lost keeps a status it never leaves (QUEUED, RUNNING) or a trace
// with a hole, and a test reading it fails though the SDK did right (see README.md, "Rules").
//
// So: when a test fails AND the server logged lost span writes while it ran, its error says so, and the config's
// retry condition (vitest.real.config.ts) lets it run again (at most three times). A failure with no lost write
// in the server's log is final on the first try, as before.
import { beforeEach, inject } from "vitest";
import { countLostWrites, lostWritesNote, sizeOf } from "./lost-writes-log.js";

const log = inject("realLog");

beforeEach(({ task }) => {
  if (!log) return;
  const from = sizeOf(log);
  // Runs after the test and its afterEach hooks, before vitest decides on a retry.
  return () => {
    if (task.result?.state !== "fail") return;
    const lost = countLostWrites(log, from);
    if (lost === 0) return;
    const note = lostWritesNote(lost);
    console.warn(`${task.name}: ${note}`);
    // On the message (what the retry condition reads) and on the stack (what reports print).
    for (const error of task.result.errors ?? []) {
      error.message = `${error.message}\n[${note}]`;
      if (error.stack) error.stack = `${error.stack}\n[${note}]`;
    }
  };
});
