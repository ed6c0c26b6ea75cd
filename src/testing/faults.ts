/** Fault injection: queued (`failNext`), permanent (`fail`) and seeded random (`chaos`) faults. */

import { createPrng, type Prng } from "./prng.js";
import type { EmulatorChaosKind, EmulatorChaosOptions, EmulatorFault, EmulatorFaultMatch } from "./types.js";

/** The fault picked for one request, and how the request record names it. */
export interface PickedFault {
  readonly fault: EmulatorFault;
  readonly label: "status" | "reset" | "delay" | "chaos";
}

const KINDS: readonly EmulatorChaosKind[] = ["5xx", "429", "reset", "reset-after-store"];
const DEFAULT_KINDS: readonly EmulatorChaosKind[] = ["5xx", "429", "reset-after-store"];

export class Faults {
  private queued: { fault: EmulatorFault; remaining: number }[] = [];
  private permanent: EmulatorFault[] = [];
  private chaosMode: { options: EmulatorChaosOptions; prng: Prng } | undefined;

  fail(fault: EmulatorFault): void {
    this.permanent.push(check(fault));
  }

  failNext(count: number, fault: EmulatorFault): void {
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`failNext: count must be a positive integer, got ${count}`);
    }
    this.queued.push({ fault: check(fault), remaining: count });
  }

  chaos(options: EmulatorChaosOptions | false): void {
    if (options === false) {
      this.chaosMode = undefined;
      return;
    }
    if (!(options.rate >= 0 && options.rate <= 1)) {
      throw new RangeError(`chaos: rate must be within 0..1, got ${options.rate}`);
    }
    if (options.kinds?.length === 0) throw new RangeError("chaos: kinds must not be empty");
    const unknown = options.kinds?.find((kind) => !KINDS.includes(kind));
    if (unknown !== undefined) throw new RangeError(`chaos: unknown kind "${String(unknown)}"`);
    this.chaosMode = { options, prng: createPrng(options.seed ?? 1) };
  }

  clear(): void {
    this.queued = [];
    this.permanent = [];
    this.chaosMode = undefined;
  }

  /** The fault for this request, if any: queued first (consuming one use), then permanent, then chaos. */
  pick(method: string, path: string): PickedFault | undefined {
    const queued = this.queued.find((q) => matches(q.fault.match, method, path));
    if (queued) {
      queued.remaining -= 1;
      if (queued.remaining === 0) this.queued.splice(this.queued.indexOf(queued), 1);
      return { fault: queued.fault, label: label(queued.fault) };
    }
    const permanent = this.permanent.find((f) => matches(f.match, method, path));
    if (permanent) return { fault: permanent, label: label(permanent) };
    const mode = this.chaosMode;
    if (!mode || !matches(mode.options.match, method, path)) return undefined;
    // Two draws per matching request, whether or not it fails, so a seed replays the same sequence.
    const roll = mode.prng.next();
    const kind = mode.prng.pick(mode.options.kinds ?? DEFAULT_KINDS);
    if (roll >= mode.options.rate) return undefined;
    return { fault: chaosFault(kind, mode.prng), label: "chaos" };
  }
}

function chaosFault(kind: EmulatorChaosKind, prng: Prng): EmulatorFault {
  switch (kind) {
    case "5xx":
      return { status: prng.pick([500, 502, 503, 504]) };
    case "429":
      return { status: 429, retryAfter: 0 };
    case "reset":
      return { reset: true };
    case "reset-after-store":
      return { reset: true, afterStore: true };
  }
}

function label(fault: EmulatorFault): PickedFault["label"] {
  return "status" in fault ? "status" : "reset" in fault ? "reset" : "delay";
}

function matches(match: EmulatorFaultMatch | undefined, method: string, path: string): boolean {
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path === undefined) return true;
  // `search` ignores a global RegExp's lastIndex, so a `/g` pattern matches every time.
  return typeof match.path === "string" ? path.startsWith(match.path) : path.search(match.path) !== -1;
}

function check(fault: EmulatorFault): EmulatorFault {
  if ("status" in fault && !(Number.isInteger(fault.status) && fault.status >= 200 && fault.status <= 599)) {
    throw new RangeError(`fault status must be an integer within 200..599, got ${fault.status}`);
  }
  if ("delayMs" in fault && !(fault.delayMs >= 0)) {
    throw new RangeError(`fault delayMs must be >= 0, got ${fault.delayMs}`);
  }
  return fault;
}
