/** `createInngestEmulator`: the state, the fault pipeline in front of the routes, and the public handle. */

import { createAuthCheck } from "./auth.js";
import { V1Cache } from "./cache.js";
import { Faults } from "./faults.js";
import { listen, type Serve } from "./listen.js";
import { createPrng } from "./prng.js";
import { Progress, progressTimings } from "./progress.js";
import { apiFamily, defaultErrorResponse, json, text } from "./respond.js";
import { dispatch, type RouteTables } from "./router.js";
import { eventRoutes } from "./routes-event.js";
import { v1Routes } from "./routes-v1.js";
import { v1CancellationRoutes } from "./routes-v1-cancellations.js";
import { v1EventRoutes } from "./routes-v1-events.js";
import { v1SignalRoutes } from "./routes-v1-signals.js";
import { v2Routes } from "./routes-v2.js";
import { v2FunctionRoutes } from "./routes-v2-functions.js";
import { v2TraceRoutes } from "./routes-v2-traces.js";
import { buildRun, buildWorld } from "./seed.js";
import { Store } from "./store.js";
import type {
  EmulatorApps,
  EmulatorFetch,
  EmulatorOptions,
  EmulatorRequestRecord,
  EmulatorRuns,
  EmulatorStatusFault,
  InngestEmulator,
} from "./types.js";

/**
 * Creates an in-process Inngest: the Event API (`POST /e/{key}`), REST v1 and the v2 beta, answering with the real
 * envelopes and quirks, over a seeded world of apps and runs. Pass `emulator.fetch` to any client that takes a
 * `fetch`; use `listen()` for one that needs a URL. Runs on Node, Workers, Edge, Deno and Bun (`listen()` on Node).
 *
 * @example
 * ```ts
 * import { createInngestEmulator } from "inngest-rest/testing";
 *
 * const emulator = createInngestEmulator({ signingKey: "signkey-test-12345678" });
 * emulator.failNext(1, { status: 503 }); // the first request fails, a retry succeeds
 *
 * const res = await emulator.fetch("https://inn.gs/e/any-key", {
 *   method: "POST",
 *   body: JSON.stringify({ name: "shop/order.placed", data: { orderId: "o_1" } }),
 * }); // 503
 * const ok = await emulator.fetch("https://inn.gs/e/any-key", { method: "POST", body: "[]" }); // 200
 *
 * emulator.events; // what was stored, once each
 * emulator.runs.list({ status: "RUNNING" }).length; // 40 in the default world
 * ```
 */
export function createInngestEmulator(options: EmulatorOptions = {}): InngestEmulator {
  const now = options.now ?? Date.now;
  const base = now();
  const latencyMs = options.latencyMs ?? 0;
  if (!(latencyMs >= 0)) throw new RangeError(`latencyMs must be >= 0, got ${latencyMs}`);
  const routes: RouteTables = {
    event: eventRoutes(options.eventKeys),
    v1: [...v1Routes, ...v1EventRoutes, ...v1CancellationRoutes, ...v1SignalRoutes],
    v2: [...v2Routes, ...v2FunctionRoutes, ...v2TraceRoutes],
  };
  const auth = createAuthCheck([...(options.signingKey ? [options.signingKey] : []), ...(options.signingKeys ?? [])]);
  const faults = new Faults();

  const timings = progressTimings(options.progress);
  const newStore = (): Store => new Store(buildWorld(options.seed, base), now, timings && new Progress(timings));
  let store = newStore();
  let cache = new V1Cache();
  // Runs added through `runs.add` draw from their own generator, so they never shift the seeded world.
  let addPrng = createPrng((options.seed?.random ?? 1) ^ 0x5bd1e995);
  let requests: EmulatorRequestRecord[] = [];
  if (options.chaos) faults.chaos(options.chaos);

  const serve: Serve = async (request) => {
    const { signal } = request;
    const url = new URL(request.url);
    const at = now();
    throwIfAborted(signal);
    const body = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
    const picked = faults.pick(request.method, url.pathname);
    const fault = picked?.fault;
    const record = (status: number | null, outcome: EmulatorRequestRecord["outcome"]): void => {
      requests.push(toRecord(request, url, body, at, status, outcome, picked?.label));
    };
    try {
      const delay = latencyMs + (fault && "delayMs" in fault ? fault.delayMs : 0);
      if (delay > 0) await sleep(delay, signal);
      if (fault && "reset" in fault && !fault.afterStore) {
        record(null, "reset");
        return "reset";
      }
      store.progress?.advance(now());
      const response =
        fault && "status" in fault
          ? faultResponse(fault, url.pathname)
          : await dispatch(
              { routes, store, auth, cache },
              { method: request.method, url, headers: request.headers, body, now: now() },
            );
      if (fault && "reset" in fault) {
        // afterStore: the request was handled (events stored, runs cancelled); only the answer is lost.
        record(null, "reset");
        return "reset";
      }
      throwIfAborted(signal);
      record(response.status, "response");
      return response;
    } catch (error) {
      if (signal.aborted) record(null, "aborted");
      throw error;
    }
  };

  const fetch: EmulatorFetch = async (input, init) => {
    // A path alone ("/v1/runs/…") is allowed: the origin is ignored anyway.
    const relative = typeof input === "string" && !/^[a-z][a-z\d+.-]*:/i.test(input);
    const outcome = await serve(new Request(relative ? new URL(input, "http://localhost:8288") : input, init));
    if (outcome === "reset") {
      // What undici throws when the peer drops the connection.
      const cause = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      throw new TypeError("fetch failed", { cause });
    }
    return outcome;
  };

  // With progress on, what the test reads is where the runs are now.
  const current = (): Store => {
    store.progress?.advance(now());
    return store;
  };
  const runs: EmulatorRuns = {
    get: (id) => current().run(id),
    list: (filter) => current().listRuns(filter),
    add: (seed) => {
      const at = now();
      const run = buildRun(seed, (id) => store.fn(id), at, at, addPrng);
      store.insertRun(run);
      return run;
    },
    update: (id, update) => {
      const run = store.run(id);
      if (!run) throw new Error(`inngest emulator: no run ${id}`);
      store.update(run, update);
      return run;
    },
  };

  const apps: EmulatorApps = {
    get: (id) => store.app(id),
    list: (filter) => {
      const archived = filter?.archived;
      return store.apps().filter((app) => archived === undefined || (app.archivedAt !== undefined) === archived);
    },
  };

  return {
    fetch,
    get events() {
      return store.events;
    },
    runs,
    apps,
    get requests() {
      return requests;
    },
    fail: (fault) => faults.fail(fault),
    failNext: (count, fault) => faults.failNext(count, fault),
    chaos: (chaos) => faults.chaos(chaos),
    clearFaults: () => faults.clear(),
    reset: () => {
      store = newStore();
      cache = new V1Cache();
      addPrng = createPrng((options.seed?.random ?? 1) ^ 0x5bd1e995);
      requests = [];
      faults.clear();
      if (options.chaos) faults.chaos(options.chaos);
    },
    listen: (port) => listen(serve, port),
  };
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

function toRecord(
  request: Request,
  url: URL,
  body: string,
  at: number,
  status: number | null,
  outcome: EmulatorRequestRecord["outcome"],
  fault: EmulatorRequestRecord["fault"],
): EmulatorRequestRecord {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    // Keep the scheme, drop the credential: "Bearer [REDACTED]".
    const scheme = /^(\S+)\s/.exec(value)?.[1];
    headers[name] = name !== "authorization" ? value : scheme ? `${scheme} [REDACTED]` : "[REDACTED]";
  });
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
    headers,
    ...(body !== "" && { body: parsed }),
    status,
    outcome,
    ...(fault !== undefined && { fault }),
    at,
  };
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
