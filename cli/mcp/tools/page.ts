/** One page of a list as a {@link PageAnswer}, from the API's pages or from a list the API returns whole. */
import type { Page } from "../../../src/core/pagination.js";
import type { Position } from "../cursor.js";
import type { PageAnswer } from "../tool.js";

/** The API's page at `start.c`, past the `start.o` items an earlier (cut) answer showed. */
export async function apiPage<T>(noun: string, start: Position, read: (cursor: string | undefined) => PromiseLike<Page<T>>): Promise<PageAnswer> {
  const page = await read(start.c);
  // A page that says hasMore with no cursor cannot be continued: the list ends here, and says so.
  const after = page.hasMore && page.cursor ? { c: page.cursor, o: 0 } : undefined;
  return { kind: "page", noun, items: page.data.slice(start.o), start, after };
}

/** A page of a list the API returns whole (cancellations): `limit` items from `start.o`. */
export function wholeListPage(noun: string, all: readonly unknown[], start: Position, limit: number): PageAnswer {
  const end = start.o + limit;
  return { kind: "page", noun, items: all.slice(start.o, end), start, after: end < all.length ? { c: undefined, o: end } : undefined };
}
