// Spawns the BUILT MCP server (`node dist/cli.js mcp ...`, rebuilt when stale by
// test/build-if-stale.ts) under the official MCP client, with a clean environment, and keeps
// every message it wrote on stdout and every byte of stderr for the assertions.
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CallToolResult, JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export interface Mcp {
  readonly client: Client;
  /** Every JSON-RPC message the server wrote on stdout, as JSON text. */
  readonly stdout: string[];
  /** Everything the server wrote on stderr. */
  stderr(): string;
  /** Calls a tool; the result as the client got it. */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

export async function startMcp(args: readonly string[], env: Record<string, string> = {}): Promise<Mcp> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, "mcp", ...args],
    env: { PATH: process.env["PATH"] ?? "", ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr!.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  const client = new Client({ name: "inngest-rest-tests", version: "0" });
  const stdout: string[] = [];
  // Every message the transport reads goes through here first (from the handshake on), then to the client.
  // (Undefined until the client sets one: the client wraps whatever handler it finds.)
  let handler: Transport["onmessage"];
  const copying = (message: JSONRPCMessage) => {
    stdout.push(JSON.stringify(message));
    handler?.(message);
  };
  Object.defineProperty(transport, "onmessage", { get: () => handler && copying, set: (h: Transport["onmessage"]) => (handler = h) });
  await client.connect(transport);
  return {
    client,
    stdout,
    stderr: () => stderr,
    call: async (name, a = {}) => (await client.callTool({ name, arguments: a })) as CallToolResult,
    close: () => client.close(),
  };
}

/** A result's structured content, failing when the call was an error. */
export function ok<T = Record<string, unknown>>(result: CallToolResult): T {
  if (result.isError) throw new Error(`tool error: ${JSON.stringify(result.structuredContent ?? result.content)}`);
  return result.structuredContent as T;
}

/** An error result's SDK error. */
export function toolError(result: CallToolResult): { class: string; status: number | null; code: string | null; message: string; issues?: { path: string; message: string }[] } {
  if (!result.isError) throw new Error(`expected a tool error, got: ${JSON.stringify(result.structuredContent)}`);
  return (result.structuredContent as { error: ReturnType<typeof toolError> }).error;
}
