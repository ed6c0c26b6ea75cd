// No module of src/ imports itself back, type-only imports included (issue 18: wire/runs.ts <-> quick-run.ts <->
// schemas.ts <-> load.ts was one). A cycle makes a newcomer read the whole loop to understand one file, and a
// value cycle can hand a module another's exports before they are set.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const root = resolve(import.meta.dirname, "../src");

// The SDK's modules. The emulator (src/testing/) is its own package entry with its own owner; it had a cycle
// (progress.ts <-> store.ts) when this test was written, reported, not fixed here.
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (path === join(root, "testing")) return [];
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Relative imports of a module, `import type` and `export ... from` included, as absolute .ts paths. */
export function importsOf(file: string, text = readFileSync(file, "utf8")): string[] {
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+["'](\.[^"']+)["']/gms)].map((m) => m[1]!);
  return specifiers.map((s) => resolve(dirname(file), s.replace(/\.js$/, ".ts")));
}

/** Every cycle in the graph, each as the list of files around it (one per set of files). */
export function cycles(graph: Map<string, string[]>): string[][] {
  const found = new Map<string, string[]>();
  const visit = (node: string, stack: string[]) => {
    const at = stack.indexOf(node);
    if (at !== -1) {
      const loop = stack.slice(at);
      const key = [...loop].sort().join(" ");
      if (!found.has(key)) found.set(key, loop);
      return;
    }
    if (stack.length > 40) return;
    for (const next of graph.get(node) ?? []) visit(next, [...stack, node]);
  };
  for (const node of graph.keys()) visit(node, []);
  return [...found.values()];
}

describe("import graph of src/ (the SDK, emulator aside)", () => {
  test("the cycle finder finds a type-only cycle (so the check below can fail)", () => {
    const a = "/x/a.ts";
    const b = "/x/b.ts";
    const graph = new Map([
      [a, importsOf(a, 'import type { B } from "./b.js";')],
      [b, importsOf(b, 'export { a } from "./a.js";')],
    ]);
    expect(cycles(graph)).toEqual([[a, b]]);
  });

  test("no module imports itself back, type-only imports included", () => {
    const graph = new Map(files(root).map((f) => [f, importsOf(f)]));
    const named = cycles(graph).map((loop) => loop.map((f) => relative(root, f)).join(" -> "));
    expect(named).toEqual([]);
  });
});
