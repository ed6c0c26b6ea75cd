// What the real-server coverage tests share: a client pointed at the suite's dev server, a poll with a
// deadline, the run an event started, and the built CLI run as a user runs it. Imports only the package
// (as a user does) and Node.
import { execFile } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { createInngestClient, type ClientOptions, type Run } from "inngest-rest";

/** The dev server's base URL, or "" when the suite is skipped (no binary). */
export const url = inject("realUrl");

/** The app test/real/app.mjs serves. */
export const APP = "real-app";

/** A run id no server has: a valid ULID, never issued. */
export const MISSING_ID = "01JABCDEF0123456789ABCDEFG";

/** A client of the suite's dev server, as a user points one at `npx inngest-cli dev`. */
export const realClient = (options: ClientOptions = {}) => createInngestClient({ isDev: true, baseUrl: url, ...options });

/** A value unique to this test run, to find one's own events and runs on the shared server. */
export const marker = (label: string) => `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** Reads `read()` until `done` holds for its value, every 200 ms, for at most `ms`; then fails naming `what`. */
export async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; last seen: ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The one run an event started, once `done` holds for it. Read through `GET /v2/events/{id}/runs`, whose
 * status is the list's (RUNNING while a run sleeps or waits), not `runs.get`'s.
 */
export async function runOf(eventId: string, done: (run: Run) => boolean = () => true, ms?: number): Promise<Run> {
  const client = realClient();
  const runs = await eventually(
    `a run of event ${eventId}`,
    () => client.events.runs(eventId, { includeOutput: true }).toArray(10),
    (list) => list.length > 0 && done(list[0]!),
    ms,
  );
  return runs[0]!;
}

/** Sends one event and resolves the run it started, once `done` holds for it. */
export async function sendAndRun(name: string, data: Record<string, unknown>, done?: (run: Run) => boolean): Promise<Run> {
  const { ids } = await realClient().events.send({ name, data });
  return runOf(ids[0]!, done);
}

export const ended = (run: Run) => run.status === "completed" || run.status === "failed" || run.status === "cancelled";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** What one CLI call printed. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as NDJSON: one value per line. */
  lines(): any[];
  /** stderr's error line, parsed (`{ error: { type, status, ... } }`). */
  error(): { error: { type: string; status: number | null; message: string } };
}

/**
 * Runs the built CLI (`node dist/cli.js`, what `npx inngest-rest` runs) against the suite's dev server
 * with `--dev URL`, unless `env` points it there (INNGEST_DEV). `input` is written to its stdin.
 */
export function cli(args: readonly string[], options: { input?: string; env?: Record<string, string>; dev?: boolean } = {}): Promise<CliResult> {
  const argv = [join(root, "dist/cli.js"), ...args, ...(options.dev === false ? [] : ["--dev", url])];
  // No INNGEST_* of the caller's shell may point the CLI elsewhere.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("INNGEST_")));
  return new Promise((done) => {
    const child = execFile(process.execPath, argv, { env: { ...env, ...options.env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      done({
        code,
        stdout,
        stderr,
        lines: () => stdout.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l)),
        error: () => JSON.parse(stderr.trim().split("\n").at(-1)!),
      });
    });
    child.stdin!.end(options.input ?? "");
  });
}
