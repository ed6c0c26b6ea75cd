/**
 * The `mcp` command: its help and flags only. The server itself (and the MCP SDK and zod it
 * brings) is loaded by a dynamic import when the command runs, from its own file (dist/mcp.js,
 * tsup.config.ts), so `inngest-rest --help` and every other command never load or parse it.
 */
import { command } from "../registry.js";

export const mcp = command({
  name: "mcp",
  summary: "serve Inngest's API to an agent as Model Context Protocol tools over stdio (read-only unless --allow-writes)",
  usage: "mcp [--allow-writes] [--dev [URL]]",
  details: `Speaks MCP (JSON-RPC) on stdin/stdout for an agent host (Claude, Cursor, VS Code, Zed): 13 read
tools (runs, traces, events, apps, functions, cancellations) and, with --allow-writes, 7 write
tools (send events, invoke, cancel, replay, signal, create/delete cancellations), each with dryRun.
Keys come from the environment only, as for every command; no key is ever in a tool result or on
stderr. Stops when stdin closes. Set-up for each host: docs/mcp.md.`,
  examples: ["inngest-rest mcp --dev http://127.0.0.1:8288"],
  args: { min: 0, max: 0 },
  // The server makes its own clients (dist/mcp.js), so the CLI makes none for it.
  local: true,
  flags: {
    "allow-writes": { type: "boolean", help: "also list the write tools (they still take dryRun)" },
  },
  async run(ctx) {
    // dist/mcp.js in the build, an entry of its own: see tsup.config.ts.
    const { serveMcp } = await import("./serve.js");
    const dev = ctx.flags["dev"];
    await serveMcp({
      allowWrites: ctx.flags["allow-writes"] === true,
      dev: typeof dev === "string" ? dev : undefined,
      stdin: ctx.stdin,
      stdout: process.stdout,
      note: ctx.note,
    });
  },
});
