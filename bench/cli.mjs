#!/usr/bin/env node
// Figure 9 of `npm run bench`: a CLI call as a whole process, spawn to exit, against Node's floor
// (`node -e 0`) and Inngest's own Go CLI (`inngest api get-function-runs`) making the same call.
// Run alone: `node bench/cli.mjs [--rounds N] [--cpu] [--before OLD_CLI_JS]` (after `npm run build`):
// --cpu times CPU (user + system) instead of wall; --before adds another build's --help and runs list.
//
// Every contender runs once per round, in an order that rotates and reverses from round to round;
// each round's ratios are taken, and the median of those ratios is reported. The server is Inngest's
// dev server with the real app (test/real/harness.mjs) when its binary is at hand, so both CLIs
// read the same runs; else the emulator (dist/testing.js) in this process, and no Go CLI row.
// The first calls (not recorded) also fill Node's compile cache, as any call after the first does.
import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, "..");
const CLI = path.join(ROOT, "dist/cli.js");

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * CPU time instead of wall time (`--cpu`): the process's user + system time, as bash's `time`
 * reads it from getrusage, in ms. On a shared, loaded machine wall time is mostly waiting for a core;
 * CPU time is what the call itself costs. The process then runs to its exit (no `done`).
 */
function cpuTimed({ cmd, args, input = "", env }) {
  return new Promise((resolve, reject) => {
    const script = 'TIMEFORMAT="cpu %3U %3S"; time "$0" "$@" >/dev/null 2>/dev/null';
    const child = spawn("bash", ["-c", script, cmd, ...args], { env, stdio: ["pipe", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", () => {
      const m = /cpu ([\d.]+) ([\d.]+)/.exec(err);
      if (m) resolve((Number(m[1]) + Number(m[2])) * 1000);
      else reject(new Error(`${cmd}: no CPU time: ${err.slice(-300)}`));
    });
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

/** Spawns one process, feeds it `input`, and resolves to its wall time (ms) once `done(stdout)` or exit. */
function timed({ cmd, args, input = "", env, done }) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let finished = false;
    const finish = (code) => {
      if (finished) return;
      finished = true;
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0 && !done) reject(new Error(`${cmd} ${args.join(" ")} exited ${code}: ${err.slice(-500)}`));
      else resolve(ms);
    };
    child.stdout.on("data", (d) => {
      out += d;
      if (done?.(out)) {
        finish(0);
        child.kill();
      }
    });
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => (done ? finished || reject(new Error(`${cmd} exited ${code} before it was ready: ${err.slice(-500)}`)) : finish(code)));
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

/** An MCP client's first three messages: the server is ready when it answers tools/list (id 2). */
const MCP_HELLO = [
  { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "0" } } },
  { jsonrpc: "2.0", method: "notifications/initialized" },
  { jsonrpc: "2.0", id: 2, method: "tools/list" },
]
  .map((m) => JSON.stringify(m))
  .join("\n");

/** Whether the built CLI has `mcp`: the bench also measures older builds (before/after runs), which have none. */
async function hasMcp(env) {
  const help = await new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI, "--help"], { env });
    let out = "";
    c.stdout.on("data", (d) => (out += d));
    c.on("exit", () => resolve(out));
  });
  return /^\s+mcp\s/m.test(help);
}

/** Has the real app fail `n` runs (its `fail` function), so both CLIs print the same five runs. */
async function failedRuns(url, n) {
  const events = Array.from({ length: n }, (_, i) => ({ name: "real/fail", data: { bench: i } }));
  await fetch(`${url}/e/bench`, { method: "POST", body: JSON.stringify(events) });
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    const page = await (await fetch(`${url}/v2/runs?status=FAILED&limit=${n}`)).json();
    if ((page.data ?? []).length >= n) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`bench: the dev server did not fail ${n} runs within 30 s`);
}

/** Starts the server both CLIs call: the dev server and real app, else the emulator. */
async function startServer(log) {
  const harness = await import(pathToFileURL(path.join(ROOT, "test/real/harness.mjs")).href);
  const bin = harness.findDevServer();
  if (bin) {
    log(`· 9 CLI: starting Inngest's dev server (${bin}) and the real app`);
    const real = await harness.startRealServer({ bin });
    try {
      await failedRuns(real.url, 5);
    } catch (err) {
      await real.stop();
      throw err;
    }
    return { url: real.url, goCli: bin, stop: real.stop };
  }
  log("· 9 CLI: no dev server binary; serving the emulator (no Go CLI row)");
  const { createInngestEmulator } = await import(pathToFileURL(path.join(ROOT, "dist/testing.js")).href);
  const server = await createInngestEmulator().listen(0);
  return { url: server.url, goCli: undefined, stop: () => server.close() };
}

/** The contenders, by name: each a process to spawn. */
function contenders(server, env, mcp, before) {
  const node = process.execPath;
  const port = new URL(server.url).port;
  const list = {
    "node -e 0": { cmd: node, args: ["-e", "0"], env },
    "--help": { cmd: node, args: [CLI, "--help"], env },
    "runs list": { cmd: node, args: [CLI, "runs", "list", "--status", "failed", "--limit", "5", "--dev", server.url], env },
    "events send -": { cmd: node, args: [CLI, "events", "send", "-", "--dev", server.url], input: '{"name":"bench/cli.send","data":{"n":1}}\n', env },
  };
  if (before) {
    // Another build of the command (`--before FILE`), e.g. the previous release's dist/cli.js.
    list["before: --help"] = { cmd: node, args: [before, "--help"], env };
    list["before: runs list"] = { cmd: node, args: [before, ...list["runs list"].args.slice(1)], env };
  }
  if (mcp) list["mcp ready (tools/list)"] = { cmd: node, args: [CLI, "mcp", "--dev", server.url], input: `${MCP_HELLO}\n`, env, done: (out) => /"id":2/.test(out) };
  if (server.goCli) {
    list["Go CLI: inngest api get-function-runs"] = {
      cmd: server.goCli,
      args: ["api", "--api-port", port, "--api-host", "127.0.0.1", "get-function-runs", "--status", "FAILED", "--limit", "5"],
      env,
    };
  }
  return list;
}

/**
 * Runs figure 9 and returns its rows: `{ figure, rest, baseline, ratio, target, met }`, as run.mjs
 * prints them, plus `raw` (every time, by contender).
 */
export async function cliFigure({ rounds = 15, before, cpu = false, log = (...a) => process.stderr.write(`${a.join(" ")}\n`) } = {}) {
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
  const server = await startServer(log);
  try {
    const all = contenders(server, env, await hasMcp(env), before);
    const names = Object.keys(all);
    const measure = cpu ? cpuTimed : timed;
    for (const name of names) for (let i = 0; i < 2; i++) await measure(all[name]); // warm-up: file cache, compile cache
    const times = Object.fromEntries(names.map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      const order = [...names];
      for (let k = 0; k < r % names.length; k++) order.push(order.shift());
      if (r % 2) order.reverse();
      for (const name of order) times[name].push(await measure(all[name]));
    }
    log(`  9 CLI${cpu ? " (CPU time)" : ""}: ${names.map((n) => `${n} ${median(times[n]).toFixed(0)} ms`).join(", ")}`);
    const rows = rowsOf(times);
    if (cpu) for (const r of rows) r.figure = `${r.figure} [CPU time]`;
    return { rows, raw: times };
  } finally {
    await server.stop();
  }
}

const fmt = (rs) => {
  const s = [...rs].sort((a, b) => a - b);
  return `${median(rs).toFixed(2)}x (IQR ${s[Math.floor((s.length - 1) * 0.25)].toFixed(2)}-${s[Math.ceil((s.length - 1) * 0.75)].toFixed(2)})`;
};

function rowsOf(times) {
  const ms = (name) => `${median(times[name]).toFixed(0)} ms`;
  const ratio = (a, b) => times[a].map((t, r) => t / times[b][r]);
  const rows = [];
  const add = (figure, name, base, target, limit) => {
    const rs = ratio(name, base);
    rows.push({ figure, rest: ms(name), baseline: `${base} ${ms(base)}`, ratio: fmt(rs), target: limit ? target : "", met: limit ? median(rs) <= limit : undefined });
  };
  const go = "Go CLI: inngest api get-function-runs";
  if (times[go]) add("9a. `inngest-rest runs list --status failed --limit 5`, whole process", "runs list", go, "<= 1.00x", 1);
  add("9b. `inngest-rest --help`, whole process", "--help", "node -e 0", "<= 1.50x", 1.5);
  if (times["mcp ready (tools/list)"]) add("9c. `inngest-rest mcp`: spawn to its tools/list answer", "mcp ready (tools/list)", "node -e 0", "<= 2.00x", 2);
  add("9d. context: `runs list`, whole process", "runs list", "node -e 0");
  add("9e. context: `events send -` of one NDJSON line from stdin, whole process", "events send -", "node -e 0");
  if (times["before: --help"]) {
    add("9g. context: `--help` of the --before build", "before: --help", "node -e 0");
    add("9h. context: `runs list` of the --before build", "before: runs list", "node -e 0");
  }
  if (times[go]) add("9f. context: Inngest's Go CLI, the same call as 9a", go, "node -e 0");
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf("--rounds");
  const b = argv.indexOf("--before");
  const { rows } = await cliFigure({ rounds: at >= 0 ? Number(argv[at + 1]) : 15, before: b >= 0 ? path.resolve(argv[b + 1]) : undefined, cpu: argv.includes("--cpu") });
  const header = ["figure", "inngest-rest", "baseline", "ratio (median of rounds)", "target", "met?"];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const r of rows) lines.push(`| ${[r.figure, r.rest, r.baseline, r.ratio, r.target, r.met === undefined ? "" : r.met ? "yes" : "**NO**"].join(" | ")} |`);
  process.stdout.write(`\n${lines.join("\n")}\n\n- node ${process.version}, ${argv.join(" ")}\n`);
}
