/**
 * Public types of the Inngest emulator (`inngest-rest/testing`).
 *
 * Times are Unix milliseconds (`number`) throughout; the emulator formats them the way each API does on the wire
 * (Go RFC 3339 on v1, protojson on v2).
 */

/** Status of a run, spelled as the v2 API spells it. v1 answers `"Scheduled"`, `"Running"`, … for the same values. */
export type EmulatorRunStatus = "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";

/** How an app is connected to Inngest (v2 `App.method`). */
export type EmulatorAppMethod = "SERVE" | "CONNECT" | "API";

/** A function the emulator knows about. */
export interface EmulatorFunction {
  /** Public id, as v2 reports it in `function.id` (the SDK slug, e.g. `"shop-send-receipt"`). */
  readonly id: string;
  /** Internal UUID, as v1 reports it in `function_id`. */
  readonly internalId: string;
  /** Display name. */
  readonly name: string;
  /** Id of the app that serves it. */
  readonly appId: string;
  /** Event name that triggers it; events received with this name queue a run. */
  readonly event?: string;
  /** Cron schedule that triggers it. */
  readonly cron?: string;
  /** Function version (v1 `function_version`). */
  readonly version: number;
  /** Paused: events start no run of it, and `invoke` answers 422 `function_skipped`. */
  readonly paused: boolean;
  /** Retries after the first attempt (Inngest's default is 4). */
  readonly retries: number;
  /** Concurrency limits; none means the account's limit. */
  readonly concurrency: readonly EmulatorConcurrency[];
  /** Rate limit: at most `limit` runs per `period`; the emulator enforces it per function (not per key). */
  readonly rateLimit?: EmulatorRateLimit;
  /** Debounce: the emulator starts no run for an event of a debounced function, and `invoke` answers 422. */
  readonly debounce?: EmulatorDebounce;
  /** The steps a run of it goes through when the emulator makes runs progress (see {@link EmulatorOptions.progress}). */
  readonly steps: readonly EmulatorFunctionStep[];
  /** What a run of it returns when it completes, with progress on: a value, or a function of the run's input. */
  readonly output?: unknown;
}

/** What a seeded function's `output` function is called with when a progressing run completes. */
export interface EmulatorFunctionInput {
  /** The triggering event's data (an invoke's `data`). */
  readonly data: Readonly<Record<string, unknown>>;
  /** Each step's output, by step id (a wait for a signal: `{ signal, data }`, or `null` when it timed out). */
  readonly steps: Readonly<Record<string, unknown>>;
}

/**
 * A step of a seeded function's code, which a progressing run goes through in order (see
 * {@link EmulatorOptions.progress}): `RUN` runs for `stepMs` and returns `output` (or throws `error`, which fails the
 * run), `SLEEP` sleeps for `duration`, `WAIT_FOR_SIGNAL` waits until `POST /v1/signals` names its signal or `timeout`
 * passes.
 */
export interface EmulatorFunctionStep {
  /** The step id, as the function's code names it (`step.run("charge-card", ...)`). */
  readonly id: string;
  /** @default "RUN" */
  readonly op?: "RUN" | "SLEEP" | "WAIT_FOR_SIGNAL";
  /** RUN: what the step returns. @default null */
  readonly output?: unknown;
  /** RUN: the message the step throws (non-retriably): the run fails with it. @default none */
  readonly error?: string;
  /** SLEEP: milliseconds or a duration such as `"1h"`, `"30s"`. @default "1h" */
  readonly duration?: number | string;
  /** WAIT_FOR_SIGNAL: the signal. @default the triggering data's `signal` field, else `"signal/<run id>"` */
  readonly signal?: string;
  /** WAIT_FOR_SIGNAL: how long to wait before it resumes with `null`. @default "1h" */
  readonly timeout?: number | string;
}

/** A concurrency limit of a function (v2 `configuration.concurrency`). */
export interface EmulatorConcurrency {
  /** Runs at once. */
  readonly limit: number;
  /** CEL key expression, e.g. `"event.data.userId"`. */
  readonly key?: string;
  /** @default "FUNCTION" */
  readonly scope?: "FUNCTION" | "ENVIRONMENT" | "ACCOUNT";
}

/** A rate limit of a function (v2 `configuration.rateLimit`). */
export interface EmulatorRateLimit {
  /** Runs per period. */
  readonly limit: number;
  /** A Go duration: `"1m"`, `"1h30m"`, `"24h"`. */
  readonly period: string;
  /** CEL key expression. */
  readonly key?: string;
}

/** A debounce of a function (v2 `configuration.debounce`). */
export interface EmulatorDebounce {
  /** A Go duration: `"5s"`, `"1m"`. */
  readonly period: string;
  /** CEL key expression. */
  readonly key?: string;
}

/** What a step does (v2 trace `stepOp`). */
export type EmulatorStepOp = "RUN" | "SLEEP" | "WAIT_FOR_EVENT" | "WAIT_FOR_SIGNAL" | "INVOKE" | "AI_GATEWAY";

/** Where a step is (v2 trace span `status`). */
export type EmulatorStepStatus = "RUNNING" | "COMPLETED" | "FAILED" | "WAITING" | "CANCELLED" | "SKIPPED";

/** One step of a run, as `GET /v2/runs/{runId}/trace` shows it. */
export interface EmulatorStep {
  /** The step id the function's code gave it, e.g. `"charge-card"`. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** What it does. */
  readonly op: EmulatorStepOp;
  /** Where it is. A step of an ended run is never RUNNING or WAITING. */
  readonly status: EmulatorStepStatus;
  /** Attempts made (retries + 1 for a step that failed for good); 0 until it starts. */
  readonly attempts: number;
  /** When it was queued. */
  readonly queuedAt: number;
  /** When its first attempt started. */
  readonly startedAt?: number;
  /** When it ended (COMPLETED, FAILED, CANCELLED). */
  readonly endedAt?: number;
  /** Its input, e.g. a sleep's duration or an invoke's data. */
  readonly input?: unknown;
  /** What it returned, or the error object of a failed step. */
  readonly output?: unknown;
  /** For `WAIT_FOR_SIGNAL`: the signal it waits for (`POST /v1/signals` resumes it). */
  readonly signal?: string;
  /** Its span id in the trace (16 hex digits). */
  readonly spanId: string;
}

/** A step to give a seeded or added run. */
export interface EmulatorStepSeed {
  /** The step id. */
  id: string;
  /** @default the id */
  name?: string;
  /** @default "RUN" */
  op?: EmulatorStepOp;
  /** @default "COMPLETED" */
  status?: EmulatorStepStatus;
  /** @default 1 once started (the function's retries + 1 when FAILED) */
  attempts?: number;
  /** @default none */
  input?: unknown;
  /** @default none */
  output?: unknown;
  /** The signal a `WAIT_FOR_SIGNAL` step waits for. */
  signal?: string;
}

/** A synced app. */
export interface EmulatorApp {
  /** Public id (the SDK app id, e.g. `"shop"`), used by v2 `appId` filters and `/v2/apps/{appId}`. */
  readonly id: string;
  /** Internal UUID. v2 `GET /v2/apps` uses it as its page cursor, as the real server does. */
  readonly internalId: string;
  /** Display name. */
  readonly name: string;
  /** How the app is connected (v2 `method`). */
  readonly method: EmulatorAppMethod;
  /** The app's own version string, when it reports one. */
  readonly appVersion?: string;
  /** When the app was first synced. */
  readonly createdAt: number;
  /** Set when the app is archived. */
  readonly archivedAt?: number;
  /** Last sync, reported as v2 `latestSync`. */
  readonly latestSync: {
    /** Outcome of the sync. Not served: the dev server's `latestSync` has no status. */
    readonly status: "pending" | "success" | "error" | "duplicate";
    /** When it synced. Not served: the dev server's `latestSync` has no time. */
    readonly syncedAt: number;
    /** SDK language, e.g. `"js"`, `"go"`. */
    readonly sdkLanguage: string;
    /** SDK version. */
    readonly sdkVersion: string;
    /** Framework the app serves from, e.g. `"nextjs"`. */
    readonly framework?: string;
    /** URL Inngest calls (SERVE apps). */
    readonly url?: string;
  };
  /** The app's functions. */
  readonly functions: readonly EmulatorFunction[];
}

/** One queue job of a run, as `GET /v1/runs/{id}/jobs` reports it (`{ JobID, at, position, kind, attempt, Raw }`). */
export interface EmulatorJob {
  /** Queue job id (v1 `JobID`). */
  readonly id: string;
  /** When the job is (or was) scheduled to run. */
  readonly at: number;
  /** Position in the run's queue, from 0. */
  readonly position: number;
  /** Queue item kind: `"start"`, `"edge"`, `"sleep"`, `"edge-error"`. */
  readonly kind: string;
  /** Attempt number, from 0. */
  readonly attempt: number;
  /** The queue item as stored (v1 `Raw`). */
  readonly raw: unknown;
}

/**
 * A function run. Objects handed out by the emulator are live views of its state: read them, do not mutate them
 * (use {@link EmulatorRuns.update}).
 */
export interface EmulatorRun {
  /** Run ULID. Its time part is `queuedAt`, as on the real server. */
  readonly id: string;
  /** Public function id (see {@link EmulatorFunction.id}). */
  readonly functionId: string;
  /** Public id of the function's app. */
  readonly appId: string;
  /** Current status. */
  readonly status: EmulatorRunStatus;
  /** When the run was queued (the time inside its id). */
  readonly queuedAt: number;
  /** When it started; absent while QUEUED. */
  readonly startedAt?: number;
  /** When it ended; absent until COMPLETED, FAILED or CANCELLED. */
  readonly endedAt?: number;
  /** Internal ids of the triggering events; empty for cron runs. */
  readonly eventIds: readonly string[];
  /** Name of the triggering event. */
  readonly eventName?: string;
  /** Batch id, for a run triggered by a batch of events. */
  readonly batchId?: string;
  /** Cron schedule, for a scheduled run. */
  readonly cron?: string;
  /** Function output (or the error object of a failed run). */
  readonly output?: unknown;
  /** Set on a rerun: the run it copies (v1 `original_run_id`). */
  readonly originalRunId?: string;
  /** The run's queue jobs, in position order. */
  readonly jobs: readonly EmulatorJob[];
  /** The run's steps, in the order they ran: what its trace shows. */
  readonly steps: readonly EmulatorStep[];
}

/** An event the Event API accepted. Each stored once, even when a retried request sends it again. */
export interface EmulatorEvent {
  /** Internal ULID: what the Event API answered in `ids`. */
  readonly id: string;
  /** Event name. */
  readonly name: string;
  /** `data`, with the reserved `_inngest` key removed as the server does. `{}` when absent. */
  readonly data: Readonly<Record<string, unknown>>;
  /** The deprecated `user` object, if sent. */
  readonly user?: Readonly<Record<string, unknown>>;
  /** The event's `ts`, or the time it was received when the sender left it out. */
  readonly ts: number;
  /** Payload schema version, if sent. */
  readonly v?: string;
  /** The user-supplied `id` (the idempotency key), if any. */
  readonly idempotencyKey?: string;
  /** When the emulator received it. */
  readonly receivedAt: number;
}

/** A function to create in an {@link EmulatorAppSeed}. */
export interface EmulatorFunctionSeed {
  /** Public function id, e.g. `"shop-send-receipt"`. */
  id: string;
  /** @default the id */
  name?: string;
  /** Event name that triggers it. */
  event?: string;
  /** Cron schedule that triggers it. */
  cron?: string;
  /** @default false */
  paused?: boolean;
  /** @default 4 */
  retries?: number;
  /** @default none (the account's limit) */
  concurrency?: readonly EmulatorConcurrency[];
  /** @default none */
  rateLimit?: EmulatorRateLimit;
  /** @default none */
  debounce?: EmulatorDebounce;
  /** The steps its runs go through with progress on (see {@link EmulatorOptions.progress}). @default none */
  steps?: readonly EmulatorFunctionStep[];
  /**
   * What its runs return when they complete, with progress on: a value, or a function of the run's input
   * (`({ data, steps }) => ({ echo: data })`).
   * @default null
   */
  output?: unknown | ((input: EmulatorFunctionInput) => unknown);
}

/** An app to create at start (and again on `reset()`). */
export interface EmulatorAppSeed {
  /** Public app id, e.g. `"shop"`. */
  id: string;
  /** @default the id */
  name?: string;
  /** @default "SERVE" */
  method?: EmulatorAppMethod;
  /** @default none */
  appVersion?: string;
  /** @default false */
  archived?: boolean;
  /** @default 30 days before the emulator's creation time */
  createdAt?: number;
  /** @default two functions triggered by `"<id>/event.1"` and `"<id>/event.2"` */
  functions?: readonly EmulatorFunctionSeed[];
  /** The SDK language its last sync reported. @default "js" */
  sdkLanguage?: string;
  /** The SDK version its last sync reported. @default "3.44.1" */
  sdkVersion?: string;
  /** The framework it serves from, e.g. `"nodejs"`, `"nextjs"`. @default none */
  framework?: string;
  /** The URL Inngest calls it on (SERVE apps). @default none */
  url?: string;
}

/** A run to create at start (and again on `reset()`). */
export interface EmulatorRunSeed {
  /** @default a ULID whose time is `queuedAt` */
  id?: string;
  /** Public id of a seeded function. */
  functionId: string;
  /** @default "COMPLETED" */
  status?: EmulatorRunStatus;
  /** @default creation time minus (index + 1) minutes for seeds; now for {@link EmulatorRuns.add} */
  queuedAt?: number;
  /** @default `queuedAt` + 50 ms, unless QUEUED */
  startedAt?: number;
  /** @default `startedAt` + 1 s for COMPLETED, FAILED and CANCELLED */
  endedAt?: number;
  /** @default the function's event trigger */
  eventName?: string;
  /** @default one generated event id (none for cron functions) */
  eventIds?: readonly string[];
  /** @default `{ ok: true, processed: n }` for COMPLETED, an error object for FAILED, none otherwise */
  output?: unknown;
  /** Number of queue jobs to generate (at least 1; v1 reports the first 10). @default 1 to 6, seeded */
  jobs?: number;
  /**
   * The run's steps. Their times are laid out between the run's start and end.
   * @default generated to fit the status: completed steps, then a failed one for FAILED, a running step or a
   * sleep for RUNNING, none for QUEUED
   */
  steps?: readonly EmulatorStepSeed[];
}

/** What the emulator starts with. */
export interface EmulatorSeed {
  /**
   * Apps: a number of generated apps, or explicit ones. Generated apps get two functions each (one event-triggered,
   * one cron or event), and the last of two or more is archived.
   * @default 3
   */
  apps?: number | readonly EmulatorAppSeed[];
  /**
   * Runs: a number of generated runs spread over the apps' functions, or explicit ones. Generated statuses are
   * 16% RUNNING, 8% FAILED, 4% QUEUED, 4% CANCELLED and the rest COMPLETED (250 → 40, 20, 10, 10, 170).
   * @default 250
   */
  runs?: number | readonly EmulatorRunSeed[];
  /**
   * Seed of the pseudo-random generator behind generated ids, times and outputs. The same seed and the same
   * `now()` give the same world.
   * @default 1
   */
  random?: number;
}

/** Which requests a fault applies to. Every given field must match. */
export interface EmulatorFaultMatch {
  /** HTTP method, case-insensitive. */
  method?: string;
  /** A string is a prefix of the URL pathname (`"/e/"`, `"/v2/runs"`); a RegExp is tested against the pathname. */
  path?: string | RegExp;
}

/** Answer with this status instead of handling the request. */
export interface EmulatorStatusFault {
  /** HTTP status, 200..599. */
  status: number;
  /**
   * Body: a string is sent as text, anything else as JSON.
   * @default the error shape of the route's API (Event API, v1 or v2) for that status
   */
  body?: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Seconds, sent as the `Retry-After` header. */
  retryAfter?: number;
  /** @default every request */
  match?: EmulatorFaultMatch;
}

/**
 * Drop the connection: the fetch rejects like undici's does,
 * `TypeError("fetch failed", { cause: Error("socket hang up") with code "ECONNRESET" })`. Over `listen()` the
 * socket is destroyed.
 */
export interface EmulatorResetFault {
  /** Marks a reset fault. */
  reset: true;
  /**
   * Handle (and store) the request first, then lose the response: the case a retry must not duplicate.
   * @default false
   */
  afterStore?: boolean;
  /** @default every request */
  match?: EmulatorFaultMatch;
}

/** Wait before answering normally. The wait is abortable through the request's signal. */
export interface EmulatorDelayFault {
  /** Milliseconds. */
  delayMs: number;
  /** @default every request */
  match?: EmulatorFaultMatch;
}

/** A fault to inject with {@link InngestEmulator.fail} or {@link InngestEmulator.failNext}. */
export type EmulatorFault = EmulatorStatusFault | EmulatorResetFault | EmulatorDelayFault;

/**
 * What chaos mode may do to a request: `"5xx"` answers 500, 502, 503 or 504; `"429"` answers 429 with
 * `Retry-After: 0`; `"reset"` drops the connection before handling; `"reset-after-store"` handles the request, then
 * drops the connection.
 */
export type EmulatorChaosKind = "5xx" | "429" | "reset" | "reset-after-store";

/** Random faults for soak tests, drawn from a seeded generator so a failing run can be replayed. */
export interface EmulatorChaosOptions {
  /** Fraction of matching requests that fail, 0..1. */
  rate: number;
  /** @default 1 */
  seed?: number;
  /** @default ["5xx", "429", "reset-after-store"] */
  kinds?: readonly EmulatorChaosKind[];
  /** @default every request */
  match?: EmulatorFaultMatch;
}

/** Options of {@link createInngestEmulator}. */
export interface EmulatorOptions {
  /** @default 3 apps and 250 runs (see {@link EmulatorSeed}) */
  seed?: EmulatorSeed;
  /**
   * The clock, in Unix milliseconds. The seeded world is laid out back from its value at creation.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Event keys the Event API accepts; any other key gets 401 `Event key not found`.
   * @default any key (dev server behaviour)
   */
  eventKeys?: readonly string[];
  /**
   * Signing key that `/v1` and `/v2` require as `Authorization: Bearer <key>`, raw or hashed.
   * @default none: no auth (dev server behaviour)
   */
  signingKey?: string;
  /**
   * More accepted signing keys, e.g. a fallback key during rotation.
   * @default []
   */
  signingKeys?: readonly string[];
  /**
   * Milliseconds every request waits before it is answered (abortable).
   * @default 0
   */
  latencyMs?: number;
  /**
   * Chaos mode from the start (kept across `reset()`); see {@link InngestEmulator.chaos}.
   * @default off
   */
  chaos?: EmulatorChaosOptions;
  /**
   * Runs that progress: a run an event, an invoke or a replay starts moves QUEUED -> RUNNING -> an end on the
   * emulator's clock (`now`), through the steps its function was seeded with (see {@link EmulatorFunctionStep}),
   * as a real server's executor would. A sleep sleeps, a wait for a signal resumes when `POST /v1/signals` names
   * it, a cancel stops the run. `true` uses the default timings; an object sets them. Seeded runs and runs added
   * with `runs.add` never move on their own.
   * @default false: runs stay as they are until the test moves them (`runs.update`)
   */
  progress?: boolean | EmulatorProgressOptions;
}

/** Timings of progressing runs (see {@link EmulatorOptions.progress}), in milliseconds of the emulator's clock. */
export interface EmulatorProgressOptions {
  /** How long a new run stays QUEUED before it starts. @default 50 */
  startMs?: number;
  /** How long each `RUN` step (and the function's final return) takes. @default 100 */
  stepMs?: number;
}

/** One request the emulator saw, for assertions. */
export interface EmulatorRequestRecord {
  /** HTTP method. */
  readonly method: string;
  /** URL pathname, with the event key redacted: `/e/***`. */
  readonly path: string;
  /** URL search string, `""` when none. */
  readonly query: string;
  /** Lower-cased header names; the `authorization` value is redacted to `"<scheme> [REDACTED]"`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Request body: parsed JSON when it parses, else text; absent when empty. */
  readonly body?: unknown;
  /** Status answered, or `null` when no response was delivered (reset or aborted). */
  readonly status: number | null;
  /** Whether a response was delivered, the connection was dropped, or the caller aborted. */
  readonly outcome: "response" | "reset" | "aborted";
  /** Set when an injected fault (or chaos) shaped the outcome. */
  readonly fault?: "status" | "reset" | "delay" | "chaos";
  /** When it arrived, by the emulator's clock. */
  readonly at: number;
}

/** Filter of {@link EmulatorRuns.list}. Every given field must match. */
export interface EmulatorRunFilter {
  /** One status or any of several. */
  status?: EmulatorRunStatus | readonly EmulatorRunStatus[];
  /** Public app id. */
  appId?: string;
  /** Public function id. */
  functionId?: string;
  /** Internal id of a triggering event. */
  eventId?: string;
}

/** Changes for {@link EmulatorRuns.update}. Ending a run sets `endedAt`; starting it sets `startedAt`. */
export interface EmulatorRunUpdate {
  /** New status. */
  status?: EmulatorRunStatus;
  /** New output (or error object). */
  output?: unknown;
  /** New steps, replacing the run's. */
  steps?: readonly EmulatorStepSeed[];
}

/** Read and shape the emulator's runs. */
export interface EmulatorRuns {
  /** The run with this id (case-insensitive), if any. */
  get(id: string): EmulatorRun | undefined;
  /** Matching runs, newest first (queuedAt, then id, descending), as `GET /v2/runs` orders them. */
  list(filter?: EmulatorRunFilter): EmulatorRun[];
  /** Add a run, e.g. the one a test is about to cancel. Throws on an unknown function id. */
  add(seed: EmulatorRunSeed): EmulatorRun;
  /** Move a run along, e.g. to COMPLETED with an output, for polling tests. Throws on an unknown id. */
  update(id: string, update: EmulatorRunUpdate): EmulatorRun;
}

/** Read the emulator's apps. */
export interface EmulatorApps {
  /** The app with this public id, if any. */
  get(id: string): EmulatorApp | undefined;
  /** Apps, oldest first; `archived` keeps only archived (`true`) or only active (`false`) apps. */
  list(filter?: { archived?: boolean }): EmulatorApp[];
}

/** A running HTTP server from {@link InngestEmulator.listen}. */
export interface EmulatorServer {
  /** Base URL, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** The port listened on. */
  readonly port: number;
  /** Stop listening and drop open connections. */
  close(): Promise<void>;
}

/** A Fetch-compatible function. */
export type EmulatorFetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** An in-process Inngest: Event API, REST v1 and v2, with faults on demand. */
export interface InngestEmulator {
  /**
   * Answers like Inngest would. Ignores the origin (`https://inn.gs`, `https://api.inngest.com` and
   * `http://localhost:8288` all work) and routes on method and pathname. Honours the request's abort signal.
   */
  readonly fetch: EmulatorFetch;
  /** Events received, in order, each stored once. */
  readonly events: readonly EmulatorEvent[];
  /** The runs: seeded, queued by events and reruns, or added by the test. */
  readonly runs: EmulatorRuns;
  /** The apps and their functions. */
  readonly apps: EmulatorApps;
  /** Every request seen, in order, including failed and aborted ones. */
  readonly requests: readonly EmulatorRequestRecord[];
  /** Apply `fault` to every matching request until {@link clearFaults} or {@link reset}. */
  fail(fault: EmulatorFault): void;
  /** Apply `fault` to the next `count` matching requests. Queued faults go first, in the order given. */
  failNext(count: number, fault: EmulatorFault): void;
  /** Fail a seeded random fraction of requests (after queued and permanent faults); `false` turns it off. */
  chaos(options: EmulatorChaosOptions | false): void;
  /** Remove every injected fault and chaos mode. */
  clearFaults(): void;
  /** Clear events, requests and faults, and restore the seeded world (chaos from the options restarts). */
  reset(): void;
  /** Node only: serve the same handler over HTTP on 127.0.0.1. Port 0 (the default) picks a free port. */
  listen(port?: number): Promise<EmulatorServer>;
}
