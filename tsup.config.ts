import { defineConfig } from "tsup";

const entry = { index: "src/index.ts", testing: "src/testing/index.ts" };

export default defineConfig([
  {
    // ESM: dependencies stay external so an app's bundler dedupes ky and zod.
    entry,
    format: ["esm"],
    platform: "neutral",
    target: "es2022",
    dts: true,
    clean: true,
    sourcemap: true,
  },
  {
    // CJS: ky is ESM-only, and require(esm) is unflagged only from Node 22.12.
    // Bundling ky here makes require("inngest-rest") work on every Node 22+ line.
    entry,
    format: ["cjs"],
    platform: "neutral",
    target: "es2022",
    dts: true,
    sourcemap: true,
    noExternal: ["ky"],
  },
  {
    // The `inngest-rest` command: Node only, and apart from dist/index.js (and its size budget).
    entry: { cli: "cli/main.ts" },
    format: ["esm"],
    platform: "node",
    target: "node22",
    banner: { js: "#!/usr/bin/env node" },
    // No source map: the command prints errors as JSON, never a stack, and a map would add 400 KB.
    sourcemap: false,
    // dist/cli.js is a small entry; each command's code, the SDK, zod's schemas and the emulator are
    // chunks under dist/cli/ that it imports when a command needs them, so `--help` compiles a few
    // KB instead of 258 KB (docs/benchmarks.md, "CLI start-up").
    splitting: true,
    // ky and zod/mini bundled into those chunks: loaded from node_modules they are ~110 ES modules,
    // each resolved through package.json on every call (`moduleResolve` was the top frame of
    // `runs list` after Node's fetch). The library's own builds keep them external.
    noExternal: ["ky", "zod"],
    esbuildOptions(options) {
      options.chunkNames = "cli/[name]-[hash]";
    },
  },
]);
