/**
 * An injected `fetch` that records what went over the wire and answers from a handler: the
 * openai-node way of testing a client without a network.
 */
export interface WireRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
  /** The body exactly as it went over the wire. */
  text: string;
}

/** `signal` is the request's own signal: a handler that never answers can wait on it. */
export type Handler = (req: WireRequest, n: number, signal: AbortSignal) => Response | Promise<Response>;

export function wire(handler: Handler) {
  const requests: WireRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? new Request(input, init) : new Request(input, init);
    const text = await request.text();
    const req: WireRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: Object.fromEntries(request.headers),
      body: text ? JSON.parse(text) : undefined,
      text,
    };
    requests.push(req);
    if (request.signal.aborted) throw request.signal.reason;
    return handler(req, requests.length, request.signal);
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** An Event API that accepts every event and answers one id per event. */
export const acceptAll: Handler = (req) => {
  const events = req.body as unknown[];
  return json({ ids: events.map((_, i) => `${req.headers["x-inngest-event-id-seed"]}#${i}`), status: 200 });
};

/** A promise that settles with the signal: what a server that never answers looks like. */
export const hang = (signal: AbortSignal): Promise<never> =>
  new Promise((_, reject) => {
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });

/** The network failure undici reports when a socket dies (what `fetch` rejects with on a reset). */
export const networkFailure = (code = "ECONNRESET") =>
  new TypeError("fetch failed", { cause: Object.assign(new Error(`read ${code}`), { code }) });

/** The error a promise rejects with; a promise that resolves instead fails the test. */
export const caught = (p: PromiseLike<unknown>) =>
  Promise.resolve(p).then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
