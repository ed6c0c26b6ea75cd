/** The emulator's state: apps, functions, runs and received events, with the queries the routes need. */

import { randomUlid, toHex } from "./ids.js";
import { jobOwner, makeJob } from "./jobs.js";
import { buildSteps, endSteps, type StepRecord } from "./steps.js";
import type {
  EmulatorApp,
  EmulatorEvent,
  EmulatorFunction,
  EmulatorJob,
  EmulatorRun,
  EmulatorRunFilter,
  EmulatorRunStatus,
  EmulatorRunUpdate,
} from "./types.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A run as the store keeps it: the public shape, writable. */
export type RunRecord = Omit<Mutable<EmulatorRun>, "jobs" | "steps"> & { jobs: EmulatorJob[]; steps: StepRecord[] };

/** What a store starts from (see `seed.ts`). */
export interface World {
  readonly environmentId: string;
  readonly apps: readonly EmulatorApp[];
  readonly runs: readonly RunRecord[];
  /** Events received before the test started (the seeded runs' triggers). */
  readonly events: readonly EmulatorEvent[];
}

export const ENDED: ReadonlySet<EmulatorRunStatus> = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

// Inngest's event idempotency window: an `id` seen in the last 24 hours triggers no new runs.
const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A bulk cancellation, as `/v1/cancellations` answers it (cqrs.Cancellation's JSON). */
export type StoredCancellation = Record<string, unknown> & { readonly id: string };

export class Store {
  readonly environmentId: string;
  readonly events: EmulatorEvent[] = [];
  /** Bulk cancellations made through `POST /v1/cancellations` and not deleted. */
  readonly cancellations: StoredCancellation[] = [];
  private readonly appList: readonly EmulatorApp[];
  private readonly appsById = new Map<string, EmulatorApp>();
  private readonly functionsById = new Map<string, EmulatorFunction>();
  private readonly runsById = new Map<string, RunRecord>();
  private readonly eventsById = new Map<string, EmulatorEvent>();
  private readonly resent: EmulatorEvent[] = [];
  private readonly idempotencyKeys = new Map<string, number>();
  private readonly invokeKeys = new Map<string, { at: number; runId: string }>();
  private sorted: RunRecord[] | undefined;

  constructor(
    world: World,
    readonly now: () => number,
    /** Moves runs this store queues along, when the emulator's `progress` option is on (progress.ts). */
    readonly progress?: RunTracker,
  ) {
    this.environmentId = world.environmentId;
    this.appList = [...world.apps].sort((a, b) => a.createdAt - b.createdAt || cmp(a.id, b.id));
    for (const app of this.appList) {
      this.appsById.set(app.id, app);
      for (const fn of app.functions) this.functionsById.set(fn.id, fn);
    }
    for (const run of world.runs) this.insertRun(run);
    for (const event of world.events) this.eventsById.set(event.id, event);
  }

  apps(): readonly EmulatorApp[] {
    return this.appList;
  }

  app(id: string): EmulatorApp | undefined {
    return this.appsById.get(id);
  }

  fn(id: string): EmulatorFunction | undefined {
    return this.functionsById.get(id);
  }

  run(id: string): RunRecord | undefined {
    return this.runsById.get(id.toUpperCase());
  }

  event(id: string): EmulatorEvent | undefined {
    return this.eventsById.get(id.toUpperCase());
  }

  /** Runs, newest first: queuedAt, then id, descending. */
  runsNewestFirst(): readonly RunRecord[] {
    this.sorted ??= [...this.runsById.values()].sort((a, b) => b.queuedAt - a.queuedAt || cmp(b.id, a.id));
    return this.sorted;
  }

  listRuns(filter: EmulatorRunFilter = {}): RunRecord[] {
    const statuses = filter.status === undefined ? undefined : new Set([filter.status].flat());
    const eventId = filter.eventId?.toUpperCase();
    return this.runsNewestFirst().filter(
      (run) =>
        (!statuses || statuses.has(run.status)) &&
        (filter.appId === undefined || run.appId === filter.appId) &&
        (filter.functionId === undefined || run.functionId === filter.functionId) &&
        (eventId === undefined || run.eventIds.includes(eventId)),
    );
  }

  insertRun(run: RunRecord): void {
    if (this.runsById.has(run.id)) throw new Error(`inngest emulator: duplicate run id ${run.id}`);
    this.runsById.set(run.id, run);
    this.sorted = undefined;
  }

  /**
   * Queues a new run of `fn` now, with its first (start) job: for an event, an invoke or a rerun. With progress on,
   * the run then moves on by itself, given the triggering `data`.
   */
  queueRun(fn: EmulatorFunction, trigger: RunTrigger, options: QueueOptions = {}): RunRecord {
    const queuedAt = this.now();
    const id = options.runId ?? randomUlid(queuedAt);
    const jobId = toHex(crypto.getRandomValues(new Uint8Array(10)));
    const run: RunRecord = {
      id,
      functionId: fn.id,
      appId: fn.appId,
      status: "QUEUED",
      queuedAt,
      ...trigger,
      eventIds: [...trigger.eventIds],
      jobs: [makeJob(jobOwner(id, fn, trigger.eventIds, this.app(fn.appId)), { position: 0, kind: "start", at: queuedAt, attempt: 0, id: jobId })],
      steps: [],
    };
    this.insertRun(run);
    this.progress?.track(run, fn, this.app(fn.appId), options.data ?? {});
    return run;
  }

  /** Stores an accepted event and queues a run of every active function it triggers. */
  storeEvent(event: EmulatorEvent): void {
    this.events.push(event);
    this.eventsById.set(event.id, event);
    for (const app of this.appList) {
      if (app.archivedAt !== undefined) continue;
      for (const fn of app.functions) {
        if (fn.event !== event.name || this.flowControl(fn) !== undefined || !this.claimIdempotency(fn, event)) continue;
        this.queueRun(fn, { eventIds: [event.id], eventName: event.name }, { data: event.data });
      }
    }
  }

  /**
   * Whether `event` may start a run of `fn`. The duplicate event is stored and listed either way, but an event `id`
   * seen within 24 hours starts no second run of the same function: the executor's idempotency key is the event
   * id prefixed by the function id (`pkg/execution/executor/executor.go`, idempotencyKey), so other functions still
   * run.
   */
  private claimIdempotency(fn: EmulatorFunction, event: EmulatorEvent): boolean {
    if (event.idempotencyKey === undefined) return true;
    const key = `${fn.internalId}\u0000${event.idempotencyKey}`;
    const first = this.idempotencyKeys.get(key);
    if (first !== undefined && event.receivedAt - first < IDEMPOTENCY_WINDOW_MS) return false;
    this.idempotencyKeys.set(key, event.receivedAt);
    return true;
  }

  /**
   * Why `fn` cannot start a run now, if it cannot: paused (the executor skips it), debounced (the emulator keeps
   * no debounce timer, so the run never comes), or over its rate limit (counted per function, over all keys).
   */
  flowControl(fn: EmulatorFunction): "skipped" | "debounced" | "rate_limited" | undefined {
    if (fn.paused) return "skipped";
    if (fn.debounce) return "debounced";
    if (fn.rateLimit) {
      const since = this.now() - parseDuration(fn.rateLimit.period);
      const recent = this.listRuns({ functionId: fn.id }).filter((run) => run.queuedAt > since).length;
      if (recent >= fn.rateLimit.limit) return "rate_limited";
    }
    return undefined;
  }

  /** Stores an event the Event API did not receive (a function invocation's): served by v1, not in `events`. */
  storeInternalEvent(event: EmulatorEvent): void {
    this.eventsById.set(event.id, event);
  }

  /**
   * An event received again under an id already stored: a batch resent under the same `x-inngest-event-id-seed`
   * (the SDK's retry after a lost answer). Like the dev server, the event log keeps each copy (`GET /v1/events`
   * lists the event twice, with one `internal_id`), but no function runs twice: the executor's idempotency key is
   * the event id (watched on the dev server; issue 22).
   */
  storeResentEvent(event: EmulatorEvent): void {
    this.resent.push(event);
  }

  /** Every received event, seeded, sent or internal, and each resent copy. */
  allEvents(): EmulatorEvent[] {
    return [...this.eventsById.values(), ...this.resent];
  }

  /**
   * The run an idempotency key already started for `fn` within 24 hours, or `undefined` after claiming the key
   * for `runId`. Invoke keys live apart from event ids: the server hashes them once more.
   */
  claimInvokeKey(fn: EmulatorFunction, key: string, runId: string): string | undefined {
    const full = `${fn.internalId}\u0000invoke\u0000${key}`;
    const first = this.invokeKeys.get(full);
    if (first !== undefined && this.now() - first.at < IDEMPOTENCY_WINDOW_MS) return first.runId;
    this.invokeKeys.set(full, { at: this.now(), runId });
    return undefined;
  }

  /** Sets a run's status (keeping its timestamps coherent) and output. */
  update(run: RunRecord, update: EmulatorRunUpdate): void {
    const now = this.now();
    if (update.status !== undefined && update.status !== run.status) {
      const from = run.status;
      run.status = update.status;
      if (update.status === "QUEUED") {
        delete run.startedAt;
        delete run.endedAt;
      } else if (update.status === "RUNNING") {
        run.startedAt ??= now;
        delete run.endedAt;
      } else {
        // A queued run that is cancelled never started.
        if (!(update.status === "CANCELLED" && from === "QUEUED")) run.startedAt ??= now;
        run.endedAt = now;
      }
    }
    if ("output" in update) run.output = update.output;
    if (update.steps !== undefined) {
      const fn = this.fn(run.functionId);
      if (fn) run.steps = buildSteps(run, fn, update.steps, now);
    }
    if (ENDED.has(run.status)) endSteps(run.steps, run.status, run.endedAt ?? now);
  }
}

/** What moves queued runs along (`Progress` in progress.ts), seen from the store: it is told of each new run. */
export interface RunTracker {
  /** A run of `fn` (of the app `app`) was just queued, triggered with `data`. */
  track(run: RunRecord, fn: EmulatorFunction, app: EmulatorApp | undefined, data: Readonly<Record<string, unknown>>): void;
  /** Moves every tracked run on to `now`. */
  advance(now: number): void;
}

/** Options of {@link Store.queueRun}. */
export interface QueueOptions {
  /** The run's id. @default a new ULID of now */
  runId?: string;
  /** The triggering data, which a progressing run's steps and output read. @default {} */
  data?: Readonly<Record<string, unknown>>;
}

/** What triggered a run. */
export interface RunTrigger {
  eventIds: readonly string[];
  eventName?: string;
  batchId?: string;
  originalRunId?: string;
  /** A cron run's schedule (a rerun of one keeps it). */
  cron?: string;
}

/** A Go duration string (`"1h30m"`, `"500ms"`) in milliseconds; 0 when it does not parse. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return 0;
  return parts.reduce((sum, [, n = "0", unit = "ms"]) => sum + Number(n) * (units[unit] ?? 0), 0);
}

/** `obj` without its `undefined` fields, so it spreads into types with exact optional properties. */
export function compact<T extends object>(obj: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
