import { describe, expect, test } from "vitest";
import { createInngestClient, InngestApiError, PagePromise, ValidationError, type Run } from "../src/index.js";
import { caught, json, wire, type WireRequest } from "./helpers/wire.js";

const signingKey = "signkey-test-12345678";

const v2Run = (id: string) => ({ id, status: "RUNNING", queuedAt: "2026-01-01T00:00:00Z", function: { id: "fn", name: "Fn", app: { id: "app" } } });
const app = (id: string) => ({ id, name: id, method: "SERVE", createdAt: "2026-01-01T00:00:00Z" });

/** A v2 list served from `pages`, keyed by the cursor that asks for each (`""` for the first). */
function server(pages: Record<string, { data: unknown[]; cursor?: string; hasMore: boolean }>) {
  const w = wire((req: WireRequest) => {
    const page = pages[req.url.searchParams.get("cursor") ?? ""];
    if (!page) return json({ errors: [{ code: "invalid_request", message: "bad cursor" }] }, 400);
    return json({ data: page.data, metadata: { fetchedAt: "2026-01-01T00:00:00Z" }, page: { cursor: page.cursor, hasMore: page.hasMore, limit: 2 } });
  });
  return { ...w, inngest: createInngestClient({ signingKey, fetch: w.fetch, maxRetries: 0 }) };
}

const threePages = {
  "": { data: [v2Run("r1"), v2Run("r2")], cursor: "c1", hasMore: true },
  c1: { data: [v2Run("r3"), v2Run("r4")], cursor: "c2", hasMore: true },
  c2: { data: [v2Run("r5")], hasMore: false },
};

/** Every id of a walk. Bounded: a walk that does not end (a loop) fails this test at once, never hangs the suite. */
const ids = async (it: AsyncIterable<{ id: string }>, max = 1_000) => {
  const out: string[] = [];
  for await (const item of it) {
    out.push(item.id);
    if (out.length > max) throw new Error(`the walk did not end after ${max} items`);
  }
  return out;
};

describe("walking runs.list", () => {
  test("parameters are checked once for a whole walk, not again for every page", async () => {
    const { inngest, requests } = server(threePages);
    let reads = 0;
    const params = {
      get status() {
        reads++;
        return "running" as const;
      },
    };
    expect(await ids(inngest.runs.list(params))).toEqual(["r1", "r2", "r3", "r4", "r5"]);
    expect(requests).toHaveLength(3);
    for (const r of requests) expect(r.url.searchParams.get("status")).toBe("RUNNING");
    expect(reads).toBe(1);
  });

  test("for await walks every run across three pages, following each page's cursor", async () => {
    const { inngest, requests } = server(threePages);
    expect(await ids(inngest.runs.list({ limit: 2 }))).toEqual(["r1", "r2", "r3", "r4", "r5"]);
    expect(requests.map((r) => [r.method, r.url.pathname, r.url.searchParams.get("cursor"), r.url.searchParams.get("limit")])).toEqual([
      ["GET", "/v2/runs", null, "2"],
      ["GET", "/v2/runs", "c1", "2"],
      ["GET", "/v2/runs", "c2", "2"],
    ]);
  });

  test("an empty page that still says hasMore is walked through, not taken as the end", async () => {
    const { inngest, requests } = server({
      "": { data: [v2Run("r1")], cursor: "c1", hasMore: true },
      c1: { data: [], cursor: "c2", hasMore: true },
      c2: { data: [v2Run("r2")], hasMore: false },
    });
    expect(await ids(inngest.runs.list())).toEqual(["r1", "r2"]);
    expect(requests).toHaveLength(3);
  });

  test("pages are fetched lazily, and breaking out of the loop fetches nothing more", async () => {
    const { inngest, requests } = server(threePages);
    const seen: string[] = [];
    for await (const run of inngest.runs.list({ limit: 2 })) {
      seen.push(run.id);
      expect(requests).toHaveLength(seen.length <= 2 ? 1 : 2);
      if (run.id === "r3") break;
    }
    expect(seen).toEqual(["r1", "r2", "r3"]);
    await new Promise((r) => setTimeout(r, 10));
    expect(requests).toHaveLength(2);
  });

  test("nothing is requested until the list is awaited or iterated", async () => {
    const { inngest, requests } = server(threePages);
    const list = inngest.runs.list();
    await new Promise((r) => setTimeout(r, 10));
    expect(requests).toHaveLength(0);
    await list;
    expect(requests).toHaveLength(1);
  });

  test("toArray(n) stops after n runs and fetches no page it does not need", async () => {
    const { inngest, requests } = server(threePages);
    expect((await inngest.runs.list().toArray(3)).map((r) => r.id)).toEqual(["r1", "r2", "r3"]);
    expect(requests).toHaveLength(2);
  });

  test.each([NaN, -1, 2.5, Infinity, -Infinity])("toArray(%s) is a ValidationError before any request", async (limit) => {
    const { inngest, requests } = server(threePages);
    const err = await caught(inngest.runs.list().toArray(limit));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([expect.objectContaining({ path: "limit" })]);
    await new Promise((r) => setTimeout(r, 10));
    expect(requests).toHaveLength(0);
  });

  test("toArray(0) resolves to [] without a request", async () => {
    const { inngest, requests } = server(threePages);
    expect(await inngest.runs.list().toArray(0)).toEqual([]);
    expect(requests).toHaveLength(0);
  });

  test("a page's cursor resumes the walk from there, even on a fresh client", async () => {
    const first = server(threePages);
    const page = await first.inngest.runs.list({ limit: 2 });
    const { inngest, requests } = server(threePages);
    expect(await ids(inngest.runs.list({ limit: 2, cursor: page.cursor }))).toEqual(["r3", "r4", "r5"]);
    expect(requests[0]!.url.searchParams.get("cursor")).toBe("c1");
  });
});

describe("await gives the first Page", () => {
  test("with data, hasMore, cursor and getNextPage, until getNextPage resolves to null", async () => {
    const { inngest, requests } = server(threePages);
    const list = inngest.runs.list({ limit: 2 });
    expect(list).toBeInstanceOf(PagePromise);

    const page1 = await list;
    expect(page1.data.map((r: Run) => r.id)).toEqual(["r1", "r2"]);
    expect(page1.data[0]).toMatchObject({ id: "r1", status: "running", functionId: "fn", appId: "app" });
    expect(page1.hasMore).toBe(true);
    expect(page1.cursor).toBe("c1");
    expect(page1.hasNextPage()).toBe(true);

    const page2 = await page1.getNextPage();
    expect(page2?.data.map((r) => r.id)).toEqual(["r3", "r4"]);
    const page3 = await page2!.getNextPage();
    expect(page3).toMatchObject({ hasMore: false, cursor: undefined });
    expect(page3!.hasNextPage()).toBe(false);
    expect(await page3!.getNextPage()).toBeNull();
    expect(requests).toHaveLength(3);
  });

  test("awaiting the same PagePromise twice fetches the first page once", async () => {
    const { inngest, requests } = server(threePages);
    const list = inngest.runs.list();
    await list;
    await list;
    expect(requests).toHaveLength(1);
  });

  test(".pages() walks page by page", async () => {
    const { inngest } = server(threePages);
    const sizes: number[] = [];
    for await (const page of inngest.runs.list().pages()) {
      sizes.push(page.data.length);
      if (sizes.length > 10) throw new Error("the walk did not end");
    }
    expect(sizes).toEqual([2, 2, 1]);
  });

  test("a server that hands back the cursor it was given stops the walk with an error instead of looping", async () => {
    const { inngest, requests } = server({ "": { data: [v2Run("r1")], cursor: "c1", hasMore: true }, c1: { data: [v2Run("r2")], cursor: "c1", hasMore: true } });
    await expect(ids(inngest.runs.list())).rejects.toThrow(/same cursor/);
    expect(requests).toHaveLength(2);
  });

  test("a page that says hasMore but gives no cursor rejects the walk with an InngestApiError naming the route", async () => {
    const { inngest, requests } = server({ "": { data: [v2Run("r1"), v2Run("r2")], hasMore: true } });
    const seen: string[] = [];
    const err = await caught(
      (async () => {
        for await (const run of inngest.runs.list()) {
          seen.push(run.id);
          if (seen.length > 100) throw new Error("the walk did not end"); // a loop fails here, never hangs
        }
      })(),
    );
    expect(seen).toEqual(["r1", "r2"]); // what the page held was handed out first
    expect(err).toBeInstanceOf(InngestApiError);
    expect(err).toMatchObject({ method: "GET", path: "/v2/runs" });
    expect((err as Error).message).toMatch(/hasMore.*no cursor.*GET \/v2\/runs/);
    expect(requests).toHaveLength(1);
  });

  test("awaited, such a page says it has a next page, and getNextPage rejects instead of resolving null", async () => {
    const { inngest } = server({ "": { data: [app("a1")], hasMore: true } });
    const page = await inngest.apps.list();
    expect(page.hasNextPage()).toBe(true);
    expect(await caught(page.getNextPage())).toMatchObject({ name: "InngestApiError", path: "/v2/apps" });
  });

  test("a failing page rejects the loop with the API's typed error", async () => {
    const { inngest } = server({ "": { data: [v2Run("r1")], cursor: "gone", hasMore: true } });
    await expect(ids(inngest.runs.list())).rejects.toThrow(/400 bad cursor/);
  });
});

describe("filters on the wire", () => {
  test("status is repeated and uppercased; app and function ids repeat; times are RFC 3339", async () => {
    const { inngest, requests } = server(threePages);
    await inngest.runs.list({
      status: ["running", "FAILED"],
      appId: ["a1", "a2"],
      functionId: "f1",
      from: new Date("2026-01-01T00:00:00Z"),
      until: "2026-01-02T00:00:00+01:00",
      limit: 20,
    });
    const url = requests[0]!.url;
    expect(url.searchParams.getAll("status")).toEqual(["RUNNING", "FAILED"]);
    expect(url.search).toContain("status=RUNNING&status=FAILED");
    expect(url.searchParams.getAll("appId")).toEqual(["a1", "a2"]);
    expect(url.searchParams.getAll("functionId")).toEqual(["f1"]);
    expect(url.searchParams.get("from")).toBe("2026-01-01T00:00:00.000Z");
    expect(url.searchParams.get("until")).toBe("2026-01-01T23:00:00.000Z");
    expect(url.searchParams.get("limit")).toBe("20");
  });

  test.each([
    [{ timeField: "startedAt", order: "asc" }, "?timeField=STARTED_AT&order=ASC"],
    [{ timeField: "endedAt" }, "?timeField=ENDED_AT"],
    [{ timeField: "queuedAt", order: "desc" }, "?timeField=QUEUED_AT&order=DESC"],
  ] as const)("timeField and order go to the server as it reads them: %j", async (params, search) => {
    const { inngest, requests } = server(threePages);
    await inngest.runs.list(params);
    expect(requests[0]!.url.search).toBe(search);
  });

  test("an unknown timeField or order is a ValidationError naming it, before the wire", async () => {
    const { inngest, requests } = server(threePages);
    const err = (await inngest.runs.list({ timeField: "createdAt" as "queuedAt", order: "up" as "asc" }).catch((e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues.map((i) => i.path)).toEqual(["timeField", "order"]);
    expect(requests).toHaveLength(0);
  });

  test("a single lowercase status is accepted: ?status=RUNNING", async () => {
    const { inngest, requests } = server(threePages);
    await inngest.runs.list({ status: "running" });
    expect(requests[0]!.url.search).toBe("?status=RUNNING");
  });

  test("no filters: no query string at all", async () => {
    const { inngest, requests } = server(threePages);
    await inngest.runs.list();
    expect(requests[0]!.url.search).toBe("");
  });

  test.each([0, 101, 1.5, -1, Number.NaN])("limit %s is refused before the wire (it is a page size, 1..100)", async (limit) => {
    const { inngest, requests } = server(threePages);
    const err = await inngest.runs.list({ limit }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([expect.objectContaining({ path: "limit" })]);
    const apps = await inngest.apps.list({ limit }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(apps).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(0);
  });

  test("limits 1 and 100 are sent", async () => {
    const { inngest, requests } = server(threePages);
    await inngest.runs.list({ limit: 1 });
    await inngest.runs.list({ limit: 100 });
    expect(requests.map((r) => r.url.searchParams.get("limit"))).toEqual(["1", "100"]);
  });

  test.each([
    ["no appId", { functionId: "f1" }],
    ["an empty appId list", { functionId: ["f1"], appId: [] }],
  ])("functionId with %s is a ValidationError saying appId is required, before the wire", async (_name, params) => {
    const { inngest, requests } = server(threePages);
    const err = await caught(inngest.runs.list(params));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([{ path: "appId", message: "is required when filtering by functionId" }]);
    expect(requests).toHaveLength(0);
  });

  test.each([
    ["equal", "2026-11-01T00:00:00Z", new Date("2026-11-01T00:00:00Z")],
    ["reversed", "2026-11-02T00:00:00Z", "2026-11-01T00:00:00Z"],
  ])("a from not before until (%s) is a ValidationError, as Inngest would answer 400; from just before until is sent", async (_name, from, until) => {
    const { inngest, requests } = server(threePages);
    const err = await caught(inngest.runs.list({ from, until }));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([{ path: "from", message: "must be before until" }]);
    expect(requests).toHaveLength(0);
    await inngest.runs.list({ from: new Date(Date.parse(String(until)) - 1), until });
    expect(requests).toHaveLength(1);
  });

  test("an unknown status or a bad date is refused before the wire", async () => {
    const { inngest, requests } = server(threePages);
    await expect(inngest.runs.list({ status: "bogus" as "running" })).rejects.toBeInstanceOf(ValidationError);
    await expect(inngest.runs.list({ from: "not a date" })).rejects.toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(0);
  });
});

describe("apps.list", () => {
  const appsServer = () => {
    const w = wire((req) => {
      const archived = req.url.searchParams.get("archived") === "true";
      if (req.url.searchParams.get("cursor") === "a1")
        return json({ data: [{ ...app("app-3"), isArchived: archived || undefined }], page: { hasMore: false } });
      return json({ data: [{ ...app("app-1"), isArchived: archived || undefined, functionCount: 3 }, app("app-2")], page: { cursor: "a1", hasMore: true } });
    });
    return { ...w, inngest: createInngestClient({ signingKey, fetch: w.fetch }) };
  };

  test("walks GET /v2/apps across pages", async () => {
    const { inngest, requests } = appsServer();
    expect(await ids(inngest.apps.list({ limit: 2 }))).toEqual(["app-1", "app-2", "app-3"]);
    expect(requests.map((r) => r.url.pathname + r.url.search)).toEqual(["/v2/apps?limit=2", "/v2/apps?limit=2&cursor=a1"]);
  });

  test("archived: true is sent as ?archived=true and the flag reads true; absent it reads false", async () => {
    const { inngest, requests } = appsServer();
    const archived = await inngest.apps.list({ archived: true });
    expect(requests[0]!.url.searchParams.get("archived")).toBe("true");
    expect(archived.data[0]).toMatchObject({ id: "app-1", archived: true, functionCount: 3 });
    const active = await inngest.apps.list();
    expect(requests[1]!.url.search).toBe("");
    expect(active.data[1]).toMatchObject({ id: "app-2", archived: false, functionCount: 0, latestSync: null });
  });
});
