/** The seeded world: apps, functions and runs laid out back from a base time, from a seeded generator. */

import { encodeUlid, isUlid, ulidTime, uuidFromBytes } from "./ids.js";
import { createPrng, type Prng } from "./prng.js";
import { buildSteps, hashString } from "./steps.js";
import { jobOwner, makeJob } from "./jobs.js";
import { compact, ENDED, type RunRecord, type World } from "./store.js";
import type {
  EmulatorApp,
  EmulatorAppSeed,
  EmulatorEvent,
  EmulatorFunction,
  EmulatorJob,
  EmulatorRunSeed,
  EmulatorRunStatus,
  EmulatorSeed,
} from "./types.js";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface AppTemplate extends EmulatorAppSeed {
  sdkLanguage: string;
  sdkVersion: string;
  framework?: string;
  url?: string;
}

// The default world: a web shop, a billing worker on connect, and an archived legacy app.
const TEMPLATES: readonly AppTemplate[] = [
  {
    id: "shop",
    name: "Shop",
    method: "SERVE",
    appVersion: "2025.11.3",
    sdkLanguage: "js",
    sdkVersion: "3.44.1",
    framework: "nextjs",
    url: "https://shop.example.com/api/inngest",
    functions: [
      {
        id: "shop-send-receipt",
        name: "Send receipt",
        event: "shop/order.placed",
        steps: [{ id: "load-order", output: { items: 3 } }, { id: "send-email", output: { sent: true } }],
        output: { receipt: "sent" },
      },
      { id: "shop-nightly-report", name: "Nightly report", cron: "0 3 * * *" },
    ],
  },
  {
    id: "billing",
    name: "Billing",
    method: "CONNECT",
    sdkLanguage: "go",
    sdkVersion: "0.13.0",
    functions: [
      {
        id: "billing-charge-card",
        name: "Charge card",
        event: "billing/invoice.created",
        retries: 3,
        concurrency: [{ limit: 10, key: "event.data.customerId" }],
        steps: [{ id: "charge-card", output: { charged: true } }, { id: "wait-for-receipt", op: "SLEEP", duration: "2s" }],
        output: { status: "paid" },
      },
      {
        id: "billing-sync-customer",
        name: "Sync customer",
        event: "billing/customer.updated",
        steps: [{ id: "wait-for-approval", op: "WAIT_FOR_SIGNAL", timeout: "1h" }, { id: "sync", output: { synced: true } }],
      },
    ],
  },
  {
    id: "legacy-mailer",
    name: "Legacy mailer",
    method: "SERVE",
    sdkLanguage: "js",
    sdkVersion: "2.7.2",
    framework: "express",
    url: "https://mailer.example.com/api/inngest",
    functions: [
      { id: "legacy-mailer-send-digest", name: "Send digest", event: "mailer/digest.requested" },
      { id: "legacy-mailer-cleanup", name: "Cleanup", cron: "*/30 * * * *" },
    ],
  },
];

const FAILURES = ["Card declined", "Upstream timed out after 30000ms", "Provider answered 503", "Invalid address"];

/** Builds the world `seed` describes, with times before `base`. */
export function buildWorld(seed: EmulatorSeed = {}, base: number): World {
  const prng = createPrng(seed.random ?? 1);
  const environmentId = uuidFromBytes(prng.bytes(16));
  const appSeeds = typeof seed.apps === "object" ? seed.apps : generatedApps(seed.apps ?? 3);
  const apps = appSeeds.map((app, i) => buildApp(app, i, base, prng));
  const functions = new Map(apps.flatMap((app) => app.functions.map((fn) => [fn.id, { fn, app }] as const)));

  const runSeeds = typeof seed.runs === "object" ? seed.runs : generatedRuns(seed.runs ?? 250, apps, base, prng);
  const runs = runSeeds.map((run, i) => buildRun(run, (id) => functions.get(id), base - (i + 1) * MINUTE, base, prng));
  return { environmentId, apps, runs, events: receivedEvents(runs) };
}

/**
 * The events that triggered the seeded runs, received at the time inside their ids: `GET /v1/events` and
 * `/v1/events/{id}` serve them, and `/v1/events/{id}/runs` links back. They are not in `emulator.events`, which
 * lists what the test itself sent.
 */
function receivedEvents(runs: readonly RunRecord[]): EmulatorEvent[] {
  const seen = new Map<string, EmulatorEvent>();
  for (const run of runs) {
    for (const id of run.eventIds) {
      if (seen.has(id) || !isUlid(id)) continue;
      const at = ulidTime(id);
      seen.set(id, run.cron === undefined ? { id, name: run.eventName ?? "app/event", data: {}, ts: at, receivedAt: at } : timerEvent(id, run.cron, at));
    }
  }
  return [...seen.values()];
}

/**
 * A cron run's `inngest/scheduled.timer` event, as the dev server stores it (watched): its `id` is the fire time to
 * the second, and its data the schedule and the times.
 */
function timerEvent(id: string, cron: string, at: number): EmulatorEvent {
  const fireAt = new Date(at).toISOString().replace(/\.\d+Z$/, "Z");
  return { id, name: TIMER_EVENT, data: { cron, fireAt, scheduledAt: fireAt }, ts: at, receivedAt: at, idempotencyKey: fireAt };
}

function generatedApps(count: number): AppTemplate[] {
  return Array.from({ length: count }, (_, i): AppTemplate => {
    const template = TEMPLATES[i] ?? {
      id: `app-${i + 1}`,
      sdkLanguage: "js",
      sdkVersion: "3.44.1",
      functions: [
        { id: `app-${i + 1}-handle-created`, event: `app-${i + 1}/item.created` },
        { id: `app-${i + 1}-handle-updated`, event: `app-${i + 1}/item.updated` },
      ],
    };
    return { ...template, archived: count > 1 && i === count - 1 };
  });
}

function buildApp(seed: EmulatorAppSeed | AppTemplate, index: number, base: number, prng: Prng): EmulatorApp {
  const internalId = uuidFromBytes(prng.bytes(16));
  const createdAt = seed.createdAt ?? base - 30 * DAY + index * DAY;
  const template: Partial<AppTemplate> = seed;
  const fnSeeds = seed.functions ?? [
    { id: `${seed.id}-fn-1`, event: `${seed.id}/event.1` },
    { id: `${seed.id}-fn-2`, event: `${seed.id}/event.2` },
  ];
  const functions = fnSeeds.map(
    (fn): EmulatorFunction => ({
      id: fn.id,
      internalId: uuidFromBytes(prng.bytes(16)),
      name: fn.name ?? fn.id,
      appId: seed.id,
      version: prng.int(1, 12),
      paused: fn.paused ?? false,
      retries: fn.retries ?? 4,
      concurrency: fn.concurrency ?? [],
      steps: fn.steps ?? [],
      ...compact({ event: fn.event, cron: fn.cron, rateLimit: fn.rateLimit, debounce: fn.debounce, output: fn.output }),
    }),
  );
  const syncedAt = seed.archived ? createdAt + DAY : base - prng.int(10, 48 * 60) * MINUTE;
  return {
    id: seed.id,
    internalId,
    name: seed.name ?? seed.id,
    method: seed.method ?? "SERVE",
    createdAt,
    ...compact({ appVersion: seed.appVersion, archivedAt: seed.archived ? base - 2 * DAY : undefined }),
    latestSync: {
      status: "success",
      syncedAt,
      sdkLanguage: template.sdkLanguage ?? "js",
      sdkVersion: template.sdkVersion ?? "3.44.1",
      ...compact({ framework: template.framework, url: template.url }),
    },
    functions,
  };
}

/** `count` runs: 16% running, 8% failed, 4% queued, 4% cancelled, the rest completed, in seeded order. */
function generatedRuns(count: number, apps: readonly EmulatorApp[], base: number, prng: Prng): EmulatorRunSeed[] {
  const share = (fraction: number): number => Math.round(count * fraction);
  const statuses: EmulatorRunStatus[] = [
    ...Array<EmulatorRunStatus>(share(0.16)).fill("RUNNING"),
    ...Array<EmulatorRunStatus>(share(0.08)).fill("FAILED"),
    ...Array<EmulatorRunStatus>(share(0.04)).fill("QUEUED"),
    ...Array<EmulatorRunStatus>(share(0.04)).fill("CANCELLED"),
  ].slice(0, count);
  while (statuses.length < count) statuses.push("COMPLETED");
  for (let i = statuses.length - 1; i > 0; i--) {
    const j = prng.int(0, i);
    [statuses[i], statuses[j]] = [statuses[j] ?? "COMPLETED", statuses[i] ?? "COMPLETED"];
  }

  const all = apps.flatMap((app) => app.functions);
  const active = apps.filter((app) => app.archivedAt === undefined).flatMap((app) => app.functions);
  if (all.length === 0) return [];
  return statuses.map((status): EmulatorRunSeed => {
    // Only active apps have work in flight; ended runs span the last week.
    const live = status === "RUNNING" || status === "QUEUED";
    const fn = prng.pick(live && active.length > 0 ? active : all);
    const queuedAt = base - (live ? prng.int(1_000, 30 * MINUTE) : prng.int(MINUTE, 7 * DAY));
    const startedAt = status === "QUEUED" ? undefined : queuedAt + prng.int(5, 2_000);
    // Most runs take seconds; one in ten takes minutes.
    const took = prng.int(100, prng.next() < 0.9 ? 20_000 : 10 * MINUTE);
    const endedAt = startedAt !== undefined && ENDED.has(status) ? startedAt + took : undefined;
    return { functionId: fn.id, status, queuedAt, ...compact({ startedAt, endedAt }) };
  });
}

/** A run from its seed; `queuedAt` defaults to `defaultQueuedAt`, and jobs reach up to `base` for live runs. */
export function buildRun(
  seed: EmulatorRunSeed,
  lookup: (functionId: string) => { fn: EmulatorFunction; app: EmulatorApp | undefined } | undefined,
  defaultQueuedAt: number,
  base: number,
  prng: Prng,
): RunRecord {
  const found = lookup(seed.functionId);
  if (!found) throw new Error(`inngest emulator: a run seed names unknown function "${seed.functionId}"`);
  const { fn, app } = found;
  const status = seed.status ?? "COMPLETED";
  const queuedAt = seed.queuedAt ?? defaultQueuedAt;
  const startedAt = seed.startedAt ?? (status === "QUEUED" ? undefined : queuedAt + 50);
  const endedAt = seed.endedAt ?? (ENDED.has(status) && startedAt !== undefined ? startedAt + 1_000 : undefined);
  const id = seed.id?.toUpperCase() ?? encodeUlid(queuedAt, prng.bytes(10));
  if (!isUlid(id)) throw new Error(`inngest emulator: a run seed has an id that is not a ULID: "${seed.id}"`);
  const eventIds =
    seed.eventIds ??
    (fn.event !== undefined ? [encodeUlid(queuedAt - prng.int(1, 40), prng.bytes(10))] : fn.cron !== undefined ? [timerEventId(id, queuedAt)] : []);
  const output = "output" in seed ? seed.output : defaultOutput(status, prng);
  const run: RunRecord = {
    id,
    functionId: fn.id,
    appId: fn.appId,
    status,
    queuedAt,
    eventIds: [...eventIds],
    ...compact({ startedAt, endedAt, eventName: seed.eventName ?? fn.event ?? (fn.cron && TIMER_EVENT), cron: fn.cron, output }),
    jobs: [],
    steps: [],
  };
  run.jobs = buildJobs(run, fn, app, seed.jobs ?? (status === "QUEUED" ? 1 : prng.int(1, 6)), base, prng);
  run.steps = buildSteps(run, fn, seed.steps, base);
  return run;
}

// A cron run is triggered by an `inngest/scheduled.timer` event the server stores (issue 17's audit): its id is
// the run's trigger, on v1 and v2 alike.
const TIMER_EVENT = "inngest/scheduled.timer";

/** The timer event's id of a cron run: just before the run, drawn from the run id so the world does not shift. */
function timerEventId(runId: string, queuedAt: number): string {
  return encodeUlid(queuedAt - 1, createPrng(hashString(runId)).bytes(10));
}

function defaultOutput(status: EmulatorRunStatus, prng: Prng): unknown {
  if (status === "COMPLETED") return { ok: true, processed: prng.int(1, 50) };
  if (status !== "FAILED") return undefined;
  const message = prng.pick(FAILURES);
  return { name: "Error", message, stack: `Error: ${message}\n    at handler (src/inngest/functions.ts:42:11)` };
}

function buildJobs(run: RunRecord, fn: EmulatorFunction, app: EmulatorApp | undefined, count: number, base: number, prng: Prng): EmulatorJob[] {
  const total = Math.max(1, Math.floor(count));
  const start = run.startedAt ?? run.queuedAt;
  const step = Math.max(1, Math.floor(((run.endedAt ?? base) - start) / total));
  const owner = jobOwner(run.id, fn, run.eventIds, app);
  return Array.from({ length: total }, (_, position) => {
    const failed = position === total - 1 && run.status === "FAILED";
    const kind = position === 0 ? "start" : failed ? "edge-error" : prng.pick(["edge", "edge", "sleep"]);
    return makeJob(owner, { position, kind, at: start + position * step, attempt: failed ? 3 : 0, id: prng.hex(20) });
  });
}
