import { type ClientOptions } from "./core/options.js";
import { resolveConfig } from "./internal/config.js";
import { createCore } from "./internal/request.js";
import { Apps } from "./resources/apps.js";
import { Cancellations } from "./resources/cancellations.js";
import { Events } from "./resources/events.js";
import { Functions } from "./resources/functions.js";
import { Runs } from "./resources/runs.js";
import { Signals } from "./resources/signals.js";
import type { AnyEvents, EventMap, EventSchemas } from "./wire/events.js";

/** Options of {@link createInngestClient}: {@link ClientOptions} plus run-time event schemas. */
export interface InngestClientOptions<M extends EventMap = AnyEvents> extends ClientOptions {
  /**
   * Validators of `data` per event name, checked before sending: any Standard Schema (a zod,
   * valibot or arktype schema). Events with other names are not checked.
   */
  schemas?: EventSchemas<M> | undefined;
}

/** The client: its namespaces over one request core. Holds no key in any enumerable property. */
export interface InngestClient<M extends EventMap = AnyEvents> {
  /** Send events (Event API); look up received events and the runs they triggered (REST API). */
  readonly events: Events<M>;
  /** List, get, trace, wait for, cancel and replay runs; list a run's queued jobs (REST API). */
  readonly runs: Runs;
  /** List and get apps (REST API). */
  readonly apps: Apps;
  /** Invoke a function directly; list and get functions with their configuration (REST API). */
  readonly functions: Functions;
  /** Bulk-cancel a function's runs by time range and expression (REST API). */
  readonly cancellations: Cancellations;
  /** Resume runs waiting in `step.waitForSignal` (REST API). */
  readonly signals: Signals;
}

/**
 * Creates a client for Inngest's Event API and REST API. Keys are optional here: a client that
 * only sends events needs no signing key, and a missing key is reported by the call that needs
 * it.
 *
 * @throws {@link ValidationError} at once, naming every invalid option (`batchSize: 0`, a non-URL `baseUrl`).
 * A call given the same bad option rejects with the same error before it sends anything.
 *
 * @typeParam M - Optional map of event names to payloads; `events.send` then checks names and
 * `data` at compile time.
 *
 * @example
 * ```ts
 * import { createInngestClient } from "inngest-rest";
 *
 * // Keys from INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY.
 * const inngest = createInngestClient();
 * await inngest.events.send({ name: "app/user.signup", data: { userId: "u_1" } });
 *
 * // Typed events.
 * type Events = { "app/user.signup": { data: { userId: string } } };
 * const typed = createInngestClient<Events>({ eventKey: "..." });
 * await typed.events.send({ name: "app/user.signup", data: { userId: "u_1" } });
 * ```
 */
export function createInngestClient<M extends EventMap = AnyEvents>(options: InngestClientOptions<M> = {}): InngestClient<M> {
  const core = createCore(resolveConfig(options));
  return {
    events: new Events<M>(core, options.schemas),
    runs: new Runs(core),
    apps: new Apps(core),
    functions: new Functions(core),
    cancellations: new Cancellations(core),
    signals: new Signals(core),
  };
}
