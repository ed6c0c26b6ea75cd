// Runs every command line of skills/inngest/SKILL.md (its ```sh blocks), and every example of every
// command's --help, against the emulator, so neither can drift from the CLI. Placeholders such as
// <RUN_ID> get real ids.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createInngestEmulator } from "../../src/testing/index.js";
import { COMMANDS } from "../../cli/commands/index.js";
import { CLI, collect, served } from "./cli.js";

const skill = readFileSync(new URL("../../skills/inngest/SKILL.md", import.meta.url), "utf8");
const emulator = createInngestEmulator();
const server = served(emulator);
const dir = mkdtempSync(join(tmpdir(), "inngest-rest-skill-"));
beforeAll(() => {
  // `inngest-rest` on the PATH, as `npm install` puts it.
  writeFileSync(join(dir, "inngest-rest"), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`);
  chmodSync(join(dir, "inngest-rest"), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the skill has front matter naming it and saying when to use it", () => {
  const front = /^---\nname: (.+)\ndescription: (.+)\n---\n/.exec(skill);
  expect(front?.[1]).toBe("inngest");
  expect(front?.[2]).toMatch(/Use it when/);
});

/** Runs each line with bash, `inngest-rest` on the PATH, and checks it exits 0 and prints JSON only. */
async function runLines(lines: readonly string[]): Promise<Record<string, string>> {
  const running = emulator.runs.list({ status: "RUNNING" }).find((r) => !ids.has(r.id) && r.eventIds.length > 0)!;
  const failed = emulator.runs.list({ status: "FAILED" }).find((r) => r.cron === undefined)!;
  const ended = emulator.runs.list({ status: "COMPLETED" })[0]!;
  const values: Record<string, string> = {
    RUN_ID: running.id,
    FUNCTION_ID: running.functionId,
    APP_ID: running.appId,
    // A bulk cancellation names the function by its stored slug, as the real server does.
    FUNCTION_SLUG: `${running.appId}-${running.functionId}`,
    FAILED_RUN_ID: failed.id,
    SIGNAL: "approval-o_1",
    CANCELLATION_ID: "01JF0000000000000000000000",
  };
  ids.add(running.id);
  for (const line of lines) {
    // The emulator does not run functions: the run a line waits for is one that has ended already.
    const now = { ...values, EVENT_ID: emulator.events.at(-1)?.id ?? running.eventIds[0]!, ...(line.includes("runs wait") ? { RUN_ID: ended.id } : {}) };
    const command = line.replace(/<([A-Z_]+)>/g, (_, name: string) => (now as Record<string, string>)[name] ?? `<unknown placeholder ${name}>`);
    // stdin not a socket: bash would take itself for a remote shell and read ~/.bashrc.
    const child = spawn("bash", ["-o", "pipefail", "-c", command], {
      cwd: dir,
      env: { PATH: `${dir}:${process.env["PATH"]}`, INNGEST_DEV: server.url() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const ran = await collect(child);
    expect(`exit ${ran.code} ${ran.stderr}`, line).toBe("exit 0 ");
    for (const out of ran.stdout.split("\n").filter(Boolean)) expect(() => JSON.parse(out), line).not.toThrow();
  }
  return values;
}
const ids = new Set<string>();

test("every command line in the skill runs against the emulator, exits 0 and prints JSON", async () => {
  const lines = [...skill.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split("\n").filter((l) => l.trim() !== ""));
  expect(lines.length).toBeGreaterThan(15);
  const { RUN_ID } = await runLines(lines);
  expect(emulator.runs.get(RUN_ID!)!.status).toBe("CANCELLED"); // its "runs cancel <RUN_ID>" did it
}, 120_000);

test("every example in --help runs against the emulator (the emulator command's own test is elsewhere)", async () => {
  const examples = COMMANDS.filter((c) => c.name !== "emulator").flatMap((c) => c.examples);
  expect(examples.length).toBeGreaterThanOrEqual(COMMANDS.length);
  await runLines(examples);
}, 120_000);
