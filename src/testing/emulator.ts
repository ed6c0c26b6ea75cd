/** `createInngestEmulator`: the options read once, the server (`serve.ts`) built on them, and the public handle. */

import { createAuthCheck } from "./auth.js";
import { V1Cache } from "./cache.js";
import { Faults } from "./faults.js";
import { listen } from "./listen.js";
import { createPrng } from "./prng.js";
import { Progress, progressTimings } from "./progress.js";
import type { RouteTables } from "./router.js";
import { eventRoutes } from "./routes-event.js";
import { v1Routes } from "./routes-v1.js";
import { v1CancellationRoutes } from "./routes-v1-cancellations.js";
import { v1EventRoutes } from "./routes-v1-events.js";
import { v1SignalRoutes } from "./routes-v1-signals.js";
import { v2Routes } from "./routes-v2.js";
import { v2FunctionRoutes } from "./routes-v2-functions.js";
import { v2TraceRoutes } from "./routes-v2-traces.js";
import { buildRun, buildWorld } from "./seed.js";
import { EmulatorServer, fetchOf, type EmulatorState, type ServeConfig } from "./serve.js";
import { Store } from "./store.js";
import type { EmulatorApps, EmulatorOptions, EmulatorRuns, InngestEmulator } from "./types.js";

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
  const config = serveConfig(options);
  const server = new EmulatorServer(config, freshState(options, config.now));
  const { faults } = config;
  if (options.chaos) faults.chaos(options.chaos);
  return {
    fetch: fetchOf(server.serve),
    get events() {
      return server.state.store.events;
    },
    runs: runsHandle(server, config.now),
    apps: appsHandle(server),
    get requests() {
      return server.state.requests;
    },
    fail: (fault) => faults.fail(fault),
    failNext: (count, fault) => faults.failNext(count, fault),
    chaos: (chaos) => faults.chaos(chaos),
    clearFaults: () => faults.clear(),
    reset: () => {
      server.reset();
      faults.clear();
      if (options.chaos) faults.chaos(options.chaos);
    },
    listen: (port) => listen(server.serve, port),
  };
}

function serveConfig(options: EmulatorOptions): ServeConfig {
  const latencyMs = options.latencyMs ?? 0;
  if (!(latencyMs >= 0)) throw new RangeError(`latencyMs must be >= 0, got ${latencyMs}`);
  const routes: RouteTables = {
    event: eventRoutes(options.eventKeys),
    v1: [...v1Routes, ...v1EventRoutes, ...v1CancellationRoutes, ...v1SignalRoutes],
    v2: [...v2Routes, ...v2FunctionRoutes, ...v2TraceRoutes],
  };
  const auth = createAuthCheck([...(options.signingKey ? [options.signingKey] : []), ...(options.signingKeys ?? [])]);
  return { now: options.now ?? Date.now, latencyMs, routes, auth, faults: new Faults() };
}

/** The state at creation and after each `reset()`: the same seeded world, laid out back from the first clock reading. */
function freshState(options: EmulatorOptions, now: () => number): () => EmulatorState {
  const base = now();
  const timings = progressTimings(options.progress);
  return () => ({
    store: new Store(buildWorld(options.seed, base), now, timings && new Progress(timings)),
    cache: new V1Cache(),
    addPrng: createPrng((options.seed?.random ?? 1) ^ 0x5bd1e995),
    requests: [],
  });
}

function runsHandle(server: EmulatorServer, now: () => number): EmulatorRuns {
  return {
    get: (id) => server.current().run(id),
    list: (filter) => server.current().listRuns(filter),
    add: (seed) => {
      const { store, addPrng } = server.state;
      const at = now();
      const run = buildRun(seed, (id) => {
        const fn = store.fn(id);
        return fn && { fn, app: store.app(fn.appId) };
      }, at, at, addPrng);
      store.insertRun(run);
      return run;
    },
    update: (id, update) => {
      const { store } = server.state;
      const run = store.run(id);
      if (!run) throw new Error(`inngest emulator: no run ${id}`);
      store.update(run, update);
      return run;
    },
  };
}

function appsHandle(server: EmulatorServer): EmulatorApps {
  return {
    get: (id) => server.state.store.app(id),
    list: (filter) => {
      const archived = filter?.archived;
      return server.state.store.apps().filter((app) => archived === undefined || (app.archivedAt !== undefined) === archived);
    },
  };
}
