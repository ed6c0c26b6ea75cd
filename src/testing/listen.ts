/**
 * `listen()`: the emulator over real HTTP, for clients that cannot take an injected fetch. Node only; `node:http`
 * is imported on first use, through a variable so bundlers for Workers, Edge, Deno and Bun leave it alone.
 */

import type { EmulatorServer } from "./types.js";

/** What the server hands each request to: a response, or `"reset"` to drop the connection. */
export type Serve = (request: Request) => Promise<Response | "reset">;

// The few parts of node:http used here, typed locally so the package needs no @types/node.
interface NodeRequest extends AsyncIterable<Uint8Array> {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly socket: { destroy(): void };
}

interface NodeResponse {
  statusCode: number;
  readonly headersSent: boolean;
  readonly writableFinished: boolean;
  setHeader(name: string, value: string): void;
  end(chunk?: Uint8Array): void;
  destroy(): void;
  on(event: "close", listener: () => void): void;
}

interface NodeServer {
  listen(port: number, host: string, callback: () => void): void;
  once(event: "error", listener: (error: Error) => void): void;
  address(): { port: number } | string | null;
  close(callback: (error?: Error) => void): void;
  closeAllConnections?(): void;
}

interface NodeHttp {
  createServer(listener: (req: NodeRequest, res: NodeResponse) => void): NodeServer;
}

export async function listen(serve: Serve, port = 0): Promise<EmulatorServer> {
  const specifier = "node:http";
  let http: NodeHttp;
  try {
    http = (await import(/* @vite-ignore */ specifier)) as NodeHttp;
  } catch (cause) {
    const message = "inngest emulator: listen() needs node:http (Node, Bun or Deno); use emulator.fetch elsewhere";
    throw new Error(message, { cause });
  }
  let actualPort = port;
  const server = http.createServer((req, res) => void respond(serve, req, res, actualPort));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address();
  actualPort = typeof address === "object" && address !== null ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from fetch would hold close() open.
        server.closeAllConnections?.();
      }),
  };
}

async function respond(serve: Serve, req: NodeRequest, res: NodeResponse, port: number): Promise<void> {
  const controller = new AbortController();
  // The client went away before the answer: abort, so an injected delay stops waiting.
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  try {
    const chunks: Uint8Array[] = [];
    for await (const chunk of req) chunks.push(chunk);
    const method = req.method ?? "GET";
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const v of [value ?? []].flat()) headers.append(name, v);
    }
    const request = new Request(`http://127.0.0.1:${port}${req.url ?? "/"}`, {
      method,
      headers,
      signal: controller.signal,
      ...(method !== "GET" && method !== "HEAD" && { body: concat(chunks) }),
    });
    const outcome = await serve(request);
    if (outcome === "reset") {
      req.socket.destroy();
      return;
    }
    res.statusCode = outcome.status;
    outcome.headers.forEach((value, name) => res.setHeader(name, value));
    res.end(new Uint8Array(await outcome.arrayBuffer()));
  } catch {
    if (res.headersSent) {
      res.destroy();
    } else if (!controller.signal.aborted) {
      res.statusCode = 500;
      res.end();
    }
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
