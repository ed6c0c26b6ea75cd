import { fileURLToPath } from "node:url";
import { defineConfig, type Options } from "tsup";

const entry = { index: "src/index.ts", testing: "src/testing/index.ts" };

/** The MCP SDK's Ajv validator, replaced by cli/mcp/no-ajv.ts in dist/mcp.js (why: there). */
const noAjv: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "mcp-no-ajv",
  setup(build) {
    build.onResolve({ filter: /validation\/ajv-provider\.js$/ }, (args) =>
      /@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]server[\\/]index\.js$/.test(args.importer)
        ? { path: fileURLToPath(new URL("cli/mcp/no-ajv.ts", import.meta.url)) }
        : undefined,
    );
  },
};

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
    // dist/mcp.js, the MCP server, is an entry of its own: `inngest-rest mcp` reaches it by a dynamic
    // import of cli/mcp/serve.ts (cli/mcp/command.ts), which esbuild points at that entry, so the MCP
    // SDK is parsed by the `mcp` command only. The MCP SDK is a devDependency bundled here, so
    // `npm install inngest-rest` pulls nothing more for it; its Ajv is left out (cli/mcp/no-ajv.ts).
    entry: { cli: "cli/main.ts", mcp: "cli/mcp/serve.ts" },
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
    noExternal: ["ky", "zod", "@modelcontextprotocol/sdk"],
    esbuildPlugins: [noAjv],
    esbuildOptions(options) {
      options.chunkNames = "cli/[name]-[hash]";
    },
  },
]);
