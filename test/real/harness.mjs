// Starts Inngest's real dev server and the real app (test/real/app.mjs) on free ports, waits until the
// app's functions are synced, and stops both by their process ids. Used by the real-server suite's
// global setup (test/real/setup.ts), the MCP tests and the CLI bench; plain ESM so any of them can import it.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");

/**
 * Where the dev server binary is: INNGEST_DEV_SERVER_BIN, else ../shared/inngest-dev-server/inngest beside the
 * project, else `inngest` on PATH (as `npm i -g inngest-cli` installs it). Undefined when none is found.
 */
export function findDevServer(env = process.env) {
  if (env.INNGEST_DEV_SERVER_BIN) return env.INNGEST_DEV_SERVER_BIN;
  const shared = resolve(root, "../shared/inngest-dev-server/inngest");
  if (existsSync(shared)) return shared;
  for (const dir of (env.PATH ?? "").split(":")) {
    const candidate = join(dir, "inngest");
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A port nobody listens on now (the OS picks it). */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function start(command, args, { env, log }) {
  const out = openSync(log, "w");
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", out, out] });
  child.on("error", () => {});
  return child;
}

async function waitUntil(what, check, ms) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`real server: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(kill);
      done();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Starts the dev server and the app; resolves when `GET /v2/apps` lists the app with at least `functionCount` functions (an app syncs all its functions at once).
 * @returns `{ url, appUrl, logDir, stop }`: `url` is the dev server's base URL (Event API, v1 and v2).
 */
export async function startRealServer({ bin = findDevServer(), logDir = join(root, ".real-logs"), functionCount = 1 } = {}) {
  if (!bin) throw new Error("real server: no dev server binary (set INNGEST_DEV_SERVER_BIN)");
  mkdirSync(logDir, { recursive: true });
  const [api, app, gw, grpc1, grpc2] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const url = `http://127.0.0.1:${api}`;
  const appUrl = `http://127.0.0.1:${app}/api/inngest`;
  const server = start(bin, ["dev", "--no-discovery", "-u", appUrl, "--port", String(api),
    "--connect-gateway-port", String(gw), "--connect-gateway-grpc-port", String(grpc1),
    "--connect-executor-grpc-port", String(grpc2), "--tick", "50"], { env: {}, log: join(logDir, "dev-server.log") });
  const appProcess = start(process.execPath, [join(here, "app.mjs")],
    { env: { PORT: String(app), INNGEST_DEV: url }, log: join(logDir, "app.log") });
  const stopAll = () => Promise.all([stop(appProcess), stop(server)]);
  try {
    await waitUntil("the app's functions to sync", async () => {
      const res = await fetch(`${url}/v2/apps`);
      const body = await res.json();
      const apps = body.data ?? [];
      if (apps.length === 0) await fetch(`${url}/fn/register`, { method: "POST" }).catch(() => {});
      return apps.some((a) => (a.functionCount ?? a.functions?.length ?? 0) >= functionCount);
    }, 30_000);
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { url, appUrl, logDir, pids: { server: server.pid, app: appProcess.pid }, stop: stopAll };
}
