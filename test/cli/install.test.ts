// Installing the package runs nothing, and its command is reachable in a clone before and after a
// build: npm links a bin only when the file exists at install time (issue 19, item 2).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";
import { cli, collect, errorOf } from "./cli.js";
import { spawn } from "node:child_process";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string>; scripts: Record<string, string> };
const dir = mkdtempSync(join(tmpdir(), "inngest-rest-install-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("installing the package runs no script: it builds when packed, not at install", () => {
  const atInstall = ["preinstall", "install", "postinstall", "prepare"].filter((s) => pkg.scripts[s] !== undefined);
  expect(atInstall).toEqual([]);
  expect(pkg.scripts["prepack"]).toMatch(/tsup/);
});

test("the bin is a file in the repository, so a clone's npm ci links it before anything is built", () => {
  const bin = pkg.bin["inngest-rest"]!;
  const tracked = execFileSync("git", ["ls-files", "--", bin], { cwd: ROOT, encoding: "utf8" }).trim();
  expect(tracked).toBe(bin);
});

test("the bin runs the built command", async () => {
  const ran = await cli(["--version"]);
  expect(ran).toMatchObject({ code: 0, stdout: `${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}\n` });
});

test("before a build, the bin says how to build, as a usage error (exit 2)", async () => {
  mkdirSync(join(dir, "bin"));
  copyFileSync(join(ROOT, pkg.bin["inngest-rest"]!), join(dir, "bin/inngest-rest.js"));
  const ran = await collect(spawn(process.execPath, [join(dir, "bin/inngest-rest.js"), "--help"], { stdio: ["ignore", "pipe", "pipe"] }));
  expect(ran.code).toBe(2);
  expect(errorOf(ran)).toMatchObject({ type: "UsageError", message: expect.stringContaining("npm run build") });
});

test("the packed package holds the bin, the command and every chunk it loads", () => {
  const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" })) as [{ files: { path: string }[] }];
  const files = new Set(packed.files.map((f) => f.path));
  const chunks = readdirSync(join(ROOT, "dist/cli")).map((f) => `dist/cli/${f}`);
  for (const file of [pkg.bin["inngest-rest"]!, "dist/cli.js", ...chunks]) expect(files, file).toContain(file);
});
