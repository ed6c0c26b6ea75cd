// The real-server suite's coverage, checked: every SDK method and every CLI command is called by at least
// one real-server test file. A method or command added later fails this until a real test calls it.
// Needs no server (reads the test files), so it runs also when the suite is skipped.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createInngestClient } from "inngest-rest";
import { COMMANDS } from "../../cli/commands/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(here)
  .filter((f) => f.endsWith(".test.ts") && f !== "coverage.test.ts")
  .map((f) => readFileSync(join(here, f), "utf8"))
  .join("\n");

/** CLI commands with no real-server test, and why. */
const NOT_ON_THE_SERVER: Record<string, string> = {
  emulator: "serves the in-process emulator: it talks to no server (test/cli/ covers it)",
};

/** CLI commands a real-server test runs through a helper of its own rather than `cli([...])`. */
const RUN_THROUGH: Record<string, string> = {
  mcp: "startMcp(", // test/real/mcp.test.ts spawns `node dist/cli.js mcp` through test/mcp/mcp.ts
};

/** Every public method of every namespace of the client, as `namespace.method`. */
function sdkMethods(): string[] {
  const client = createInngestClient({ isDev: true });
  const names: string[] = [];
  for (const [namespace, resource] of Object.entries(client)) {
    for (let proto = Object.getPrototypeOf(resource); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const method of Object.getOwnPropertyNames(proto)) {
        if (method !== "constructor" && typeof proto[method] === "function") names.push(`${namespace}.${method}`);
      }
    }
  }
  return names.sort();
}

describe("real-server suite coverage", () => {
  it("every SDK method is called by a real-server test", () => {
    const methods = sdkMethods();
    expect(methods.length).toBeGreaterThanOrEqual(21);
    const uncalled = methods.filter((m) => !sources.includes(`.${m}(`));
    expect(uncalled).toEqual([]);
  });

  it("every CLI command is run by a real-server test, but those that talk to no server", () => {
    const names = COMMANDS.map((c) => c.name);
    const unrun = names.filter((name) => !(name in NOT_ON_THE_SERVER) && !(RUN_THROUGH[name] && sources.includes(RUN_THROUGH[name]!)) && !sources.includes(`cli([${name.split(" ").map((w) => JSON.stringify(w)).join(", ")}`));
    expect(unrun).toEqual([]);
    for (const name of Object.keys(NOT_ON_THE_SERVER)) expect(names).toContain(name);
  });
});
