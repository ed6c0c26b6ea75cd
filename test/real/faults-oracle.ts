// The judge of the fault tests: what the real dev server holds after a send, read through its REST
// API (not through the fault proxy). Each event carries a marker (`data.k`); for each marker the test
// says what the SDK reported, and this checks it against the server's event log and its runs.
import type { InngestClient } from "inngest-rest";
import type { Seen } from "./fault-proxy.js";

/** The two functions of test/real/app.mjs that `real/faults/event` triggers. */
export const FAULT_FUNCTIONS = ["faults-a", "faults-b"] as const;
export const FAULT_EVENT = "real/faults/event";
/**
 * An event no function listens to. A multi-chunk send uses it for most of its events: a burst of
 * 1,200 runs makes the dev server's SQLite answer "database table is locked", and it then loses run
 * records (seen here: 16 of 600 events listed no run), which would judge the server, not the SDK.
 */
export const QUIET_EVENT = "real/faults/quiet";

/**
 * What the SDK said of one event, and what the proxy saw of it:
 * - `accepted`: the SDK returned `id` for it (from `send`, or from a resend of its failed events).
 * - `never-sent`: handed back unaccepted, and no request carrying it ever reached the server.
 * - `uncertain`: handed back unaccepted, but a request carrying it reached the server (its answer
 *   was lost, reset or too late): the server may hold it, and no client can know.
 */
export type Verdict = (
  | { readonly marker: string; readonly kind: "accepted"; readonly id: string }
  | { readonly marker: string; readonly kind: "never-sent" }
  | { readonly marker: string; readonly kind: "uncertain" }
) & { /** A `QUIET_EVENT`: it starts no run, so only its ids are checked. */ readonly quiet?: boolean };

/** True when a request the proxy forwarded to the server carried the event with this marker. */
export const reachedServer = (seen: readonly Seen[], marker: string): boolean =>
  seen.some((s) => s.forwarded && s.body.includes(`"k":"${marker}"`));

/** The verdict of one event given what the SDK returned for it (`id`, or `null`). */
export function verdictOf(marker: string, id: string | null | undefined, seen: readonly Seen[], quiet = false): Verdict {
  if (id) return { marker, kind: "accepted", id, quiet };
  return { marker, kind: reachedServer(seen, marker) ? "uncertain" : "never-sent", quiet };
}

/** Internal ids the server's event log lists for each marker (a resent event may be listed twice). */
export async function eventLog(direct: InngestClient, name: string, from: Date, log = new Map<string, string[]>()): Promise<Map<string, string[]>> {
  for await (const event of direct.events.list({ name, from, limit: 51 })) {
    const marker = String((event.data as { k?: unknown }).k);
    log.set(marker, [...(log.get(marker) ?? []), event.internalId]);
  }
  return log;
}

/** Runs the event started, counted per function. */
export async function runsOf(direct: InngestClient, eventId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const run of direct.events.runs(eventId, { limit: 40 })) {
    const fn = run.functionId ?? "?";
    counts.set(fn, (counts.get(fn) ?? 0) + 1);
  }
  return counts;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


/**
 * What the server holds for one event: the ids its log lists, runs per function of each (REST v2,
 * read from the trace store), and all its runs as v1 counts them (the run store): a second witness,
 * since under load the dev server's SQLite answers "database table is locked" and drops a span or a
 * run record now and then (seen in .real-logs/dev-server.log), which is the server losing a record,
 * not the event starting no run.
 */
interface Held {
  readonly ids: readonly string[];
  readonly runs: ReadonlyMap<string, number>;
  readonly v1Runs: number;
}

/** `GET /v1/events/{id}/runs` (the dev server answers `{}` when there are none). */
async function v1RunCount(url: string, id: string): Promise<number> {
  const body = (await (await fetch(`${url}/v1/events/${id}/runs`)).json()) as { data?: unknown[] | null };
  return body.data?.length ?? 0;
}

/**
 * Waits until every accepted event shows a run of each function in either store (or `ms` passes),
 * then a little more for late duplicates.
 */
async function settled(direct: InngestClient, url: string, accepted: readonly string[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let waiting = [...accepted];
  const ran = async (id: string) => {
    const counts = await runsOf(direct, id);
    return FAULT_FUNCTIONS.every((fn) => (counts.get(fn) ?? 0) > 0) || (await v1RunCount(url, id)) >= FAULT_FUNCTIONS.length;
  };
  while (waiting.length > 0 && Date.now() < deadline) {
    const done = await Promise.all(waiting.map(ran));
    waiting = waiting.filter((_, i) => !done[i]);
    if (waiting.length > 0) await sleep(300);
  }
  await sleep(1500);
}

async function heldFor(direct: InngestClient, url: string, ids: readonly string[], quiet: boolean): Promise<Held> {
  const runs = new Map<string, number>();
  let v1Runs = 0;
  if (quiet) return { ids, runs, v1Runs };
  for (const id of new Set(ids)) {
    for (const [fn, n] of await runsOf(direct, id)) runs.set(fn, (runs.get(fn) ?? 0) + n);
    v1Runs += await v1RunCount(url, id);
  }
  return { ids, runs, v1Runs };
}

/** True when an accepted event's runs are missing from both stores without any duplicate: a lost record. */
const lostRecord = (v: Verdict, held: Held, runs: readonly number[]): boolean =>
  v.kind === "accepted" && !v.quiet && runs.every((n) => n <= 1) && runs.some((n) => n === 0) && held.v1Runs < FAULT_FUNCTIONS.length;

/** The broken promises for one event, in words (none when it holds). */
function judge(v: Verdict, held: Held): string[] {
  const runs = FAULT_FUNCTIONS.map((fn) => held.runs.get(fn) ?? 0);
  if (held.v1Runs > FAULT_FUNCTIONS.length) return [`${v.marker} (${v.kind}): started ${held.v1Runs} runs (v1), more than one per function`];
  const where = `${v.marker} (${v.kind})`;
  const problems: string[] = [];
  if (v.kind === "accepted") {
    if (held.ids.length === 0) problems.push(`${where}: the server's log does not list it`);
    if (held.ids.some((id) => id !== v.id)) problems.push(`${where}: the SDK said ${v.id}, the server holds ${held.ids.join(", ")}`);
    const complete = runs.every((n) => n === 1) || (runs.every((n) => n <= 1) && held.v1Runs === FAULT_FUNCTIONS.length);
    if (!v.quiet && !complete && !lostRecord(v, held, runs)) problems.push(`${where}: started ${runs.join("/")} runs of ${FAULT_FUNCTIONS.join("/")}, not 1/1`);
  } else if (v.kind === "never-sent") {
    if (held.ids.length > 0 || runs.some((n) => n > 0)) problems.push(`${where}: never reached the server, yet it holds ${held.ids.length} events and ${runs.join("/")} runs`);
  } else {
    if (new Set(held.ids).size > 1) problems.push(`${where}: stored under ${new Set(held.ids).size} different ids`);
    if (runs.some((n) => n > 1)) problems.push(`${where}: started ${runs.join("/")} runs`);
  }
  return problems;
}

/** What a check found: each broken promise, and how many uncertain events the server did hold. */
export interface Judged {
  readonly problems: string[];
  /** Accepted events whose runs neither store lists (the server lost the records; see `Held`). */
  readonly lost: string[];
  readonly uncertainHeld: number;
  /** Accepted events the server's log lists more than once (with the same id). */
  readonly listedTwice: number;
}

/** Checks every verdict against the server once its runs have settled. */
export async function judgeAll(direct: InngestClient, url: string, verdicts: readonly Verdict[], from: Date, settleMs = 30_000): Promise<Judged> {
  const accepted = verdicts.flatMap((v) => (v.kind === "accepted" && !v.quiet ? [v.id] : []));
  await settled(direct, url, accepted, settleMs);
  const log = await eventLog(direct, QUIET_EVENT, from, await eventLog(direct, FAULT_EVENT, from));
  const problems: string[] = [];
  const lost: string[] = [];
  let uncertainHeld = 0;
  let listedTwice = 0;
  problems.push(...sharedIds(log));
  for (const v of verdicts) {
    const held = await heldFor(direct, url, log.get(v.marker) ?? [], v.quiet ?? false);
    problems.push(...judge(v, held));
    if (lostRecord(v, held, FAULT_FUNCTIONS.map((fn) => held.runs.get(fn) ?? 0))) lost.push(v.marker);
    if (v.kind === "uncertain" && held.ids.length > 0) uncertainHeld++;
    if (v.kind === "accepted" && held.ids.length > 1) listedTwice++;
  }
  return { problems, lost, uncertainHeld, listedTwice };
}

/**
 * Two different events under one id: what a seed reused for other bytes does (the server derives
 * ids from the seed alone), and the later event then starts no run at all.
 */
function sharedIds(log: ReadonlyMap<string, readonly string[]>): string[] {
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const [marker, ids] of log) {
    for (const id of new Set(ids)) {
      const other = owner.get(id);
      if (other !== undefined && other !== marker) problems.push(`${marker} and ${other} were stored under one id, ${id}`);
      owner.set(id, marker);
    }
  }
  return problems;
}
