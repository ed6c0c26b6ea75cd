// Runs the BUILT command (dist/cli.js, made by `npm test`'s pretest or `npm run build`) as a real
// process, with a clean environment: no INNGEST_* variable of the host leaks in.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import type { EmulatorServer, InngestEmulator } from "../../src/testing/index.js";

// The package's bin (bin/inngest-rest.js), which runs dist/cli.js, as `npx inngest-rest` does.
export const CLI = fileURLToPath(new URL("../../bin/inngest-rest.js", import.meta.url));
const BUILT = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` first (npm test does it)`);

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Written to stdin, which is then closed; without it stdin is empty. */
  input?: string;
  cwd?: string;
  /** Node flags before the script, e.g. --max-old-space-size=64. */
  node?: string[];
}

export function cli(args: readonly string[], options: RunOptions = {}): Promise<Ran> {
  const child = spawn(process.execPath, [...(options.node ?? []), CLI, ...args], {
    env: { PATH: process.env["PATH"] ?? "", ...options.env },
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end(options.input ?? "");
  return collect(child);
}

export function collect(child: ReturnType<typeof spawn>): Promise<Ran> {
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** NDJSON lines as values (throws if a line is not JSON). */
export const ndjson = (text: string): unknown[] => text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));

/** The one error line on stderr. */
export function errorOf(ran: Ran): { type: string; status: number | null; code: string | null; message: string; attempts: number | null } {
  const lines = ran.stderr.split("\n").filter((l) => l.startsWith('{"error"'));
  if (lines.length !== 1) throw new Error(`expected one error line on stderr, got: ${ran.stderr}`);
  return (JSON.parse(lines[0]!) as { error: ReturnType<typeof errorOf> }).error;
}

/**
 * Serves `emulator` on loopback for one test file (listening before its tests, closed after them).
 * `dev` is `["--dev", url]`, filled in once it listens, for spreading into a command line.
 */
export function served(emulator: InngestEmulator): { readonly dev: readonly string[]; url(): string } {
  let server: EmulatorServer | undefined;
  const dev: string[] = [];
  beforeAll(async () => {
    server = await emulator.listen();
    dev.push("--dev", server.url);
  });
  afterAll(() => server?.close());
  return { dev, url: () => server!.url };
}
