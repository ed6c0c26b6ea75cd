// What the real-server coverage tests share: a client pointed at the suite's dev server, a poll with a
// deadline, the run an event started, and the CLI (in process, or the built dist/cli.js). Imports the
// package as a user does, Node, and the CLI's runCli.
import { execFile } from "node:child_process";
import { Readable, Writable } from "node:stream";
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

/**
 * A value unique to each call, to find one's own events and runs on the shared server. Made inside a test, never
 * once per file: a test retried for the server's lost writes (lost-writes.ts) must not meet its first try's runs,
 * idempotency keys or signals.
 */
export const marker = (label: string) => `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** Reads `read()` until `done` holds for its value, every `every` ms, for at most `ms`; then fails naming `what`. */
export async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000, every = 200): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; last seen${Array.isArray(last) ? ` (${last.length} items)` : ""}: ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Reads `read()` until it gives a value (not undefined), every `every` ms, for at most `ms`; then fails naming `what`. */
export async function until<T>(what: string, read: () => Promise<T | undefined>, ms = 30_000, every = 250): Promise<T> {
  return (await eventually(what, read, (value) => value !== undefined, ms, every)) as T;
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
    300, // each read of a list reads the span table the executor writes: not more often
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

function result(code: number, stdout: string, stderr: string): CliResult {
  return {
    code,
    stdout,
    stderr,
    lines: () => stdout.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l)),
    error: () => JSON.parse(stderr.trim().split("\n").at(-1)!),
  };
}

/** Options of {@link cli}. */
export interface CliOptions {
  /** Written to its stdin. */
  input?: string;
  /** Run the built executable (`node dist/cli.js`) in a process of its own, with this environment added. */
  spawn?: { env: Record<string, string> };
  /** Add `--dev URL` (default true). */
  dev?: boolean;
}

/**
 * Runs the CLI against the suite's dev server with `--dev URL`: in this process through `runCli` (what
 * dist/cli.js runs, without a Node start per call), or, with `spawn`, as a user runs it: `node dist/cli.js`.
 */
export function cli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const argv = [...args, ...(options.dev === false ? [] : ["--dev", url])];
  return options.spawn ? spawned(argv, options.input ?? "", options.spawn.env) : inProcess(argv, options.input ?? "");
}

async function inProcess(argv: string[], input: string): Promise<CliResult> {
  const { runCli } = await import("../../cli/cli.js");
  const text = { stdout: "", stderr: "" };
  const sink = (key: "stdout" | "stderr") =>
    new Writable({
      write(chunk, _encoding, done) {
        text[key] += String(chunk);
        done();
      },
    }) as unknown as NodeJS.WriteStream;
  const code = await runCli(argv, { stdin: Readable.from([input]), stdout: sink("stdout"), stderr: sink("stderr") });
  return result(code, text.stdout, text.stderr);
}

function spawned(argv: string[], input: string, extraEnv: Record<string, string>): Promise<CliResult> {
  // No INNGEST_* of the caller's shell may point the CLI elsewhere.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("INNGEST_")));
  return new Promise((done) => {
    const child = execFile(process.execPath, [join(root, "dist/cli.js"), ...argv], { env: { ...env, ...extraEnv }, timeout: 60_000 }, (err, stdout, stderr) => {
      done(result(err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr));
    });
    child.stdin!.end(input);
  });
}
