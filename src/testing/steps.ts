/** A run's steps: built from seeds, or generated to fit the run's status, with times inside the run's. */

import { createPrng, type Prng } from "./prng.js";
import type {
  EmulatorFunction,
  EmulatorRunStatus,
  EmulatorStep,
  EmulatorStepSeed,
  EmulatorStepStatus,
} from "./types.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A step as the store keeps it: writable, so signals and status changes can move it along. */
export type StepRecord = Mutable<EmulatorStep>;

/** The times a run's steps are laid out in. */
export interface RunTimes {
  readonly id: string;
  readonly status: EmulatorRunStatus;
  readonly queuedAt: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly output?: unknown;
}

/** Statuses a step does not leave. */
export const ENDED_STEP: ReadonlySet<EmulatorStepStatus> = new Set(["COMPLETED", "FAILED", "CANCELLED", "SKIPPED"]);

const RUN_STEPS = ["fetch-order", "charge-card", "send-email", "update-crm", "write-audit-log"];

/** The steps `seeds` describe, or (without seeds) steps that fit `run`'s status, drawn from a generator per run. */
export function buildSteps(run: RunTimes, fn: EmulatorFunction, seeds: readonly EmulatorStepSeed[] | undefined, base: number): StepRecord[] {
  // Each run draws from its own generator, seeded by its id, so steps never shift the rest of the world.
  const prng = createPrng(hashString(run.id));
  const list = seeds ?? generatedSeeds(run, fn, prng);
  const start = run.startedAt ?? run.queuedAt;
  const end = run.endedAt ?? Math.max(start + list.length, base);
  const slot = Math.max(1, Math.floor((end - start) / Math.max(1, list.length)));
  return list.map((seed, i) => {
    const status: EmulatorStepStatus = seed.status ?? "COMPLETED";
    const queuedAt = start + i * slot;
    const op = seed.op ?? "RUN";
    // A sleep or a wait starts as it is queued; a step that runs code starts a moment later, unless still queued.
    const waits = op !== "RUN" && op !== "AI_GATEWAY";
    const startedAt =
      run.startedAt === undefined ? undefined : waits ? queuedAt : status === "WAITING" ? undefined : queuedAt + Math.min(5, slot);
    const ended = ENDED_STEP.has(status);
    const attempts = seed.attempts ?? (status === "FAILED" ? fn.retries + 1 : startedAt === undefined ? 0 : 1);
    const step: StepRecord = {
      id: seed.id,
      name: seed.name ?? seed.id,
      op,
      status,
      attempts,
      queuedAt,
      spanId: prng.hex(16),
    };
    if (startedAt !== undefined) step.startedAt = startedAt;
    if (ended) step.endedAt = Math.min(end, queuedAt + slot);
    if (seed.input !== undefined) step.input = seed.input;
    if (seed.output !== undefined) step.output = seed.output;
    if (seed.signal !== undefined) step.signal = seed.signal;
    return step;
  });
}

function generatedSeeds(run: RunTimes, fn: EmulatorFunction, prng: Prng): EmulatorStepSeed[] {
  if (run.status === "QUEUED") return [];
  const done = (count: number): EmulatorStepSeed[] =>
    RUN_STEPS.slice(0, count).map((id, i) => ({ id, output: { ok: true, step: i + 1 } }));
  switch (run.status) {
    case "COMPLETED":
      return done(prng.int(1, 3));
    case "FAILED":
      return [...done(prng.int(0, 2)), { id: "call-provider", status: "FAILED", attempts: fn.retries + 1, output: run.output }];
    case "CANCELLED":
      return done(prng.int(0, 2));
    case "RUNNING": {
      const steps = done(prng.int(0, 2));
      // A third of the running runs are asleep (step.sleep), a third wait for a signal named after the run
      // (step.waitForSignal: `POST /v1/signals` resumes them), a third are running a step.
      const pick = prng.int(0, 2);
      if (pick === 0) return [...steps, { id: "wait-a-day", op: "SLEEP", status: "WAITING", input: { duration: "24h" } }];
      if (pick === 1) {
        const signal = `approval/${run.id.slice(-8).toLowerCase()}`;
        return [...steps, { id: "wait-for-approval", op: "WAIT_FOR_SIGNAL", status: "WAITING", signal, input: { signal, timeout: "7d" } }];
      }
      return [...steps, { id: "sync-inventory", status: "RUNNING" }];
    }
  }
}

/**
 * Ends what is still going when the run ends: as the run ended (COMPLETED, FAILED), or CANCELLED. A sleep or a wait
 * of a cancelled run stays WAITING, with no end, as on the dev server (watched).
 */
export function endSteps(steps: StepRecord[], status: EmulatorRunStatus, now: number): void {
  for (const step of steps) {
    if (ENDED_STEP.has(step.status)) continue;
    if (status === "CANCELLED" && step.status === "WAITING") continue;
    step.status = status === "COMPLETED" ? "COMPLETED" : status === "FAILED" ? "FAILED" : "CANCELLED";
    step.endedAt = now;
  }
}

/** FNV-1a, to seed a generator from a string. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
