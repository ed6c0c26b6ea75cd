import { fileURLToPath } from "node:url";
import { defineConfig, type Options } from "tsup";

const entry = { index: "src/index.ts", testing: "src/testing/index.ts" };

/**
 * `inngest-rest mcp` loads its server with `import("./serve.js")` (cli/mcp/command.ts). In the
 * build that import names dist/mcp.js, the server's own entry, and stays a dynamic import: the
 * MCP SDK is parsed only by the `mcp` command, never by `--help` or any other command.
 */
const mcpServerEntry: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "mcp-server-entry",
  setup(build) {
    build.onResolve({ filter: /^\.\/serve\.js$/ }, (args) =>
      // "../mcp.js": the command's code lands in a chunk under dist/cli/ (see the CLI's build below).
      /cli[\\/]mcp[\\/]command\.ts$/.test(args.importer) ? { path: "../mcp.js", external: true } : undefined,
    );
  },
};

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
    esbuildPlugins: [mcpServerEntry],
  },
  {
    // The MCP server (`inngest-rest mcp`), loaded by dist/cli.js only for that command. The MCP SDK
    // is a devDependency bundled here, so `npm install inngest-rest` pulls nothing more for it; zod
    // goes in too (one file to load is faster to start than zod's ~90 modules).
    entry: { mcp: "cli/mcp/serve.ts" },
    format: ["esm"],
    platform: "node",
    target: "node22",
    sourcemap: false,
    splitting: false,
    noExternal: ["@modelcontextprotocol/sdk", "zod"],
    esbuildPlugins: [noAjv],
  },
]);
