import { InngestApiError, InngestError, ValidationError } from "./errors.js";

/**
 * One page of a list. `cursor` resumes a walk from here (pass it as `cursor` to the same list
 * call, even in another process).
 */
export interface Page<T> {
  /** The items on this page. May be empty even when `hasMore` is true. */
  readonly data: T[];
  /** Whether the API says more items follow. */
  readonly hasMore: boolean;
  /** Cursor of the next page, when there is one. */
  readonly cursor: string | undefined;
  /** True when the API says more items follow (`hasMore`): {@link Page.getNextPage} then fetches them. */
  hasNextPage(): boolean;
  /**
   * Fetches the next page, or resolves to `null` at the end.
   * @throws {@link InngestApiError} when the page says `hasMore` but gave no cursor to fetch the rest with:
   * the list cannot be finished, and ending it there would drop the rest silently.
   */
  getNextPage(): Promise<Page<T> | null>;
}

/** @internal */
export type FetchPage<T> = (cursor: string | undefined) => Promise<{ data: T[]; hasMore: boolean; cursor: string | undefined }>;

/** The list route a PagePromise walks, named in its errors (`GET /v2/runs`). @internal */
export interface ListRoute {
  method: string;
  path: string;
}

function makePage<T>(
  raw: { data: T[]; hasMore: boolean; cursor: string | undefined },
  fetchPage: FetchPage<T>,
  previous: string | undefined,
  route: ListRoute,
): Page<T> {
  const hasNextPage = () => raw.hasMore;
  return {
    data: raw.data,
    hasMore: raw.hasMore,
    cursor: raw.cursor,
    hasNextPage,
    async getNextPage() {
      if (!hasNextPage()) return null;
      // More follow but there is no way to ask for them: an error, not a silent end that drops the rest.
      if (!raw.cursor) {
        throw new InngestApiError({
          status: 200,
          ...route,
          apiMessage: "a page says hasMore but has no cursor, so the rest cannot be fetched",
        });
      }
      // A server that hands back the cursor it was given would loop forever.
      if (raw.cursor === previous) throw new InngestError("Pagination stopped: the API returned the same cursor twice.");
      return makePage(await fetchPage(raw.cursor), fetchPage, raw.cursor, route);
    },
  };
}

/**
 * What a list method returns: `await` it for the first {@link Page}, or `for await` it for every
 * item across pages. Pages are fetched lazily, one at a time, only when the loop needs them; an
 * empty page that still says `hasMore` is walked through; breaking out of the loop fetches
 * nothing more. Nothing is requested until you await or iterate. A page that says `hasMore` with
 * no cursor rejects the walk (after its items) with an `InngestApiError` naming the route, rather
 * than ending it early and dropping the rest.
 *
 * @example
 * ```ts
 * for await (const run of inngest.runs.list({ status: "failed", limit: 100 })) {
 *   console.log(run.id);
 * }
 * const page = await inngest.runs.list({ limit: 20 });
 * const next = await page.getNextPage();
 * ```
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  readonly #fetchPage: FetchPage<T>;
  readonly #cursor: string | undefined;
  readonly #route: ListRoute;
  #first: Promise<Page<T>> | undefined;

  /** @internal */
  constructor(fetchPage: FetchPage<T>, cursor: string | undefined, route: ListRoute) {
    this.#fetchPage = fetchPage;
    this.#cursor = cursor;
    this.#route = route;
  }

  #load(): Promise<Page<T>> {
    return (this.#first ??= this.#fetchPage(this.#cursor).then((raw) => makePage(raw, this.#fetchPage, this.#cursor, this.#route)));
  }

  /** Fetches the first page (once; later calls share it). */
  then<A = Page<T>, B = never>(
    onfulfilled?: ((value: Page<T>) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#load().then(onfulfilled, onrejected);
  }

  /** Like `Promise.catch`, on the first page. */
  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<Page<T> | B> {
    return this.#load().catch(onrejected);
  }

  /** Like `Promise.finally`, on the first page. */
  finally(onfinally?: (() => void) | null): Promise<Page<T>> {
    return this.#load().finally(onfinally);
  }

  /** Walks every page, yielding each page (not each item). */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    for (let page: Page<T> | null = await this.#load(); page; page = await page.getNextPage()) yield page;
  }

  /** Walks every item of every page. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /**
   * Collects items into an array, stopping after `limit` items. The limit is required and must be a
   * whole number (0 resolves to `[]` without a request), so a walk is never unbounded by accident:
   * `Infinity`, `NaN`, a negative or a fractional limit is refused. To walk every item, use `for await`.
   * @throws {@link ValidationError} (as a rejected promise, before any request) when `limit` is not an
   * integer from 0 to `Number.MAX_SAFE_INTEGER`.
   */
  async toArray(limit: number): Promise<T[]> {
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new ValidationError("Invalid toArray limit: nothing was fetched.", [
        { path: "limit", message: `must be an integer of 0 or more, got ${String(limit)} (to walk every item, use for await)` },
      ]);
    }
    const out: T[] = [];
    if (limit === 0) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** `"PagePromise"`. */
  get [Symbol.toStringTag](): string {
    return "PagePromise";
  }
}
