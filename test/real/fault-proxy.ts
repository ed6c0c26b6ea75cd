// A fault-injecting HTTP proxy of the real-server suite's own, on loopback, between the SDK (or the CLI)
// and Inngest's dev server. Each request it sees takes the next fault from a script (a queue the test
// fills, or a function of the request); when the script is empty the request passes through. It logs
// every request and whether it reached the server, so a test can tell "may be stored" from "never sent".
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What the proxy does to one request:
 * - `pass`: forwards it and relays the answer.
 * - `lose-answer`: forwards it, waits for the server's answer, then resets the client's connection
 *   (the server acted; the client never learns it).
 * - `reset-before`: resets the client's connection without forwarding (the server never saw it).
 * - `reset-after`: forwards it and resets the client's connection at once, without waiting for the
 *   answer (the server acts while the client may already be retrying).
 * - `delay`: forwards it and holds the answer `ms` before relaying it (past the client's timeout).
 * - `status`: answers `status` itself (a 5xx, or a 429 with `Retry-After` seconds), not forwarding.
 */
export type Fault =
  | { readonly kind: "pass" }
  | { readonly kind: "lose-answer" }
  | { readonly kind: "reset-before" }
  | { readonly kind: "reset-after" }
  | { readonly kind: "delay"; readonly ms: number }
  | { readonly kind: "status"; readonly status: number; readonly retryAfter?: string };

/** One request the proxy saw. */
export interface Seen {
  readonly method: string;
  readonly path: string;
  readonly seed: string | undefined;
  readonly body: string;
  readonly fault: Fault;
  /** True when the request was handed to the server (it may have acted on it). */
  readonly forwarded: boolean;
}

/** Which requests a script's faults apply to; the others pass. */
export type Matcher = (method: string, path: string) => boolean;

export interface FaultProxy {
  /** The proxy's base URL: give it to the SDK as `baseUrl`. */
  readonly url: string;
  /** Every request seen, in arrival order. */
  readonly seen: Seen[];
  /** Faults for the next matching requests, in order; consumed one per request. */
  script(faults: readonly Fault[], matches?: Matcher): void;
  /**
   * Resolves once no request is being handled. A client that gives up (a timeout, an abort) may
   * have delivered its request all the same: the proxy still forwards it, as a network would, and
   * logs it only once it is read, so read `seen` after this.
   */
  idle(): Promise<void>;
  /** Empties the script and the log. */
  reset(): void;
  close(): Promise<void>;
}

const PASS: Fault = { kind: "pass" };

/** Only event POSTs (the Event API). */
export const eventPosts: Matcher = (method, path) => method === "POST" && path.startsWith("/e/");

/** Starts a proxy in front of `upstream` (a base URL such as `http://127.0.0.1:8288`). */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const seen: Seen[] = [];
  let queue: Fault[] = [];
  let matches: Matcher = () => true;
  let handling = 0;
  const server: Server = createServer((req, res) => {
    handling++;
    void handle(req, res)
      .catch(() => req.socket.destroy())
      .finally(() => handling--);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = req.url ?? "/";
    const fault = matches(req.method ?? "GET", path) ? (queue.shift() ?? PASS) : PASS;
    const forwarded = fault.kind !== "reset-before" && fault.kind !== "status";
    const seed = req.headers["x-inngest-event-id-seed"];
    seen.push({ method: req.method ?? "GET", path, seed: typeof seed === "string" ? seed : undefined, body, fault, forwarded });
    if (fault.kind === "reset-before") return void req.socket.destroy();
    if (fault.kind === "status") return answerItself(res, fault);
    const answer = relay(target, req, body);
    if (fault.kind === "reset-after") {
      answer.catch(() => undefined);
      return void req.socket.destroy();
    }
    const got = await answer.catch(() => undefined);
    if (!got) return void req.socket.destroy();
    if (fault.kind === "lose-answer") return void req.socket.destroy();
    if (fault.kind === "delay") await new Promise((r) => setTimeout(r, fault.ms));
    if (req.socket.destroyed) return;
    res.writeHead(got.status, got.headers);
    res.end(got.body);
  }

  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    script(faults, only = () => true) {
      queue = [...faults];
      matches = only;
    },
    async idle() {
      await new Promise((r) => setTimeout(r, 100));
      while (handling > 0) await new Promise((r) => setTimeout(r, 20));
    },
    reset() {
      queue = [];
      seen.length = 0;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const parts: Uint8Array[] = [];
    req.on("data", (part: Uint8Array) => parts.push(part));
    req.on("end", () => done(Buffer.concat(parts).toString("utf8")));
    req.on("error", fail);
  });
}

function answerItself(res: ServerResponse, fault: Extract<Fault, { kind: "status" }>): void {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
  res.writeHead(fault.status, headers);
  res.end(JSON.stringify({ error: `fault proxy: ${fault.status}` }));
}

interface Relayed {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Forwards the request to the server and reads its whole answer. */
function relay(target: URL, req: IncomingMessage, body: string): Promise<Relayed> {
  const headers = { ...req.headers, host: target.host };
  delete headers.connection;
  return new Promise((done, fail) => {
    const out = forward({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false }, (answer) => {
      const parts: Buffer[] = [];
      answer.on("data", (part: Buffer) => parts.push(part));
      answer.on("end", () => {
        const relayed = { ...answer.headers };
        delete relayed["transfer-encoding"];
        delete relayed.connection;
        done({ status: answer.statusCode ?? 502, headers: relayed, body: Buffer.concat(parts) });
      });
      answer.on("error", fail);
    });
    out.on("error", fail);
    out.end(body);
  });
}
