// `inngest-rest emulator`: started in the background, it stops with what the user kills, npx
// included, and frees its port; a port in use is a usage error (issue 19, item 4).
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, connect } from "node:net";
import { afterEach, expect, test } from "vitest";
import { CLI, cli, errorOf } from "./cli.js";

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Resolves once nothing accepts connections on the port any more (within `ms`). */
async function freed(port: number, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (!open) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** The port the emulator printed on stdout, once it listens. */
async function portOf(child: ChildProcess): Promise<number> {
  let out = "";
  for await (const chunk of child.stdout!) {
    out += chunk;
    const line = out.split("\n")[0]!;
    if (out.includes("\n")) return (JSON.parse(line) as { port: number }).port;
  }
  throw new Error(`the emulator printed no address: ${out}`);
}

test("a port in use is a usage error (exit 2) that names the port, and nothing is served", async () => {
  const taken = createServer().listen(0, "127.0.0.1");
  await once(taken, "listening");
  const port = (taken.address() as { port: number }).port;
  try {
    const ran = await cli(["emulator", "--port", String(port)]);
    expect(ran.code).toBe(2);
    expect(errorOf(ran)).toMatchObject({ type: "UsageError", message: expect.stringContaining(`port ${port} is in use`) });
    expect(ran.stdout).toBe("");
  } finally {
    taken.close();
  }
});

test("killed by its pid, the emulator stops and frees its port", async () => {
  const child = spawn(process.execPath, [CLI, "emulator", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  const port = await portOf(child);
  child.kill("SIGTERM");
  const [code] = await once(child, "exit");
  expect(code).toBe(0);
  expect(await freed(port)).toBe(true);
});

test("started as npm starts it (npm -> sh -> node), killing npm by its pid stops the emulator and frees its port", async () => {
  // A stand-in for npx: a process that runs the command through sh, with npm's environment, and
  // is then killed with SIGKILL, so it can forward nothing: sh and the emulator are orphaned.
  const npm = spawn(
    process.execPath,
    ["-e", `require("child_process").spawn("sh", ["-c", process.argv[1] + "; exit $?"], { stdio: "inherit", env: { ...process.env, npm_command: "exec" } })`, `"${process.execPath}" "${CLI}" emulator --port 0`],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  started.push(npm);
  const port = await portOf(npm);
  npm.kill("SIGKILL");
  expect(await freed(port)).toBe(true);
});

test("its parent gone (killed with SIGKILL, so nothing is forwarded), the emulator stops and frees its port", async () => {
  const parent = spawn(process.execPath, ["-e", `require("child_process").spawn(process.execPath, [process.argv[1], "emulator", "--port", "0"], { stdio: "inherit" })`, CLI], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(parent);
  const port = await portOf(parent);
  parent.kill("SIGKILL");
  expect(await freed(port)).toBe(true);
});
