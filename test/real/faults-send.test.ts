// events.send through a fault-injecting proxy in front of Inngest's real dev server: random fault
// sequences over batches, streams and a multi-chunk send, each followed (or not) by the resend a user
// makes of what came back, then judged on the server: every event the SDK reports accepted is in the
// server's log under the id the SDK returned and started each of its two functions exactly once;
// every event handed back that never reached the server started nothing; an event whose request
// reached the server but whose answer was lost started each function at most once.
// FAULTS_SEED=<n> replays a run; FAULTS_RUNS=<n> runs more cases.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createInngestClient, isPartialSendError, type InngestClient, type SendOptions } from "inngest-rest";
import { eventPosts, startFaultProxy, type Fault, type FaultProxy, type Seen } from "./fault-proxy.js";
import { marker } from "./support.js";
import { FAULT_EVENT, judgeAll, QUIET_EVENT, verdictOf, type Verdict } from "./faults-oracle.js";

const url = inject("realUrl");

/** Per attempt; a `delay` fault holds the answer longer than this. */
const TIMEOUT_MS = 1000;

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Fault>({ kind: "pass" }) },
  { weight: 4, arbitrary: fc.constant<Fault>({ kind: "lose-answer" }) },
  { weight: 2, arbitrary: fc.constant<Fault>({ kind: "reset-before" }) },
  { weight: 3, arbitrary: fc.constant<Fault>({ kind: "reset-after" }) },
  { weight: 1, arbitrary: fc.constant<Fault>({ kind: "delay", ms: TIMEOUT_MS + 600 }) },
  { weight: 2, arbitrary: fc.constantFrom(500, 502, 503).map((status): Fault => ({ kind: "status", status })) },
  { weight: 1, arbitrary: fc.constant<Fault>({ kind: "status", status: 429, retryAfter: "1" }) },
);

interface Case {
  shape: "array" | "stream";
  count: number;
  batchSize: number;
  concurrency: number;
  /** Retries per POST: 0 lets one fault fail a chunk for good. */
  maxRetries: number;
  /** The whole send's `totalTimeout`, if any: chunks whose turn comes later are not sent. */
  totalTimeout: number | null;
  /** Aborts the send (the caller's `AbortSignal`) after this many ms, if set: mid-request or between chunks. */
  abortAfter: number | null;
  faults: Fault[];
  /** Whether the user resends what came back, and the faults that resend meets. */
  resend: boolean;
  resendFaults: Fault[];
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  shape: fc.constantFrom("array" as const, "stream" as const),
  count: fc.integer({ min: 1, max: 7 }),
  batchSize: fc.integer({ min: 1, max: 3 }),
  concurrency: fc.integer({ min: 1, max: 3 }),
  maxRetries: fc.integer({ min: 0, max: 2 }),
  totalTimeout: fc.option(fc.constantFrom(800, 2500), { freq: 4 }),
  abortAfter: fc.option(fc.integer({ min: 20, max: 1500 }), { freq: 4 }),
  faults: fc.array(faultArb, { maxLength: 8 }),
  resend: fc.boolean(),
  resendFaults: fc.array(faultArb, { maxLength: 2 }),
});

type Sendable = Parameters<InngestClient["events"]["send"]>[0];

async function* streamOf(events: readonly unknown[]) {
  for (const event of events) yield event;
}

/**
 * What one send left: an id per event, and what a user sends next: the SDK's own `failedEvents`
 * array as it is (so its resend plan is followed), and, after a stream, the events it never read.
 */
interface Sent {
  ids: (string | null)[];
  toResend: unknown[][];
}

async function sendOnce(client: InngestClient, input: unknown[], shape: Case["shape"], options: SendOptions): Promise<Sent> {
  try {
    const { ids } = await client.events.send((shape === "array" ? input : streamOf(input)) as Sendable, options);
    return { ids, toResend: [] };
  } catch (err) {
    if (isPartialSendError(err)) {
      const ids = input.map((_, i) => err.ids[i] ?? null);
      const unread = input.slice(err.ids.length);
      return { ids, toResend: unread.length > 0 ? [err.failedEvents as unknown[], unread] : [err.failedEvents as unknown[]] };
    }
    // Nothing accepted: the error itself. An array is retried as it is (the SDK kept its plan on it);
    // a stream's events never went out (else a PartialSendError would carry them).
    return { ids: input.map(() => null), toResend: [shape === "array" ? input : [...input]] };
  }
}

/** Plays one case and says what the SDK reported of each event. */
async function play(client: InngestClient, proxy: FaultProxy, c: Case, tag: string, quietEvery = 0): Promise<Verdict[]> {
  const markers = Array.from({ length: c.count }, (_, i) => `${tag}-${i}`);
  const quiet = (i: number) => quietEvery > 0 && i % quietEvery !== 0;
  const events = markers.map((k, i) => ({ name: quiet(i) ? QUIET_EVENT : FAULT_EVENT, data: { k } }));
  proxy.script(c.faults, eventPosts);
  const options: SendOptions = { batchSize: c.batchSize, concurrency: c.concurrency, maxRetries: c.maxRetries };
  if (c.totalTimeout !== null) options.totalTimeout = c.totalTimeout;
  if (c.abortAfter !== null) options.signal = AbortSignal.timeout(c.abortAfter);
  const first = await sendOnce(client, events, c.shape, options);
  const ids = [...first.ids];
  if (c.resend) proxy.script(c.resendFaults, eventPosts);
  for (const list of c.resend ? first.toResend : []) {
    const again = await sendOnce(client, list, "array", {});
    list.forEach((event, i) => {
      const at = events.indexOf(event as (typeof events)[number]);
      expect(at, "failedEvents are the caller's own event objects").toBeGreaterThanOrEqual(0);
      expect(ids[at], `${markers[at]} was accepted twice`).toBeNull();
      ids[at] = again.ids[i] ?? null;
    });
  }
  await proxy.idle(); // a request the SDK gave up on may still reach the server
  const seen: Seen[] = [...proxy.seen];
  proxy.reset();
  return markers.map((k, i) => verdictOf(k, ids[i], seen, quiet(i)));
}

describe.skipIf(!url)("real dev server: events.send under injected faults", () => {
  let proxy: FaultProxy;
  let client: InngestClient;
  let direct: InngestClient;

  beforeAll(async () => {
    proxy = await startFaultProxy(url);
    client = createInngestClient({ isDev: true, baseUrl: proxy.url, timeout: TIMEOUT_MS, maxRetries: 3, retryBaseDelay: 20, retryMaxDelay: 100, maxRetryAfter: 2000 });
    direct = createInngestClient({ isDev: true, baseUrl: url });
  });
  afterAll(() => proxy?.close());

  it("random fault sequences over batches and streams: each accepted event started each function once, unsent ones none", async () => {
    const run = marker("f");
    const from = new Date(Date.now() - 2000);
    const seed = Number(process.env["FAULTS_SEED"] ?? Date.now() % 2 ** 31);
    const numRuns = Number(process.env["FAULTS_RUNS"] ?? 14);
    const played: { c: Case; verdicts: Verdict[] }[] = [];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        played.push({ c, verdicts: await play(client, proxy, c, `${run}-${n++}`) });
      }),
      { seed, numRuns, endOnFailure: true },
    );
    const verdicts = played.flatMap((p) => p.verdicts);
    const judged = await judgeAll(direct, url, verdicts, from);
    const failing = played.filter((p) => p.verdicts.some((v) => judged.problems.some((m) => m.startsWith(`${v.marker} `))));
    const replay = `FAULTS_SEED=${seed} FAULTS_RUNS=${numRuns}`;
    expect(judged.problems, `${replay}; cases: ${JSON.stringify(failing.map((p) => p.c))}`).toEqual([]);
    const kinds = verdicts.map((v) => v.kind);
    // A run record the server lost (neither store lists it, and no duplicate anywhere) is its own doing.
    expect(judged.lost.length, `${replay}: runs not recorded for ${judged.lost.join(", ")}`).toBeLessThanOrEqual(2 + verdicts.length / 20);
    console.log(
      `faults-send (${replay}): ${verdicts.length} events, ${kinds.filter((k) => k === "accepted").length} accepted, ` +
        `${kinds.filter((k) => k === "uncertain").length} uncertain (${judged.uncertainHeld} held by the server), ` +
        `${kinds.filter((k) => k === "never-sent").length} never sent; ${judged.listedTwice} accepted events listed twice in the server's log; ` +
        `${judged.lost.length} run records lost by the server`,
    );
  });

  it("a multi-chunk send (600 events, chunks of 512) under faults, resent: every event once, under the SDK's ids", async () => {
    const run = marker("f");
    const from = new Date(Date.now() - 2000);
    const seed = Number(process.env["FAULTS_SEED"] ?? Date.now() % 2 ** 31);
    const [faults] = fc.sample(fc.array(faultArb, { minLength: 2, maxLength: 4 }), { seed, numRuns: 1 });
    const c: Case = { shape: "array", count: 600, batchSize: 512, concurrency: 2, maxRetries: 1, totalTimeout: null, abortAfter: null, faults: faults!, resend: true, resendFaults: [] };
    // One event in 20 starts runs (see QUIET_EVENT); every event's id is checked.
    const verdicts = await play(client, proxy, c, `${run}-big`, 20);
    const judged = await judgeAll(direct, url, verdicts, from);
    expect(judged.problems, `FAULTS_SEED=${seed}; faults: ${JSON.stringify(faults)}`).toEqual([]);
    expect(judged.lost.length, `runs not recorded for ${judged.lost.join(", ")}`).toBeLessThanOrEqual(1);
    expect(verdicts.every((v) => v.kind === "accepted")).toBe(true);
  });

  it("a stream cut into chunks under faults: what it hands back, resent, and what it did not read, sent, complete the set once", async () => {
    const run = marker("f");
    const from = new Date(Date.now() - 2000);
    const faults: Fault[] = [{ kind: "pass" }, { kind: "lose-answer" }, { kind: "lose-answer" }, { kind: "lose-answer" }, { kind: "lose-answer" }];
    const c: Case = { shape: "stream", count: 9, batchSize: 3, concurrency: 1, maxRetries: 3, totalTimeout: null, abortAfter: null, faults, resend: true, resendFaults: [{ kind: "lose-answer" }] };
    const verdicts = await play(client, proxy, c, `${run}-stream`);
    const judged = await judgeAll(direct, url, verdicts, from);
    expect(judged.problems).toEqual([]);
    expect(judged.lost).toEqual([]);
    expect(verdicts.map((v) => v.kind)).toEqual(Array(9).fill("accepted"));
    // The chunk whose answer was lost four times was stored on the first try and resent under its seed.
    expect(judged.listedTwice).toBeGreaterThan(0);
  });
});
