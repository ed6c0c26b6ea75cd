#!/usr/bin/env node
// Start-up of `inngest-rest mcp`: from spawn to an answered tools/list, against `node -e 0` (Node's
// floor), interleaved round by round, medians. Run after `npm run build`:
//   node bench/mcp-startup.mjs [--rounds 15] [--node /path/to/node] [-- extra node flags]
// No server is needed: tools/list makes no request.
import { spawn } from "node:child_process";
import path from "node:path";

const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const rounds = Number(opt("--rounds", "15"));
const node = opt("--node", process.execPath);
const nodeFlags = argv.includes("--") ? argv.slice(argv.indexOf("--") + 1) : [];
const CLI = path.resolve(import.meta.dirname, "../dist/cli.js");

const REQUESTS =
  [
    { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "0" } } },
    { jsonrpc: "2.0", method: "notifications/initialized" },
    { jsonrpc: "2.0", id: 2, method: "tools/list" },
  ]
    .map((m) => JSON.stringify(m))
    .join("\n") + "\n";

/** Milliseconds from spawn to the tools/list answer (then stdin is closed and the exit awaited). */
function mcpOnce() {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(node, [...nodeFlags, CLI, "mcp", "--dev", "http://127.0.0.1:9"], { stdio: ["pipe", "pipe", "ignore"] });
    let out = "";
    let ms;
    child.stdout.setEncoding("utf8").on("data", (d) => {
      out += d;
      if (ms === undefined && out.includes('"id":2')) {
        ms = performance.now() - t0;
        child.stdin.end();
      }
    });
    child.stdin.write(REQUESTS);
    child.on("error", reject);
    child.on("close", () => (ms === undefined ? reject(new Error(`no tools/list answer: ${out}`)) : resolve(ms)));
  });
}

function floorOnce() {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(node, ["-e", "0"], { stdio: "ignore" });
    child.on("error", reject);
    child.on("close", () => resolve(performance.now() - t0));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mcp = [];
const floor = [];
const ratios = [];
await mcpOnce(); // warm the file cache
for (let i = 0; i < rounds; i++) {
  const [a, b] = i % 2 ? [await floorOnce(), await mcpOnce()] : [await mcpOnce(), await floorOnce()].reverse();
  floor.push(a);
  mcp.push(b);
  ratios.push(b / a);
}
console.log(
  JSON.stringify({
    node: (await import("node:child_process")).execFileSync(node, ["-v"]).toString().trim(),
    rounds,
    floorMs: +median(floor).toFixed(1),
    mcpToolsListMs: +median(mcp).toFixed(1),
    ratio: +median(ratios).toFixed(2),
    ratioRange: [+Math.min(...ratios).toFixed(2), +Math.max(...ratios).toFixed(2)],
  }),
);
