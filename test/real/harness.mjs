// Starts Inngest's real dev server and the real app (test/real/app.mjs) on free ports, waits until the
// app's functions are synced, and stops both by their process ids. Used by the real-server suite's
// global setup (test/real/setup.ts), the MCP tests and the CLI bench; plain ESM so any of them can import it.
import { spawn } from "node:child_process";
import { accessSync, constants, mkdirSync, openSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");

/** True when `file` is a regular file this process may execute. */
function isExecutable(file) {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the dev server binary is: INNGEST_DEV_SERVER_BIN, else ../shared/inngest-dev-server/inngest beside the
 * project, else `inngest` on PATH (as `npm i -g inngest-cli` installs it). Undefined when none is found.
 * INNGEST_DEV_SERVER_BIN is taken as given (a wrong path fails loudly at start, not silently skipped).
 * @param env - the environment to read (INNGEST_DEV_SERVER_BIN, PATH).
 * @param projectRoot - the repository root; `../shared` is looked up beside it.
 */
export function findDevServer(env = process.env, projectRoot = root) {
  if (env.INNGEST_DEV_SERVER_BIN) return env.INNGEST_DEV_SERVER_BIN;
  const shared = resolve(projectRoot, "../shared/inngest-dev-server/inngest");
  if (isExecutable(shared)) return shared;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "inngest");
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** A port nobody listens on now (the OS picks it). */
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/**
 * Children still running, killed by pid when this process exits by any path the runtime lets us see
 * (a normal end, process.exit, an uncaught exception): a test run that dies must not leave a dev
 * server listening. A signal that kills this process outright (SIGKILL) cannot be seen.
 */
const live = new Set();
process.on("exit", () => {
  for (const child of live) {
    try {
      process.kill(child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

function start(command, args, { env, log }) {
  const out = openSync(log, "w");
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", out, out] });
  child.on("error", () => {});
  if (child.pid !== undefined) live.add(child);
  child.once("exit", () => live.delete(child));
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
    if (Date.now() > end) throw new Error(`real server: timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Stops one child by its pid: SIGTERM, then SIGKILL after 3 s; resolves once it has exited. */
function stop(child) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => process.kill(child.pid, "SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(kill);
      done();
    });
    process.kill(child.pid, "SIGTERM");
  });
}

/** Asks the app to register itself with the dev server (the `PUT` the inngest package answers), at most once a second. */
function syncer(appUrl) {
  let last = 0;
  return async () => {
    if (Date.now() - last < 1000) return;
    last = Date.now();
    await fetch(appUrl, { method: "PUT" }).catch(() => {});
  };
}

/**
 * Starts the dev server and the app; resolves when `GET /v2/apps` lists the app with its functions (an app syncs all its functions at once).
 * On failure both processes are stopped and the error names the log directory.
 * @returns `{ url, appUrl, logDir, pids, stop }`: `url` is the dev server's base URL (Event API, v1 and v2).
 */
export async function startRealServer({ bin = findDevServer(), logDir = join(root, ".real-logs") } = {}) {
  if (!bin) throw new Error("real server: no dev server binary (set INNGEST_DEV_SERVER_BIN)");
  mkdirSync(logDir, { recursive: true });
  const [api, app, gw, grpc1, grpc2] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const url = `http://127.0.0.1:${api}`;
  const appUrl = `http://127.0.0.1:${app}/api/inngest`;
  // --tick 50: the executor polls its queue every 50 ms (150 by default), so runs end sooner.
  // --queue-workers 8 (100 by default): this build's in-memory SQLite refuses concurrent span writes
  // ("database table is locked: spans") and a run whose spans are lost never ends in lists; fewer
  // workers write fewer spans at once (2 were tried: the suite then times out).
  // GOMAXPROCS 2: the suite was tuned on 2 cores; a machine with more runs more of the server's goroutines at once,
  // and more concurrent span writes are lost. The caller's own GOMAXPROCS wins.
  const server = start(bin, ["dev", "--no-discovery", "-u", appUrl, "--port", String(api),
    "--connect-gateway-port", String(gw), "--connect-gateway-grpc-port", String(grpc1),
    "--connect-executor-grpc-port", String(grpc2), "--tick", "50", "--queue-workers", "8"], { env: { GOMAXPROCS: process.env.GOMAXPROCS ?? "2" }, log: join(logDir, "dev-server.log") });
  const appProcess = start(process.execPath, [join(here, "app.mjs")],
    { env: { PORT: String(app), INNGEST_DEV: url }, log: join(logDir, "app.log") });
  const stopAll = async () => {
    await Promise.all([stop(appProcess), stop(server)]);
  };
  const sync = syncer(appUrl);
  try {
    await waitUntil("the app's functions to sync", async () => {
      const res = await fetch(`${url}/v2/apps`);
      const apps = (await res.json()).data ?? [];
      const synced = apps.some((a) => (a.functionCount ?? a.functions?.length ?? 0) >= 1);
      if (!synced) await sync();
      return synced;
    }, 60_000); // about 3 s here; a machine under heavy load has taken over 30 s
  } catch (error) {
    await stopAll();
    throw new Error(`${error.message}; logs in ${logDir}`, { cause: error });
  }
  return { url, appUrl, logDir, pids: { server: server.pid, app: appProcess.pid }, stop: stopAll };
}
