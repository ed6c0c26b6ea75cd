// Runs every command line of skills/inngest/SKILL.md (its ```sh blocks) against the emulator, so the
// skill an agent reads cannot drift from the CLI. Placeholders such as <RUN_ID> get real ids.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createInngestEmulator, type EmulatorServer } from "../../src/testing/index.js";
import { CLI, collect } from "./cli.js";

const skill = readFileSync(new URL("../../skills/inngest/SKILL.md", import.meta.url), "utf8");
const emulator = createInngestEmulator();
let server: EmulatorServer;
const dir = mkdtempSync(join(tmpdir(), "inngest-rest-skill-"));
beforeAll(async () => {
  server = await emulator.listen();
  // `inngest-rest` on the PATH, as `npm install` puts it.
  writeFileSync(join(dir, "inngest-rest"), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`);
  chmodSync(join(dir, "inngest-rest"), 0o755);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the skill has front matter naming it and saying when to use it", () => {
  const front = /^---\nname: (.+)\ndescription: (.+)\n---\n/.exec(skill);
  expect(front?.[1]).toBe("inngest");
  expect(front?.[2]).toMatch(/Use it when/);
});

test("every command line in the skill runs against the emulator, exits 0 and prints JSON", async () => {
  const commands = [...skill.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split("\n").filter((l) => l.trim() !== ""));
  expect(commands.length).toBeGreaterThan(15);
  const running = emulator.runs.list({ status: "RUNNING" })[0]!;
  const failed = emulator.runs.list({ status: "FAILED" }).find((r) => r.cron === undefined)!;
  const ids: Record<string, string> = { RUN_ID: running.id, FUNCTION_ID: running.functionId, APP_ID: running.appId, FAILED_RUN_ID: failed.id };
  for (const line of commands) {
    const command = line.replace(/<([A-Z_]+)>/g, (_, name: string) => ids[name] ?? `<unknown placeholder ${name}>`);
    // stdin not a socket: bash would take itself for a remote shell and read ~/.bashrc.
    const child = spawn("bash", ["-o", "pipefail", "-c", command], {
      cwd: dir,
      env: { PATH: `${dir}:${process.env["PATH"]}`, INNGEST_DEV: server.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const ran = await collect(child);
    expect(`exit ${ran.code} ${ran.stderr}`, line).toBe("exit 0 ");
    for (const out of ran.stdout.split("\n").filter(Boolean)) expect(() => JSON.parse(out), line).not.toThrow();
  }
  expect(emulator.runs.get(running.id)!.status).toBe("CANCELLED");
}, 120_000);
