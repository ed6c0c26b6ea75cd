import { UsageError } from "../exit.js";
import { jsonFlag, str } from "../flags.js";
import { PAGING, paging, printPages } from "../list.js";
import { command } from "../registry.js";

export const functionsInvoke = command({
  name: "functions invoke",
  summary: "trigger a function directly with data; prints {runId, duplicate}",
  usage: "functions invoke APP_ID FUNCTION_ID [--data JSON] [--idempotency-key K]",
  details: `Without --idempotency-key each call that reaches the server starts a run, so it is retried only
when the request cannot have reached the server. With a key it may be retried freely: a repeat
prints the first run's id with "duplicate": true. Follow the run with: inngest-rest runs wait RUN_ID`,
  examples: [`inngest-rest functions invoke <APP_ID> <FUNCTION_ID> --data '{"orderId":"o_1"}' --idempotency-key receipt-o_1`],
  args: { min: 2, max: 2 },
  flags: {
    data: { type: "string", value: "JSON", help: "the function's event data, a JSON object (default {})" },
    "idempotency-key": { type: "string", value: "K", help: "start at most one run for this key" },
  },
  async run(ctx) {
    const data = jsonFlag(ctx.flags, "data") ?? {};
    if (typeof data !== "object" || data === null || Array.isArray(data)) throw new UsageError("--data must be a JSON object");
    const key = str(ctx.flags, "idempotency-key");
    const result = await ctx.client().functions.invoke(ctx.args[0]!, ctx.args[1]!, data as Record<string, unknown>, key === undefined ? {} : { idempotencyKey: key });
    return ctx.out.value(result);
  },
});

export const functionsList = command({
  name: "functions list",
  summary: "list an app's functions as NDJSON",
  usage: "functions list APP_ID [--all | --limit N] [--cursor CURSOR]",
  examples: ["inngest-rest functions list <APP_ID> --all"],
  args: { min: 1, max: 1 },
  flags: PAGING,
  run: (ctx) => printPages(ctx, ctx.client().functions.list(ctx.args[0]!, paging(ctx))),
});

export const functionsGet = command({
  name: "functions get",
  summary: "a function's configuration: triggers, flow control, paused or not",
  usage: "functions get APP_ID FUNCTION_ID",
  examples: ["inngest-rest functions get <APP_ID> <FUNCTION_ID>"],
  args: { min: 2, max: 2 },
  run: async (ctx) => ctx.out.value(await ctx.client().functions.get(ctx.args[0]!, ctx.args[1]!)),
});
