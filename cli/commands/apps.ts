import { PAGING, paging, printPages } from "../list.js";
import { command } from "../registry.js";

export const appsList = command({
  name: "apps list",
  summary: "list apps as NDJSON",
  usage: "apps list [--archived] [--all | --limit N] [--cursor CURSOR]",
  examples: ["inngest-rest apps list --all"],
  args: { min: 0, max: 0 },
  flags: { archived: { type: "boolean", help: "list archived apps instead of active ones" }, ...PAGING },
  run: (ctx) => printPages(ctx, ctx.client().apps.list({ ...paging(ctx), ...(ctx.flags["archived"] ? { archived: true } : {}) })),
});

export const appsGet = command({
  name: "apps get",
  summary: "one app: its functions count, latest sync, archived or not",
  usage: "apps get APP_ID",
  examples: ["inngest-rest apps get <APP_ID>"],
  args: { min: 1, max: 1 },
  run: async (ctx) => ctx.out.value(await ctx.client().apps.get(ctx.args[0]!)),
});
