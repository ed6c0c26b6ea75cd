import { cancelRunRoute, replayRunRoute, type RunStatusFilter } from "../../src/resources/runs.js";
import { requestLine } from "../dry-run.js";
import { EXIT, UsageError } from "../exit.js";
import { intFlag, strings, str } from "../flags.js";
import { PAGING, paging, printItems, printPages } from "../list.js";
import { ulid } from "../ids.js";
import { command, type Context } from "../registry.js";
import { Lines } from "../send/lines.js";

/** Runs ids given as arguments, or read from stdin (`-`): one id a line, or NDJSON with an `id` each; all checked before any is used. */
async function runIds(ctx: Context): Promise<string[]> {
  if (ctx.args[0] !== "-") return ctx.args.map((id) => ulid(id, "run id"));
  const lines = new Lines(ctx.stdin);
  const ids: string[] = [];
  for (let line = await lines.next(); line !== undefined; line = await lines.next()) {
    const text = line.trim();
    if (text === "") continue;
    ids.push(text.startsWith("{") ? idOf(text, lines.number) : text);
  }
  return ids.map((id) => ulid(id, "run id"));
}

function idOf(text: string, line: number): string {
  try {
    const id = (JSON.parse(text) as { id?: unknown }).id;
    if (typeof id === "string") return id;
  } catch {
    // reported below
  }
  throw new UsageError(`stdin line ${line} is neither a run id nor a JSON object with an "id"; nothing was sent`);
}

/**
 * A dry run reads the run it would act on: an unknown id fails as the real call would (exit 5), and
 * the run's status shows what the call would touch. Reading changes nothing.
 */
async function statusOf(ctx: Context, runId: string): Promise<string> {
  return (await ctx.client().runs.get(runId)).status;
}

export const runsList = command({
  name: "runs list",
  summary: "list runs, newest first, as NDJSON",
  usage: "runs list [--status S]... [--app-id ID]... [--function-id ID]... [--from T] [--until T] [--all | --limit N] [--cursor CURSOR]",
  details: "Statuses: queued, running, completed, failed, cancelled. Times: RFC 3339 (2026-12-01T09:00:00Z).",
  examples: ["inngest-rest runs list --status failed --all", "inngest-rest runs list --limit 5"],
  args: { min: 0, max: 0 },
  flags: {
    status: { type: "string", multiple: true, value: "S", help: "only runs in this status (repeat for several)" },
    "app-id": { type: "string", multiple: true, value: "ID", help: "only runs of this app" },
    "function-id": { type: "string", multiple: true, value: "ID", help: "only runs of this function" },
    from: { type: "string", value: "T", help: "only runs queued at or after this time" },
    until: { type: "string", value: "T", help: "only runs queued before this time" },
    ...PAGING,
  },
  run: (ctx) =>
    printPages(
      ctx,
      ctx.client().runs.list({
        ...paging(ctx),
        status: strings(ctx.flags, "status") as RunStatusFilter[] | undefined,
        appId: strings(ctx.flags, "app-id"),
        functionId: strings(ctx.flags, "function-id"),
        from: str(ctx.flags, "from"),
        until: str(ctx.flags, "until"),
      }),
    ),
});

export const runsGet = command({
  name: "runs get",
  summary: "get one run, with its output",
  usage: "runs get RUN_ID",
  examples: ["inngest-rest runs get <RUN_ID>"],
  args: { min: 1, max: 1 },
  run: async (ctx) => ctx.out.value(await ctx.client().runs.get(ulid(ctx.args[0]!, "run id"))),
});

export const runsJobs = command({
  name: "runs jobs",
  summary: "a run's pending queue items (at most 10), as NDJSON",
  usage: "runs jobs RUN_ID",
  examples: ["inngest-rest runs jobs <RUN_ID>"],
  args: { min: 1, max: 1 },
  run: async (ctx) => printItems(ctx, (await ctx.client().runs.jobs(ulid(ctx.args[0]!, "run id"))).data),
});

export const runsCancel = command({
  name: "runs cancel",
  summary: "cancel runs: no new steps run after it",
  usage: "runs cancel RUN_ID... | runs cancel - [--dry-run]",
  details: `With -, reads run ids from stdin: one a line, or NDJSON runs (as runs list prints them).
Prints {"runId","cancelled":true} per run, one JSON line each; stops at the first error.`,
  examples: ["inngest-rest runs cancel <RUN_ID> --dry-run", "inngest-rest runs list --status running --all | inngest-rest runs cancel - --dry-run"],
  args: { min: 1, max: Infinity },
  destructive: true,
  async run(ctx) {
    for (const runId of await runIds(ctx)) {
      if (ctx.flags["dry-run"]) await ctx.out.item({ dryRun: true, request: requestLine(cancelRunRoute(runId)), runId, status: await statusOf(ctx, runId) });
      else {
        await ctx.client().runs.cancel(runId);
        await ctx.out.item({ runId, cancelled: true });
      }
    }
  },
});

export const runsReplay = command({
  name: "runs replay",
  summary: "replay a run as a new run; prints the new run's id",
  usage: "runs replay RUN_ID [--dry-run]",
  details: "Not idempotent: each replay makes a new run, so it is never retried once the request may have reached the server.",
  examples: ["inngest-rest runs replay <RUN_ID> --dry-run"],
  args: { min: 1, max: 1 },
  destructive: true,
  async run(ctx) {
    const runId = ulid(ctx.args[0]!, "run id");
    if (ctx.flags["dry-run"]) return ctx.out.value({ dryRun: true, request: requestLine(replayRunRoute(runId)), runId, status: await statusOf(ctx, runId) });
    return ctx.out.value(await ctx.client().runs.replay(runId));
  },
});
export const runsTrace = command({
  name: "runs trace",
  summary: "a run's step tree: each step's name, status, timings (and input/output with --include-output)",
  usage: "runs trace RUN_ID [--include-output] [--failed-steps]",
  details: "With --failed-steps, prints only the steps that failed (outermost first), one JSON line each: the quickest way to read why a run failed.",
  examples: ["inngest-rest runs trace <RUN_ID> --failed-steps --include-output"],
  args: { min: 1, max: 1 },
  flags: {
    "include-output": { type: "boolean", help: "include each step's input and output" },
    "failed-steps": { type: "boolean", help: "print only the failed steps, as NDJSON" },
  },
  async run(ctx) {
    const trace = await ctx.client().runs.trace(ulid(ctx.args[0]!, "run id"), { includeOutput: ctx.flags["include-output"] === true });
    if (ctx.flags["failed-steps"]) return printItems(ctx, trace.failedSteps());
    return ctx.out.value(trace);
  },
});

export const runsWait = command({
  name: "runs wait",
  summary: "wait for a run to end (completed, failed or cancelled), then print it",
  usage: "runs wait RUN_ID [--timeout MS] [--interval MS] [--exit-status]",
  details: `Prints the run once it has ended: read status and output. Exits 0 whatever its status, or, with
--exit-status, 6 when it ended failed or cancelled (as gh run watch --exit-status). Exits 1
(TimeoutError) when --timeout passes first.`,
  examples: ["inngest-rest runs wait <RUN_ID> --timeout 60000"],
  args: { min: 1, max: 1 },
  flags: {
    timeout: { type: "string", value: "MS", help: "give up after this many milliseconds (default: the SDK's)" },
    interval: { type: "string", value: "MS", help: "first pause between polls; it grows 1.5x up to 10 s" },
    "exit-status": { type: "boolean", help: "exit 6 when the run ended failed or cancelled" },
  },
  run: async (ctx) => {
    const timeout = intFlag(ctx.flags, "timeout", 1, 2_147_483_647);
    const interval = intFlag(ctx.flags, "interval", 1, 600_000);
    const run = await ctx.client().runs.waitFor(ulid(ctx.args[0]!, "run id"), { ...(timeout ? { maxWait: timeout } : {}), ...(interval ? { interval } : {}) });
    await ctx.out.value(run);
    const failed = run.status === "failed" || run.status === "cancelled";
    return ctx.flags["exit-status"] && failed ? EXIT.runFailed : EXIT.ok;
  },
});
