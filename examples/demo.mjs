// The README's main job: a tour of inngest-rest against the built-in emulator (no keys, no network).
//
//   npm ci && npm run demo                       # against the in-process emulator
//   INNGEST_DEV=1 npm run demo                    # against a local Inngest dev server (localhost:8288)
//   INNGEST_EVENT_KEY=… INNGEST_SIGNING_KEY=… npm run demo            # against Inngest Cloud, read-only
//   INNGEST_EVENT_KEY=… INNGEST_SIGNING_KEY=… npm run demo -- --destructive   # also cancels, replays, invokes, bulk-cancels
//
// Against a real service the demo sends events and reads runs, traces and apps; it cancels or replays a
// run, triggers a function and creates (then deletes) a bulk cancellation only when --destructive is given.
import { createInngestClient, NotFoundError, PartialSendError } from "inngest-rest";
import { createInngestEmulator } from "inngest-rest/testing";

const real = !!(process.env.INNGEST_DEV || process.env.INNGEST_EVENT_KEY || process.env.INNGEST_SIGNING_KEY);
const destructive = !real || process.argv.includes("--destructive");
const errorText = (err) => `${err.name}: ${err.message}`;
// progress: runs that events and invokes start move queued -> running -> an end on their own, through their
// function's steps, as on a real server (a sleep sleeps, a wait for a signal waits for it).
const emulator = real ? undefined : createInngestEmulator({ progress: true });

// A fetch that prints each request as it goes, with the event key already hidden: the wire, visible.
const baseFetch = emulator ? emulator.fetch : globalThis.fetch;
let quiet = false;
async function loggingFetch(input, init) {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const started = performance.now();
  const events = request.method === "POST" && url.pathname.startsWith("/e/") ? JSON.parse(await request.clone().text()).length : undefined;
  const path = url.pathname.replace(/^\/e\/[^/]+/, "/e/***") + url.search;
  try {
    const response = await baseFetch(request);
    if (!quiet) {
      const what = events === undefined ? "" : ` ${String(events).padStart(4)} event${events === 1 ? " " : "s"}`;
      console.log(`    ${request.method.padEnd(6)} ${path}${what} -> ${response.status} (${(performance.now() - started).toFixed(1)} ms)`);
    }
    return response;
  } catch (err) {
    if (!quiet) console.log(`    ${request.method.padEnd(6)} ${path} -> ${err.name}: ${err.message}`);
    throw err;
  }
}

const inngest = createInngestClient({
  fetch: loggingFetch,
  ...(emulator ? { eventKey: "demo-event-key", signingKey: "signkey-test-0123456789abcdef", retryBaseDelay: 50 } : {}),
});

const title = (text) => console.log(`\n== ${text}`);
// Polls `check` until it gives something (at most 10 s).
async function until(check) {
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const value = await check();
    if (value) return value;
  }
  throw new Error("demo: timed out");
}

console.log(`inngest-rest demo: ${emulator ? "in-process emulator (no keys, no network)" : process.env.INNGEST_DEV ? "local dev server" : "Inngest Cloud"}${destructive ? "" : " (read-only; pass --destructive to cancel and replay)"}`);

title("Send one event");
const one = await inngest.events.send({ name: "demo/user.signup", data: { userId: "u_1", plan: "pro" } });
console.log(`  id: ${one.ids[0]}`);

title("Send a batch of 2,000 events (chunks of 512, 4 in flight)");
const batch = Array.from({ length: 2000 }, (_, i) => ({ name: "demo/order.created", data: { orderId: `o_${i}`, total: (i % 97) + 0.99 } }));
const sent = await inngest.events.send(batch);
console.log(`  ${sent.ids.length} ids, in input order: ${sent.ids[0]} ... ${sent.ids.at(-1)}`);

if (emulator) {
  title("A retried chunk keeps its ids and starts no run twice (the next 2 POSTs: 503, then the response is lost after storing)");
  emulator.failNext(1, { status: 503, match: { path: "/e/" } });
  emulator.failNext(1, { reset: true, afterStore: true, match: { path: "/e/" } });
  const before = emulator.events.length;
  const retried = await inngest.events.send(batch.slice(0, 3));
  console.log(`  3 events sent, ${emulator.events.length - before} stored, ids: ${retried.ids.join(", ")}`);

  title("Bad input is refused before the wire");
  try {
    await inngest.events.send([{ name: "demo/ok" }, { name: "" }, { name: "inngest/reserved" }, { name: "demo/x", data: [1] }]);
  } catch (err) {
    console.log(`  ${err.name}: ${err.message.replace(/\n/g, "\n  ")}`);
  }

  title("Partial failure names exactly the events not accepted");
  emulator.failNext(1, { status: 400, body: { ids: [], status: 400, error: "demo: this chunk is refused" }, match: { path: "/e/" } });
  quiet = true;
  try {
    await inngest.events.send(batch.slice(0, 1500), { concurrency: 1 });
  } catch (err) {
    if (!(err instanceof PartialSendError)) throw err;
    console.log(`  ${err.name}: ${err.message}`);
    console.log(`  failedEvents: ${err.failedEvents.length} (input positions ${err.failedIndexes[0]}-${err.failedIndexes.at(-1)}); resending them...`);
    const again = await inngest.events.send(err.failedEvents);
    console.log(`  resent: ${again.ids.length} ids; the set is complete`);
  }
  quiet = false;
}

title("Running runs, page by page (limit is a page size)");
let shown = 0;
let pages = 0;
let sample;
for await (const page of inngest.runs.list({ status: "running", limit: 10 }).pages()) {
  pages++;
  shown += page.data.length;
  sample ??= page.data[0];
  console.log(`  page ${pages}: ${page.data.length} runs${page.hasMore ? ", more follow" : ", last page"}  ${page.data.slice(0, 3).map((r) => `${r.id} (${r.functionId})`).join(", ")}${page.data.length > 3 ? ", ..." : ""}`);
  if (pages === 5) {
    console.log("  (stopping after 5 pages: breaking the loop fetches nothing more)");
    break;
  }
}
console.log(`  ${shown} running runs shown`);

if (sample) {
  title(`One run, and what it still has queued (${sample.id})`);
  const run = await inngest.runs.get(sample.id);
  console.log(`  status ${run.status}, function ${run.functionId}, started ${run.startedAt}, ended ${run.endedAt ?? "-"}`);
  const { data: jobs } = await inngest.runs.jobs(sample.id);
  for (const job of jobs) console.log(`  job ${job.id ?? "?"}  kind ${job.kind ?? "?"}  attempt ${job.attempt}  at ${job.at}`);
  if (jobs.length === 0) console.log("  (no queued jobs)");

  if (destructive) {
    title("Cancel it");
    await inngest.runs.cancel(sample.id);
    console.log(`  now: ${(await inngest.runs.get(sample.id)).status}`);
  }
}

if (destructive) {
  // Cron-triggered runs cannot be rerun (the API answers 501), so pick an event-triggered one.
  const failed = (await inngest.runs.list({ status: "failed", limit: 20 })).data.find((r) => r.cron === null);
  if (failed) {
    title(`Replay a failed run (${failed.id})`);
    const { runId } = await inngest.runs.replay(failed.id);
    const replay = await inngest.runs.get(runId);
    console.log(`  new run ${runId}: ${replay.status}${replay.originalRunId ? `, replays ${replay.originalRunId}` : ""}`);
  }
}

title("Typed errors");
try {
  await inngest.runs.get("01ARZ3NDEKTSV4RRFFQ69G5FAV");
} catch (err) {
  if (!(err instanceof NotFoundError)) throw err;
  console.log(`  ${err.name} (HTTP ${err.status}): ${err.message}`);
}

title("Debug a failed run: its trace, and the step that failed");
const toDebug = (await inngest.runs.list({ status: "failed", limit: 10 })).data[0];
if (toDebug) {
  const trace = await inngest.runs.trace(toDebug.id);
  console.log(`  run ${toDebug.id} (${toDebug.functionId}): ${[...trace.spans()].length} spans`);
  for (const step of trace.failedSteps()) console.log(`  failed step "${step.name}" (${step.stepOp ?? "?"}), ${step.durationMs ?? "?"} ms`);
} else console.log("  (no failed runs)");
title("Apps");
for await (const app of inngest.apps.list()) {
  console.log(`  ${app.id.padEnd(16)} ${app.method.padEnd(8)} ${app.functionCount} functions, last sync ${app.latestSync?.status ?? "-"}`);
}

// Against the emulator: the shop's receipt function, whose two steps take a few hundred milliseconds.
const apps = (await inngest.apps.list()).data;
const app = (emulator && apps.find((a) => a.id === "shop")) || apps[0];
const fns = app ? (await inngest.functions.list(app.id)).data : [];
const fn = (emulator && fns.find((f) => f.id === "shop-send-receipt")) || fns[0];
if (fn && destructive) {
  title(`Trigger ${fn.id} directly, and wait for its run`);
  const key = `demo-${Date.now()}`;
  const { runId, duplicate } = await inngest.functions.invoke(app.id, fn.id, { orderId: "o_1" }, { idempotencyKey: key });
  console.log(`  run ${runId}${duplicate ? " (already made for this key)" : ""}`);
  const again = await inngest.functions.invoke(app.id, fn.id, { orderId: "o_1" }, { idempotencyKey: key });
  console.log(`  the same idempotencyKey again: run ${again.runId}, duplicate: ${again.duplicate}`);
  try {
    const done = await inngest.runs.waitFor(runId, { maxWait: emulator ? 10_000 : 60_000, interval: 200 });
    console.log(`  ${done.status}, output ${JSON.stringify(done.output)}`);
  } catch (err) {
    console.log(`  ${errorText(err)}`);
  }

  if (emulator) {
    title("A run that waits for a signal, and the signal that resumes it");
    const { ids } = await inngest.events.send({ name: "billing/customer.updated", data: { customerId: "c_1", signal: "approve/c_1" } });
    const waiting = await until(async () => (await inngest.events.runs(ids[0])).data[0]);
    // Its trace shows the step it waits in (v2 is not cached; v1's jobs list is, for 5 s).
    await until(async () => [...(await inngest.runs.trace(waiting.id)).spans()].find((span) => span.stepOp === "wait_for_signal" && span.status === "waiting"));
    console.log(`  run ${waiting.id} waits for "approve/c_1"`);
    const { runId: resumed } = await inngest.signals.send("approve/c_1", { approvedBy: "ops" });
    const after = await inngest.runs.waitFor(resumed, { maxWait: 10_000, interval: 100 });
    console.log(`  signalled; the run ${after.status}, steps: ${[...(await inngest.runs.trace(resumed)).spans()].filter((s) => s.stepOp).map((s) => s.name).join(", ")}`);
  }

  title(`Bulk-cancel ${fn.id}'s runs started in the last hour`);
  // Bulk cancellation finds the function by the slug Inngest stores: "<app id>-<function id>".
  const cancellation = await inngest.cancellations.create({ appId: app.id, functionId: `${app.id}-${fn.id}`, startedAfter: new Date(Date.now() - 3_600_000), startedBefore: new Date() });
  console.log(`  cancellation ${cancellation.id}: runs started ${cancellation.startedAfter} .. ${cancellation.startedBefore}`);
  console.log(`  ${(await inngest.cancellations.list()).data.length} cancellation(s) standing; deleting this one`);
  await inngest.cancellations.delete(cancellation.id);
}

console.log("\nDone.");
