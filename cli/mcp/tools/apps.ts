/** The read tools of apps, functions and bulk cancellations: list_apps, get_app, list_functions, get_function, list_cancellations. */
import * as z from "zod/mini";
import { decodeCursor } from "../cursor.js";
import { READ, tool } from "../tool.js";
import { appId, cursor, functionId, limit, maxChars } from "./fields.js";
import { apiPage, wholeListPage } from "./page.js";
import { MAX_PAGE } from "../../../src/resources/list.js";

export const listApps = tool({
  name: "list_apps",
  description: `List the apps registered with Inngest in this environment, one page per call (default 20, up to ${MAX_PAGE}): id, name, SDK, URL, function count, last sync.
Use it first to learn the app ids other tools take. Cost: one API request per call.`,
  input: z.strictObject({
    archived: z.optional(z.boolean().check(z.describe("true: list only archived apps (default: only active ones)."))),
    limit: limit(MAX_PAGE),
    cursor,
    maxChars,
  }),
  annotations: READ("List apps"),
  run: (a, ctx) =>
    apiPage("apps", decodeCursor(a.cursor), (c) => ctx.client.apps.list({ archived: a.archived, limit: a.limit, cursor: c }, { signal: ctx.signal })),
});

export const getApp = tool({
  name: "get_app",
  description: "Get one app: its SDK and version, URL, function count and latest sync (its status and error, if the sync failed). Cost: one API request.",
  input: z.strictObject({ appId, maxChars }),
  annotations: READ("Get an app"),
  run: async (a, ctx) => {
    const app = await ctx.client.apps.get(a.appId, { signal: ctx.signal });
    return { kind: "value", headline: `app ${app.id}`, value: { app } };
  },
});

export const listFunctions = tool({
  name: "list_functions",
  description: `List an app's functions, one page per call (default 20, up to ${MAX_PAGE}): id, name, triggers (events, crons), paused or not.
Use it to learn the function ids invoke_function, list_runs and create_cancellation take. Cost: one API request per call.`,
  input: z.strictObject({ appId, limit: limit(MAX_PAGE), cursor, maxChars }),
  annotations: READ("List an app's functions"),
  run: (a, ctx) =>
    apiPage("functions", decodeCursor(a.cursor), (c) => ctx.client.functions.list(a.appId, { limit: a.limit, cursor: c }, { signal: ctx.signal })),
});

export const getFunction = tool({
  name: "get_function",
  description: `Get one function's configuration: triggers, retries, concurrency, rate limit, throttle, debounce, batching, and whether it is paused.
Use it to explain why runs queue, skip or are rate-limited. Cost: one API request.`,
  input: z.strictObject({ appId, functionId, maxChars }),
  annotations: READ("Get a function"),
  run: async (a, ctx) => {
    const fn = await ctx.client.functions.get(a.appId, a.functionId, { signal: ctx.signal });
    return { kind: "value", headline: `function ${a.appId}/${a.functionId}`, value: { function: fn } };
  },
});

export const listCancellations = tool({
  name: "list_cancellations",
  description: `List the bulk cancellations of this environment: each cancels the runs of one function started in a time range (and matching its if expression).
Use it before create_cancellation (to avoid a duplicate) or to find one to delete. The API returns the whole list at once; this tool shows a page of it (default 20) with a cursor.
Cost: one API request per call.`,
  input: z.strictObject({ limit: limit(MAX_PAGE), cursor, maxChars }),
  annotations: READ("List bulk cancellations"),
  run: async (a, ctx) => {
    const start = decodeCursor(a.cursor); // before the request: a bad cursor sends nothing
    return wholeListPage("cancellations", (await ctx.client.cancellations.list({ signal: ctx.signal })).data, start, a.limit ?? 20);
  },
});
