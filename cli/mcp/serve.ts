/**
 * The MCP server (its own build entry, dist/mcp.js): the tools of tools/ over stdio, on the
 * official SDK's low-level `Server`. Read tools always; write tools only with `--allow-writes`
 * (an unlisted tool is refused like an unknown one). Every call ends as a result, an error one
 * (`isError: true`) included: the server keeps serving after any error.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { lazy } from "../../src/internal/lazy.js";
import { VERSION } from "../../src/version.js";
import { checkArgs } from "./args.js";
import { dryRunClient, liveClient } from "./clients.js";
import { answerResult, errorResult, type ToolResult } from "./result.js";
import { inputSchema } from "./schema.js";
import { keyScrubber } from "./secrets.js";
import { isWrite, type Tool, type ToolContext } from "./tool.js";
import { MAX_CHARS_DEFAULT } from "./tools/fields.js";
import { TOOLS } from "./tools/index.js";

export interface ServeOptions {
  allowWrites: boolean;
  /** `--dev [URL]`: a URL, `""` for INNGEST_DEV's or the default, `undefined` without --dev. */
  dev: string | undefined;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  /** One line on stderr (never data, never a key). */
  note(text: string): void;
}

const INSTRUCTIONS = `Inngest's REST and Event API as tools. Start with list_apps / list_functions for ids, list_runs for runs (status "failed" for failures), trace_run to see why a run failed. Lists return one page and a cursor. Write tools (if listed) take dryRun: true to preview the request without sending it.`;

/** What tools/list answers: each tool's name, description, JSON Schema and annotations. */
const listing = (tools: readonly Tool[]) =>
  tools.map((t) => ({ name: t.name, title: t.annotations.title, description: t.description, inputSchema: inputSchema(t.input), annotations: t.annotations }));

async function call(tool: Tool | undefined, name: string, args: unknown, ctx: ToolContext): Promise<ToolResult> {
  try {
    if (!tool) throw Object.assign(new Error(`Unknown tool "${name}"${TOOLS.some((t) => t.name === name) ? ": write tools need the server started with --allow-writes" : ""}.`), { name: "UnknownTool" });
    const checked = checkArgs(tool.name, tool.input, args) as Record<string, unknown>;
    const answer = await tool.run(checked, ctx);
    return answerResult(answer, (checked["maxChars"] as number | undefined) ?? MAX_CHARS_DEFAULT);
  } catch (err) {
    return errorResult(err);
  }
}

/** Serves until stdin ends (the host closing the connection). */
export async function serveMcp(options: ServeOptions): Promise<void> {
  const tools = TOOLS.filter((t) => options.allowWrites || !isWrite(t));
  const client = liveClient(options.dev);
  // Hashing the signing keys loads WebCrypto: done on the first call, not before tools/list.
  const scrubber = lazy(() => keyScrubber(process.env));
  const server = new Server(
    { name: "inngest-rest", version: VERSION },
    // No elicitation here, so no JSON Schema validator for it: Ajv is never constructed.
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS, jsonSchemaValidator: { getValidator: () => () => ({ valid: false, data: undefined, errorMessage: "not used" }) } },
  );
  let listed: ReturnType<typeof listing> | undefined;
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: (listed ??= listing(tools)) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name, arguments: args } = request.params;
    const ctx: ToolContext = { client, dryRun: () => dryRunClient(options.dev), signal: extra.signal };
    const result = await call(tools.find((t) => t.name === name), name, args, ctx);
    return (await scrubber())(result);
  });
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
    options.stdin.once("end", () => void server.close());
  });
  await server.connect(new StdioServerTransport(options.stdin as NodeJS.ReadStream, options.stdout as NodeJS.WriteStream));
  // Under a host stdin is a pipe and stderr stays quiet; a person who ran it in a terminal is told what it is.
  if ((options.stdin as { isTTY?: boolean }).isTTY) {
    options.note(`inngest-rest mcp: an MCP server on stdin/stdout with ${tools.length} tools (${options.allowWrites ? "writes allowed" : "read-only"}); add it to an agent host (docs/mcp.md). Ctrl-D stops it.`);
  }
  await closed;
}
