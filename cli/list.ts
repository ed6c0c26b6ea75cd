/**
 * Lists as NDJSON, page by page as they arrive: the first page by default, every page with
 * `--all`, at most N items with `--limit N` (then pages as large as the route allows, so few requests are made).
 */
import type { PagePromise } from "../src/core/pagination.js";
import { intFlag, str } from "./flags.js";
import type { Context, Flag } from "./registry.js";
import { MAX_PAGE } from "../src/resources/list.js";

/** The paging flags every list command takes. */
export const PAGING: Record<string, Flag> = {
  all: { type: "boolean", help: "follow every page" },
  limit: { type: "string", value: "N", help: "print at most N items in all (fetching as many pages as needed)" },
  cursor: { type: "string", value: "CURSOR", help: "start from this page cursor" },
};

/**
 * What to pass the SDK's list call: a page size and a starting cursor. `--limit` caps the total,
 * so the page size is the smaller of it and the route's largest page (`maxPage`: the SDK's own,
 * `MAX_PAGE` for v2 runs, apps and functions, `MAX_EVENTS` for v1 events, `MAX_EVENT_RUNS` for an
 * event's runs).
 */
export function paging(ctx: Context, maxPage = MAX_PAGE): { limit?: number; cursor?: string } {
  const limit = intFlag(ctx.flags, "limit", 1, Number.MAX_SAFE_INTEGER);
  const cursor = str(ctx.flags, "cursor");
  return { ...(limit === undefined ? {} : { limit: Math.min(limit, maxPage) }), ...(cursor === undefined ? {} : { cursor }) };
}

export async function printPages<T>(ctx: Context, list: PagePromise<T>): Promise<void> {
  const all = ctx.flags["all"] === true;
  const limit = intFlag(ctx.flags, "limit", 1, Number.MAX_SAFE_INTEGER);
  let printed = 0;
  for await (const page of list.pages()) {
    for (const item of page.data) {
      if (limit !== undefined && printed >= limit) return;
      await ctx.out.item(item);
      printed++;
    }
    if (limit !== undefined ? printed >= limit : !all) {
      if (!all && limit === undefined && page.hasNextPage()) {
        ctx.note(`inngest-rest: more on the next page: add --all, --limit N or --cursor ${page.cursor}`);
      }
      return;
    }
  }
}

/** A list the API returns whole (an array), as NDJSON. */
export async function printItems(ctx: Context, items: readonly unknown[]): Promise<void> {
  for (const item of items) await ctx.out.item(item);
}
