import { PAGING, paging, printPages } from "../list.js";
import { command } from "../registry.js";

export const appsList = command({
  name: "apps list",
  summary: "list apps as NDJSON",
  usage: "apps list [--archived] [--all | --limit N]",
  examples: ["inngest-rest apps list --all"],
  args: { min: 0, max: 0 },
  flags: { archived: { type: "boolean", help: "list archived apps instead of active ones" }, ...PAGING },
  run: (ctx) => printPages(ctx, ctx.client().apps.list({ ...paging(ctx), ...(ctx.flags["archived"] ? { archived: true } : {}) })),
});
