// The scenario the differential test (differential.test.ts) plays against the real dev server and against the
// emulator: the same SDK calls, in the same order, each answer recorded as JSON (or as its error's class, status
// and message) with the HTTP statuses the call saw. Every event it sends carries its own `tag`, and every list it
// records is filtered to what the scenario made, so other test files' runs on the shared server never show.
import { createInngestClient, type InngestClient } from "inngest-rest";
import { until as poll } from "./support.js";

/** What the scenario plays against: a fetch to the server and its base URL. */
export interface Target {
  readonly fetch: typeof globalThis.fetch;
  readonly baseUrl: string;
}

/** Each step's answer: `{ ok, http }` or `{ error: { class, status, message }, http }`. */
export type Answers = Record<string, unknown>;

// A ULID no server has seen: what the NotFound steps ask for.
const MISSING_RUN = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

interface Ctx {
  readonly inngest: InngestClient;
  readonly target: Target;
  readonly answers: Answers;
  readonly statuses: number[];
  readonly tag: string;
}

/** Plays the whole scenario against `target`; resolves with every step's answer. */
export async function playScenario(target: Target): Promise<Answers> {
  const statuses: number[] = [];
  const recording: typeof globalThis.fetch = async (input, init) => {
    const response = await target.fetch(input, init);
    statuses.push(response.status);
    return response;
  };
  const inngest = createInngestClient({ isDev: true, baseUrl: target.baseUrl, fetch: recording, maxRetries: 0 });
  const ctx: Ctx = { inngest, target, answers: {}, statuses, tag: `diff-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` };
  const runs = await sendAndRead(ctx);
  await readWorld(ctx, runs);
  await actOnRuns(ctx, runs);
  await resend(ctx);
  await notFoundAndBadInput(ctx);
  await cancellations(ctx);
  await wire(ctx);
  return ctx.answers;
}

/** Records one step: its value as JSON, or its error; with the HTTP statuses it saw (each once: polls vary). */
async function record<T>(ctx: Ctx, name: string, call: () => Promise<T>): Promise<T | undefined> {
  ctx.statuses.length = 0;
  try {
    const value = await call();
    ctx.answers[name] = { ok: value === undefined ? null : JSON.parse(JSON.stringify(value)), http: [...new Set(ctx.statuses)] };
    return value;
  } catch (error) {
    const e = error as { name?: string; status?: number; message?: string };
    ctx.answers[name] = { error: { class: e.name, status: e.status ?? null, message: e.message }, http: [...new Set(ctx.statuses)] };
    return undefined;
  }
}

/**
 * The run once it has ended: `endedAt` set. Not `runs.waitFor`, whose rule for "ended" is the SDK's own business
 * (on the dev server a sleeping run's status alone can read COMPLETED: issue 17).
 */
function ended(ctx: Ctx, runId: string) {
  return until(`run ${runId} to end`, async () => {
    const run = await ctx.inngest.runs.get(runId);
    return run.endedAt === null ? undefined : run;
  }, ctx.target.baseUrl);
}

/** support.ts's `until`, reading through failed answers (a 404 before the server stored what was sent): 15 s. */
function until<T>(what: string, check: () => Promise<T | undefined>, base = ""): Promise<T> {
  return poll(`differential scenario: ${what} (${base})`, () => check().catch(() => undefined), 15_000, 100);
}

/**
 * Waits up to `ms` for `check` to hold, and goes on either way: for reads that settle on the server a moment after
 * the state the scenario waited for (a trace's last spans after the run's end; a stored event after its send). What
 * is then read is compared as it is, so a state that never settles still shows as a difference.
 */
async function settle(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    if (await check().catch(() => false)) return;
  }
}

/** A run's trace has settled when no span of it still reads running. */
async function traceSettled(ctx: Ctx, runId: string): Promise<boolean> {
  return [...(await ctx.inngest.runs.trace(runId)).spans()].every((s) => s.status !== "running");
}

type Runs = Record<"complete" | "fail" | "sleep" | "wait", string>;

/** Sends one event per function, finds each run, waits until each is where it stays, and reads it every way. */
async function sendAndRead(ctx: Ctx): Promise<Runs> {
  const { inngest, tag } = ctx;
  const sent = await record(ctx, "events.send", () =>
    inngest.events.send([
      { name: "real/complete", data: { n: 2, tag } },
      { name: "real/fail", data: { tag } },
      { name: "real/sleep", data: { duration: "1h", tag } },
      { name: "real/wait-signal", data: { signal: `sig-${tag}`, tag } },
    ]),
  );
  const ids = sent?.ids ?? [];
  const keys = ["complete", "fail", "sleep", "wait"] as const;
  const runs = {} as Runs;
  for (const [i, key] of keys.entries()) {
    const eventId = ids[i] ?? MISSING_RUN;
    runs[key] = await until(`a run of ${key}`, async () => (await inngest.events.runs(eventId)).data[0]?.id);
  }
  await ended(ctx, runs.complete);
  await ended(ctx, runs.fail);
  // The dev server writes a run's end before the end of its last spans: a trace read at once can still
  // say `running` under an ended run (seen in CI). Read the traces once they have settled.
  for (const key of ["complete", "fail"] as const) {
    await until(`${key}'s trace to settle`, async () => (await traceSettled(ctx, runs[key])) || undefined);
  }
  for (const [key, step] of [["sleep", "nap"], ["wait", "wait"]] as const) {
    await until(`${key} to reach its step`, async () => [...(await inngest.runs.trace(runs[key])).spans()].some((s) => s.name === step) || undefined);
    // Its status is derived from its spans: running once the step's are written.
    await settle(async () => (await inngest.runs.get(runs[key])).status === "running");
  }
  // A race of the dev server: now and then it records a run's first sleep under a RUNNING request span instead of
  // at the top of the trace, and keeps it so. Those traces are marked as a variant and not compared.
  const topLevel = async (runId: string, step: string) => (await inngest.runs.trace(runId)).root.children.some((s) => s.name === step);
  const sleepVariant = !(await topLevel(runs.sleep, "nap"));
  for (const [i, key] of keys.entries()) {
    const eventId = ids[i] ?? MISSING_RUN;
    await record(ctx, `events.get(${key})`, () => inngest.events.get(eventId));
    await record(ctx, `events.runs(${key})`, async () => (await inngest.events.runs(eventId, { includeOutput: true })).data);
    await record(ctx, `runs.get(${key})`, () => inngest.runs.get(runs[key]));
    await record(ctx, `runs.trace(${key})`, () => inngest.runs.trace(runs[key], { includeOutput: true }));
    if (key === "sleep" && sleepVariant) ctx.answers["runs.trace(sleep)"] = { variant: "sleep nested under a request span" };
    await record(ctx, `runs.jobs(${key})`, async () => (await inngest.runs.jobs(runs[key])).data);
  }
  return runs;
}

/** Apps and functions, and the lists of events and runs, kept to what the scenario made. */
async function readWorld(ctx: Ctx, runs: Runs): Promise<void> {
  const { inngest, tag } = ctx;
  const mine = <T extends { data?: unknown }>(items: readonly T[]) => items.filter((e) => (e.data as { tag?: string } | undefined)?.tag === tag);
  await record(ctx, "events.list", async () => mine((await inngest.events.list({ name: "real/complete", limit: 51 })).data));
  await record(ctx, "runs.list", async () => {
    const page = await inngest.runs.list({ appId: "real-app", functionId: "fail", from: new Date(Date.now() - 60_000), limit: 100 });
    return page.data.filter((r) => r.id === runs.fail);
  });
  await record(ctx, "apps.list", async () => (await inngest.apps.list()).data.filter((a) => a.id === "real-app"));
  await record(ctx, "apps.get", () => inngest.apps.get("real-app"));
  const own = new Set(["complete", "fail", "sleep", "wait-signal", "invokable"]);
  await record(ctx, "functions.list", async () => (await inngest.functions.list("real-app", { limit: 100 })).data.filter((f) => own.has(f.id)).sort((a, b) => (a.id < b.id ? -1 : 1)));
  await record(ctx, "functions.get", () => inngest.functions.get("real-app", "complete"));
}

/** Invoke (twice under one key), signal, replay and cancel, each followed by the run it changed. */
async function actOnRuns(ctx: Ctx, runs: Runs): Promise<void> {
  const { inngest, tag } = ctx;
  const from = new Date(Date.now() - 1000);
  const invoked = await record(ctx, "functions.invoke", () => inngest.functions.invoke("real-app", "invokable", { tag }, { idempotencyKey: tag }));
  await record(ctx, "functions.invoke(same key)", () => inngest.functions.invoke("real-app", "invokable", { tag }, { idempotencyKey: tag }));
  await record(ctx, "runs.get(invoked, ended)", () => ended(ctx, invoked?.runId ?? MISSING_RUN));
  await invokeRunsSettled(ctx, from);
  await record(ctx, "runs of the invokes", () => invokeRunsOnce(ctx, from));
  await record(ctx, "signals.send", () => inngest.signals.send(`sig-${tag}`, { ok: 1 }));
  await record(ctx, "runs.get(signalled, ended)", () => ended(ctx, runs.wait));
  await settle(() => traceSettled(ctx, runs.wait));
  await record(ctx, "runs.trace(signalled)", () => inngest.runs.trace(runs.wait, { includeOutput: true }));
  const replay = await record(ctx, "runs.replay", () => inngest.runs.replay(runs.complete));
  await record(ctx, "runs.get(replay, ended)", () => ended(ctx, replay?.runId ?? MISSING_RUN));
  await record(ctx, "runs.cancel", () => inngest.runs.cancel(runs.sleep));
  await record(ctx, "runs.get(cancelled, ended)", () => ended(ctx, runs.sleep));
  await settle(() => traceSettled(ctx, runs.sleep));
  await record(ctx, "runs.trace(cancelled)", () => inngest.runs.trace(runs.sleep, { includeOutput: true }));
  if (!(await inngest.runs.trace(runs.sleep)).root.children.some((s) => s.name === "nap")) {
    ctx.answers["runs.trace(cancelled)"] = { variant: "sleep nested under a request span" };
  }
  await record(ctx, "runs.cancel(ended)", () => inngest.runs.cancel(runs.complete));
}

/**
 * Waits, outside any recorded step (its 404s would be recorded), until the invokes' runs can be counted: the dev
 * server starts a run more than the answers say (a row of differences.ts), queued a moment after the first, and
 * schedules a run before its event is stored. Until two reads a second apart agree and every run's event was found;
 * bounded, and the recorded read after it is compared as it is.
 */
async function invokeRunsSettled(ctx: Ctx, from: Date): Promise<void> {
  let last: number | undefined;
  for (const end = Date.now() + 15_000; Date.now() < end; ) {
    await new Promise((r) => setTimeout(r, 1000));
    const read = await invokeRunsOnce(ctx, from).catch(() => undefined);
    if (read && read.length === last) return;
    last = read?.length;
  }
}

/** The runs the two invokes started, one entry per run (what a user counts); undefined while a run's event is not stored (404). */
async function invokeRunsOnce(ctx: Ctx, from: Date): Promise<{ functionId: string | null }[] | undefined> {
  const { inngest, tag } = ctx;
  const page = await inngest.runs.list({ appId: "real-app", functionId: "invokable", from, limit: 100 });
  const mine: { functionId: string | null }[] = [];
  for (const run of page.data) {
    const event = run.eventId ? await inngest.events.get(run.eventId).catch(() => null) : undefined;
    if (event === null) return undefined;
    if (event?.name === "inngest/function.invoked" && (event.data as { tag?: string }).tag === tag) mine.push({ functionId: run.functionId });
  }
  return mine;
}

/**
 * The same batch posted twice under one `x-inngest-event-id-seed` (a resend after a lost answer): the same ids,
 * each function started once per event, and the event log as the server keeps it.
 */
async function resend(ctx: Ctx): Promise<void> {
  const { inngest, target, tag } = ctx;
  const resendTag = `${tag}-resend`;
  const body = JSON.stringify([{ name: "real/complete", data: { n: 3, tag: resendTag } }, { name: "real/invokable", data: { tag: resendTag } }]);
  const entropy = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(10))));
  const headers = { "content-type": "application/json", "x-inngest-event-id-seed": `${Date.now()},${entropy}` };
  const post = async () => (await (await target.fetch(`${target.baseUrl}/e/dev-key`, { method: "POST", body, headers })).json()) as { ids: string[] };
  const first = await post();
  const second = await post();
  ctx.answers["resend: same ids"] = { sameIds: first.ids.join() === second.ids.join() };
  const id = first.ids[0] ?? MISSING_RUN;
  await until("the resent event's run", async () => (await inngest.events.runs(id)).data[0]);
  await new Promise((r) => setTimeout(r, 300));
  await record(ctx, "resend: events.runs", async () => ({ runs: (await inngest.events.runs(id)).data.length }));
  const listed = async () => (await inngest.events.list({ limit: 51 })).data.filter((e) => (e.data as { tag?: string }).tag === resendTag);
  // Both posts' rows (two events, each listed once per post), once the second post's are stored.
  await settle(async () => (await listed()).length >= 4);
  await record(ctx, "resend: events.list", async () => ({ listed: (await listed()).map((e) => e.internalId === id || e.internalId === first.ids[1]) }));
}

/** Every NotFound the SDK maps, and bad input the server refuses. */
async function notFoundAndBadInput(ctx: Ctx): Promise<void> {
  const { inngest } = ctx;
  await record(ctx, "404 runs.get", () => inngest.runs.get(MISSING_RUN));
  await record(ctx, "404 runs.trace", () => inngest.runs.trace(MISSING_RUN));
  await record(ctx, "404 runs.jobs", async () => (await inngest.runs.jobs(MISSING_RUN)).data);
  await record(ctx, "404 runs.cancel", () => inngest.runs.cancel(MISSING_RUN));
  await record(ctx, "404 runs.replay", () => inngest.runs.replay(MISSING_RUN));
  await record(ctx, "404 events.get", () => inngest.events.get(MISSING_RUN));
  await record(ctx, "404 events.runs", async () => (await inngest.events.runs(MISSING_RUN)).data);
  await record(ctx, "404 apps.get", () => inngest.apps.get("no-such-app"));
  await record(ctx, "404 functions.get", () => inngest.functions.get("real-app", "no-such-fn"));
  await record(ctx, "404 functions.invoke", () => inngest.functions.invoke("real-app", "no-such-fn", {}));
  await record(ctx, "404 functions.list", async () => (await inngest.functions.list("no-such-app")).data);
  await record(ctx, "404 signals.send", () => inngest.signals.send("no-such-signal", {}));
  await record(ctx, "400 runs.get(not a ULID)", () => inngest.runs.get("not-a-ulid"));
  await record(ctx, "400 runs.trace(not a ULID)", () => inngest.runs.trace("not-a-ulid"));
  await record(ctx, "400 events.get(not a ULID)", () => inngest.events.get("not-a-ulid"));
  await record(ctx, "400 events.runs(not a ULID)", async () => (await inngest.events.runs("not-a-ulid")).data);
  await record(ctx, "400 runs.cancel(not a ULID)", () => inngest.runs.cancel("not-a-ulid"));
  await record(ctx, "400 runs.list(bad cursor)", async () => (await inngest.runs.list({ cursor: "not-a-cursor" })).data);
  await record(ctx, "400 functions.invoke(no data)", () => inngest.functions.invoke("real-app", "invokable", null as never));
  await record(ctx, "400 events.send(bad name)", () => inngest.events.send({ name: "" }));
}

/** Bulk cancellation, which the dev server does not serve (no store: it panics) and the emulator serves as Cloud. */
async function cancellations(ctx: Ctx): Promise<void> {
  const { inngest } = ctx;
  const created = await record(ctx, "cancellations.create", () =>
    inngest.cancellations.create({ appId: "real-app", functionId: "real-app-sleep", startedAfter: new Date(Date.now() - 1_000), startedBefore: new Date() }),
  );
  await record(ctx, "cancellations.list", async () => (await inngest.cancellations.list()).data);
  await record(ctx, "cancellations.delete", () => inngest.cancellations.delete(created?.id ?? MISSING_RUN));
  // The function is found by its stored slug, in any app; the id alone is not found.
  await record(ctx, "404 cancellations.create(id, not slug)", () =>
    inngest.cancellations.create({ appId: "real-app", functionId: "sleep", startedBefore: new Date() }),
  );
}

/** What the SDK never sends, straight on the wire: the status, the `Allow` header, the body's text. */
async function probe(ctx: Ctx, name: string, method: string, path: string, body?: string): Promise<Response> {
  const response = await ctx.target.fetch(`${ctx.target.baseUrl}${path}`, { method, ...(body !== undefined && { body }) });
  const text = await response.clone().text();
  ctx.answers[name] = { http: [response.status], allow: response.headers.get("allow"), body: /^[[{]/.test(text) ? JSON.parse(text) : text };
  return response;
}

/** Audit items of issue 17 the SDK does not reach: watched on the wire. */
async function wire(ctx: Ctx): Promise<void> {
  const event = ctx.answers["events.send"] as { ok?: { ids?: string[] } };
  const eventId = event.ok?.ids?.[0] ?? MISSING_RUN;
  await probe(ctx, "wire: PUT /v1/events/{id}", "PUT", `/v1/events/${eventId}`);
  await probe(ctx, "wire: GET /v2/events", "GET", "/v2/events");
  const empty = await probe(ctx, "wire: empty timeField= and order=", "GET", "/v2/runs?timeField=&order=&limit=1");
  ctx.answers["wire: empty timeField= and order="] = { http: [empty.status] };
  const filtered = await probe(ctx, "wire: /v2/events/{id}/runs ignores filters", "GET", `/v2/events/${eventId}/runs?status=FAILED&from=2099-01-01T00:00:00Z`);
  ctx.answers["wire: /v2/events/{id}/runs ignores filters"] = { http: [filtered.status], runs: ((await filtered.json()) as { data: unknown[] }).data.length };
  await probe(ctx, "wire: rerun decodes its body first", "POST", `/v2/runs/${MISSING_RUN}/rerun`, "{");
  await probe(ctx, "wire: empty signal", "POST", "/v1/signals", JSON.stringify({ signal: "" }));
  // The v1 cache serves a repeat GET from its copy (as text), but not an answer over about 1 KB.
  for (const [name, size] of [["small", 10], ["large", 1_500]] as const) {
    const sent = (await ctx.inngest.events.send({ name: "real/emu-cache", data: { pad: "x".repeat(size) } })).ids[0] ?? MISSING_RUN;
    // The first GET once the event is stored: the Event API answers before it is, and v1 answers a missing event
    // with HTTP 200 and an error in the body (`{"error":"Event not found","status":404}`), which is not cached.
    const stored = async () => ((await (await ctx.target.fetch(`${ctx.target.baseUrl}/v1/events/${sent}`)).json()) as { data?: unknown }).data != null;
    await settle(stored);
    const again = await ctx.target.fetch(`${ctx.target.baseUrl}/v1/events/${sent}`);
    ctx.answers[`wire: v1 cache, ${name} answer`] = { http: [again.status], contentType: again.headers.get("content-type") };
  }
}
