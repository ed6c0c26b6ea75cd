import { UsageError } from "../exit.js";
import { str } from "../flags.js";
import { CREATE_CANCELLATION_ROUTE, createCancellationBody, deleteCancellationRoute } from "../../src/resources/cancellations.js";
import { requestLine } from "../dry-run.js";
import { ulid } from "../ids.js";
import { printItems } from "../list.js";
import { command } from "../registry.js";
import { MAX_PAGE } from "../../src/resources/list.js";

export const cancellationsCreate = command({
  name: "cancellations create",
  summary: "cancel many runs of a function at once: by start time and an optional CEL expression",
  usage: "cancellations create --app-id ID --function-id SLUG --started-before T [--started-after T] [--if EXPR] [--dry-run]",
  details: `With --dry-run it writes nothing: it prints the request, and lists (reads) the queued and running
runs of the function queued in that window, which the cancellation would match if --if allows
(the API cannot evaluate --if without cancelling).`,
  examples: ["inngest-rest cancellations create --app-id <APP_ID> --function-id <FUNCTION_SLUG> --started-before $(date -u +%Y-%m-%dT%H:%M:%SZ) --dry-run"],
  args: { min: 0, max: 0 },
  destructive: true,
  flags: {
    "app-id": { type: "string", value: "ID", help: "the app (required)" },
    "function-id": { type: "string", value: "SLUG", help: "the function's stored slug, <app id>-<function id> for inngest-js apps (required)" },
    "started-before": { type: "string", value: "T", help: "cancel runs started before this time (required, RFC 3339)" },
    "started-after": { type: "string", value: "T", help: "and after this time" },
    if: { type: "string", value: "EXPR", help: "only runs whose event matches this CEL expression, e.g. \"event.data.userId == 'u_1'\"" },
  },
  async run(ctx) {
    const need = (name: string) => str(ctx.flags, name) ?? fail(name);
    const params = {
      appId: need("app-id"),
      functionId: need("function-id"),
      startedBefore: need("started-before"),
      ...(str(ctx.flags, "started-after") === undefined ? {} : { startedAfter: str(ctx.flags, "started-after")! }),
      ...(str(ctx.flags, "if") === undefined ? {} : { if: str(ctx.flags, "if")! }),
    };
    if (!ctx.flags["dry-run"]) return ctx.out.value(await ctx.client().cancellations.create(params));
    // The SDK's own checks and body: a dry run refuses what the real call refuses (the same
    // ValidationError, so the same exit code) and prints the body it would send (snake_case).
    const body = JSON.parse(createCancellationBody(params, Date.now())) as unknown;
    const candidates = await ctx
      .client()
      .runs.list({ appId: params.appId, functionId: runsFunctionId(params.appId, params.functionId), status: ["queued", "running"], until: params.startedBefore, ...(params.startedAfter ? { from: params.startedAfter } : {}), limit: MAX_PAGE })
      .toArray(1000);
    return ctx.out.value({ dryRun: true, request: requestLine(CREATE_CANCELLATION_ROUTE), body, candidates: candidates.map((r) => r.id) });
  },
});

/**
 * The id `GET /v2/runs` filters by for the function a cancellation names. A bulk cancellation takes the
 * slug Inngest stores (`<app id>-<function id>` for apps served by inngest-js), while the runs list
 * matches the function's own id (watched on the real dev server: `functionId=real-app-sleep` lists no
 * run, `functionId=sleep` lists them), so the app's prefix is taken off for the dry run's read.
 */
function runsFunctionId(appId: string, functionId: string): string {
  return functionId.startsWith(`${appId}-`) ? functionId.slice(appId.length + 1) : functionId;
}

function fail(name: string): never {
  throw new UsageError(`--${name} is required`);
}

export const cancellationsList = command({
  name: "cancellations list",
  summary: "list bulk cancellations as NDJSON",
  usage: "cancellations list",
  examples: ["inngest-rest cancellations list"],
  args: { min: 0, max: 0 },
  run: async (ctx) => printItems(ctx, (await ctx.client().cancellations.list()).data),
});

export const cancellationsDelete = command({
  name: "cancellations delete",
  summary: "delete a bulk cancellation (runs it already cancelled stay cancelled)",
  usage: "cancellations delete CANCELLATION_ID [--dry-run]",
  examples: ["inngest-rest cancellations delete <CANCELLATION_ID> --dry-run"],
  args: { min: 1, max: 1 },
  destructive: true,
  async run(ctx) {
    const id = ulid(ctx.args[0]!, "cancellation id");
    if (ctx.flags["dry-run"]) return ctx.out.value({ dryRun: true, request: requestLine(deleteCancellationRoute(id)), id });
    await ctx.client().cancellations.delete(id);
    return ctx.out.value({ id, deleted: true });
  },
});
