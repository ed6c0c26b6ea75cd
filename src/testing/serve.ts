/**
 * One request through the emulator: the latency and the picked fault, then the routes; every request recorded.
 * `EmulatorServer` holds the emulator's state as one explicit value, which `reset()` replaces whole.
 */

import type { AuthCheck } from "./auth.js";
import type { V1Cache } from "./cache.js";
import type { Faults, PickedFault } from "./faults.js";
import type { Prng } from "./prng.js";
import { apiFamily, defaultErrorResponse, json, text } from "./respond.js";
import { dispatch, type RouteTables } from "./router.js";
import type { Store } from "./store.js";
import type { EmulatorFault, EmulatorFetch, EmulatorRequestRecord, EmulatorStatusFault } from "./types.js";

/** Everything `reset()` replaces: the world, the v1 cache, the generator of runs added by hand, the request log. */
export interface EmulatorState {
  readonly store: Store;
  readonly cache: V1Cache;
  /** Runs added through `runs.add` draw from their own generator, so they never shift the seeded world. */
  readonly addPrng: Prng;
  readonly requests: EmulatorRequestRecord[];
}

/** What stays the same for the emulator's life. */
export interface ServeConfig {
  readonly now: () => number;
  readonly latencyMs: number;
  readonly routes: RouteTables;
  readonly auth: AuthCheck | undefined;
  readonly faults: Faults;
}

/** A request as it arrived, read once: what its record is made of. */
interface Arrival {
  readonly request: Request;
  readonly url: URL;
  readonly body: string;
  readonly at: number;
  readonly picked: PickedFault | undefined;
}

/** What became of a request: an answer, or a connection dropped ("reset"). */
export type Served = Response | "reset";

export class EmulatorServer {
  state: EmulatorState;

  constructor(
    private readonly config: ServeConfig,
    private readonly fresh: () => EmulatorState,
  ) {
    this.state = fresh();
  }

  /** A new world, cache, generator and request log; faults are the caller's to clear. */
  reset(): void {
    this.state = this.fresh();
  }

  /** The store with progressing runs moved to the clock's now: what a test reads is where the runs are. */
  current(): Store {
    this.state.store.progress?.advance(this.config.now());
    return this.state.store;
  }

  readonly serve = async (request: Request): Promise<Served> => {
    const { signal } = request;
    const url = new URL(request.url);
    const at = this.config.now();
    throwIfAborted(signal);
    const body = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
    const arrival: Arrival = { request, url, body, at, picked: this.config.faults.pick(request.method, url.pathname) };
    try {
      const served = await this.answer(arrival);
      this.record(arrival, served === "reset" ? null : served.status, served === "reset" ? "reset" : "response");
      return served;
    } catch (error) {
      if (signal.aborted) this.record(arrival, null, "aborted");
      throw error;
    }
  };

  private async answer({ request, url, body, picked }: Arrival): Promise<Served> {
    const fault: EmulatorFault | undefined = picked?.fault;
    const delay = this.config.latencyMs + (fault && "delayMs" in fault ? fault.delayMs : 0);
    if (delay > 0) await sleep(delay, request.signal);
    if (fault && "reset" in fault && !fault.afterStore) return "reset";
    const { routes, auth, now } = this.config;
    const store = this.current();
    const response =
      fault && "status" in fault
        ? faultResponse(fault, url.pathname)
        : await dispatch(
            { routes, store, auth, cache: this.state.cache },
            { method: request.method, url, headers: request.headers, body, now: now() },
          );
    // afterStore: the request was handled (events stored, runs cancelled); only the answer is lost.
    if (fault && "reset" in fault) return "reset";
    throwIfAborted(request.signal);
    return response;
  }

  private record(arrival: Arrival, status: number | null, outcome: EmulatorRequestRecord["outcome"]): void {
    this.state.requests.push(toRecord(arrival, status, outcome));
  }
}

function faultResponse(fault: EmulatorStatusFault, path: string): Response {
  const headers = {
    ...(fault.retryAfter !== undefined && { "retry-after": String(fault.retryAfter) }),
    ...fault.headers,
  };
  const { status, body } = fault;
  if (body === undefined) return defaultErrorResponse(apiFamily(path), status, headers);
  return typeof body === "string" ? text(status, body, headers) : json(status, body, headers);
}

function toRecord(arrival: Arrival, status: number | null, outcome: EmulatorRequestRecord["outcome"]): EmulatorRequestRecord {
  const { request, url, body, at, picked } = arrival;
  let parsed: unknown = body;
  try {
    parsed = JSON.parse(body);
  } catch {
    // Not JSON: keep the text.
  }
  return {
    method: request.method,
    path: url.pathname.replace(/^\/e\/[^/]+/, "/e/***"),
    query: url.search,
    headers: redactedHeaders(request.headers),
    ...(body !== "" && { body: parsed }),
    status,
    outcome,
    ...(picked !== undefined && { fault: picked.label }),
    at,
  };
}

function redactedHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    // Keep the scheme, drop the credential: "Bearer [REDACTED]".
    const scheme = /^(\S+)\s/.exec(value)?.[1];
    out[name] = name !== "authorization" ? value : scheme ? `${scheme} [REDACTED]` : "[REDACTED]";
  });
  return out;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortReason(signal);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Turns the server into a `fetch`: a dropped connection throws what undici throws. */
export function fetchOf(serve: (request: Request) => Promise<Served>): EmulatorFetch {
  return async (input, init) => {
    // A path alone ("/v1/runs/…") is allowed: the origin is ignored anyway.
    const relative = typeof input === "string" && !/^[a-z][a-z\d+.-]*:/i.test(input);
    const served = await serve(new Request(relative ? new URL(input, "http://localhost:8288") : input, init));
    if (served === "reset") {
      const cause = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      throw new TypeError("fetch failed", { cause });
    }
    return served;
  };
}
