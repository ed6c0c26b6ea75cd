// Vitest global setup: rebuilds dist/ (`npm run build`) when any source is newer than the build, so
// the tests that run the built CLI and MCP server never test stale output, also when one file is
// run alone (`npx vitest run test/mcp/...`). Under `npm test` the pretest build is fresh: no-op.
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const BUILT = ["dist/index.js", "dist/cli.js", "dist/mcp.js", "dist/testing.js"];
const SOURCES = ["src", "cli", "tsup.config.ts", "package.json"];

function newest(p: string): number {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((name) => newest(path.join(p, name))));
}

function oldestBuilt(): number {
  try {
    return Math.min(...BUILT.map((f) => statSync(path.join(ROOT, f)).mtimeMs));
  } catch {
    return 0; // missing: build
  }
}

export default function setup() {
  const source = Math.max(...SOURCES.map((s) => newest(path.join(ROOT, s))));
  if (source <= oldestBuilt()) return;
  console.log("dist/ is older than its sources: npm run build");
  execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
}
