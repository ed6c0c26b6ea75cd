/** The read tools of runs: list_runs, get_run, trace_run, wait_for_run, list_run_jobs. */
import * as z from "zod/mini";
import { decodeCursor, FIRST } from "../cursor.js";
import { READ, tool } from "../tool.js";
import { cursor, limit, maxChars, runId, time } from "./fields.js";
import { apiPage } from "./page.js";
import { summariseTrace } from "./trace-summary.js";
import { MAX_PAGE } from "../../../src/resources/list.js";
import { RUN_STATUS_FILTERS } from "../../../src/wire/run-status.js";

export const listRuns = tool({
  name: "list_runs",
  description: `List function runs, newest first, one page per call (default 20, up to ${MAX_PAGE}): id, status, function, app, the triggering event id, times, duration.
Use it to find runs by status (e.g. the failed ones of the last hour), app or function; then get_run or trace_run on one. Pass the result's cursor to get the next page.
Cost: one API request per call. functionId needs appId (the API refuses it alone). Without output: get_run shows a run's output.`,
  input: z.strictObject({
    status: z.optional(z.array(z.enum(RUN_STATUS_FILTERS)).check(z.describe("Only runs in these statuses."))),
    appId: z.optional(z.array(z.string().check(z.minLength(1))).check(z.describe("Only runs of these apps (app ids)."))),
    functionId: z.optional(z.array(z.string().check(z.minLength(1))).check(z.describe("Only runs of these functions (function ids); needs appId."))),
    from: time("Only runs queued at or after this time."),
    until: time("Only runs queued before this time."),
    limit: limit(MAX_PAGE),
    cursor,
    maxChars,
  }),
  annotations: READ("List runs"),
  run: (a, ctx) => {
    const start = decodeCursor(a.cursor);
    const params = { status: a.status, appId: a.appId, functionId: a.functionId, from: a.from, until: a.until, limit: a.limit };
    return apiPage("runs", start, (c) => ctx.client.runs.list({ ...params, cursor: c }, { signal: ctx.signal }));
  },
});

export const getRun = tool({
  name: "get_run",
  description: `Get one run: its status, function, app, triggering event, times and (unless includeOutput is false) its output, which for a failed run is the error.
Use it to check how a run ended or what it returned. For why it failed step by step, use trace_run. Cost: one API request.`,
  input: z.strictObject({
    runId,
    includeOutput: z.optional(z.boolean().check(z.describe("Include the run's output (default true)."))),
    maxChars,
  }),
  annotations: READ("Get a run"),
  run: async (a, ctx) => {
    const run = await ctx.client.runs.get(a.runId, { includeOutput: a.includeOutput ?? true, signal: ctx.signal });
    return { kind: "value", headline: `run ${run.id}: ${run.status} (${run.functionId ?? "?"})`, value: { run } };
  },
});

export const traceRun = tool({
  name: "trace_run",
  description: `Explain a run from its trace: the failed steps first, each with its error, then every step with its status and duration.
Use it to find out why a run failed or where it is stuck. full: true returns the whole span tree instead (every attempt; large).
Cost: one API request; with includeOutput (default true) the server reads each step's output too, which is slower on long runs.`,
  input: z.strictObject({
    runId,
    includeOutput: z.optional(z.boolean().check(z.describe("Read each step's input and output, so failed steps show their errors (default true)."))),
    full: z.optional(z.boolean().check(z.describe("Return the whole span tree rather than the summary (default false)."))),
    maxChars,
  }),
  annotations: READ("Trace a run"),
  run: async (a, ctx) => {
    const trace = await ctx.client.runs.trace(a.runId, { includeOutput: a.includeOutput ?? true, signal: ctx.signal });
    const failed = trace.failedSteps().length;
    const headline = `run ${trace.runId}: ${trace.root.status}, ${failed} failed step${failed === 1 ? "" : "s"}`;
    if (a.full) return { kind: "value", headline, value: { runId: trace.runId, root: trace.root } };
    return { kind: "value", headline, value: summariseTrace(trace), more: "full: true returns the whole span tree" };
  },
});

export const waitForRun = tool({
  name: "wait_for_run",
  description: `Wait until a run ends (completed, failed or cancelled), then return it with its output, like get_run.
Use it right after invoke_function or send_events when the result matters. Polls the API (pauses grow from 1 s to 10 s) until the run ends or maxWait passes (then a TimeoutError).
Cost: one request per poll, and the call lasts until then: many hosts give up on a tool call after about 60 s, so keep maxWait below that and call again if needed.`,
  input: z.strictObject({
    runId,
    maxWait: z.optional(z.int().check(z.minimum(1), z.maximum(600_000), z.describe("Give up after this many milliseconds (default 30000)."))),
    maxChars,
  }),
  annotations: READ("Wait for a run to end"),
  run: async (a, ctx) => {
    const run = await ctx.client.runs.waitFor(a.runId, { maxWait: a.maxWait ?? 30_000, signal: ctx.signal });
    return { kind: "value", headline: `run ${run.id}: ${run.status}`, value: { run } };
  },
});

export const listRunJobs = tool({
  name: "list_run_jobs",
  description: `List what a run still has queued to do next (at most 10 queue items: the server's limit). An ended run has none.
Use it to see whether a running run is waiting, sleeping or retrying. Not a history: for what a run did, use trace_run. Cost: one API request (cached by the API for 5 s).`,
  input: z.strictObject({ runId, maxChars }),
  annotations: READ("List a run's queued jobs"),
  run: async (a, ctx) => {
    const { data: jobs } = await ctx.client.runs.jobs(a.runId, { signal: ctx.signal });
    return { kind: "page", noun: "jobs", items: jobs, start: FIRST, after: undefined };
  },
});
