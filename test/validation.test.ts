import fc from "fast-check";
import { describe, expect, test } from "vitest";
import * as z from "zod";
import { createInngestClient, PartialSendError, ValidationError, type ValidationIssue } from "../src/index.js";
import { numbered, range } from "./helpers/event-api.js";
import { acceptAll, json, wire } from "./helpers/wire.js";

const eventKey = "test-event-key";

/** Sends `input` and returns the ValidationError it was refused with, and what reached the wire. */
async function refused(input: unknown, options: Parameters<typeof createInngestClient>[0] = {}) {
  const { fetch, requests } = wire(acceptAll);
  const inngest = createInngestClient({ eventKey, fetch, ...options });
  const err = await inngest.events.send(input as never).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return { err: err as ValidationError, requests };
}

const cycle = () => {
  const data: Record<string, unknown> = { a: 1 };
  data.self = data;
  return data;
};

// Each rule of the delivery-guarantees issue: the bad event sits at index 1 of a batch, so every
// issue must name index 1 and the field.
const badEvents: [rule: string, event: unknown, field: string][] = [
  ["name missing", { data: {} }, "name"],
  ["name empty", { name: "" }, "name"],
  ["name not a string", { name: 42 }, "name"],
  ["name over 256 characters", { name: "a".repeat(257) }, "name"],
  ["name reserved (inngest/)", { name: "inngest/function.finished" }, "name"],
  ["name reserved in any case (Inngest/)", { name: "Inngest/x" }, "name"],
  ["data an array", { name: "app/x", data: [1, 2] }, "data"],
  ["data a string", { name: "app/x", data: "hello" }, "data"],
  ["data null", { name: "app/x", data: null }, "data"],
  ["data holding a BigInt", { name: "app/x", data: { big: 10n } }, "data.big"],
  ["data holding a cycle", { name: "app/x", data: cycle() }, "data.self"],
  ["data holding a function", { name: "app/x", data: { fn: () => 1 } }, "data.fn"],
  ["data holding NaN", { name: "app/x", data: { n: Number.NaN } }, "data.n"],
  ["ts NaN", { name: "app/x", ts: Number.NaN }, "ts"],
  ["ts Infinity", { name: "app/x", ts: Number.POSITIVE_INFINITY }, "ts"],
  ["ts a string", { name: "app/x", ts: "2024-01-01" }, "ts"],
  ["ts before 1980", { name: "app/x", ts: Date.UTC(1979, 11, 31) }, "ts"],
  ["ts after 2100", { name: "app/x", ts: Date.UTC(2100, 0, 2) }, "ts"],
  ["ts in seconds, not milliseconds", { name: "app/x", ts: 1_700_000_000 }, "ts"],
  ["user a string", { name: "app/x", user: "u_1" }, "user"],
  ["user an array", { name: "app/x", user: ["u_1"] }, "user"],
  ["not an object at all", "app/x", ""],
];

describe("bad input is refused before the wire", () => {
  test.each(badEvents)("%s: refused with the index and field, nothing sent", async (_rule, bad, field) => {
    const { err, requests } = await refused([{ name: "app/ok" }, bad, { name: "app/ok" }]);
    expect(requests).toHaveLength(0);
    expect(err.issues.length).toBeGreaterThan(0);
    for (const issue of err.issues) expect(issue).toMatchObject({ index: 1, path: field });
    expect(err.message).toContain("nothing was sent");
    expect(err.message).toContain(`event[1]`);
  });

  test("ts at the 1980 and 2100 bounds is accepted", async () => {
    const { fetch, requests } = wire(acceptAll);
    const inngest = createInngestClient({ eventKey, fetch });
    await inngest.events.send([
      { name: "app/x", ts: Date.UTC(1980, 0, 1) },
      { name: "app/x", ts: Date.UTC(2100, 0, 1) },
    ]);
    expect(requests).toHaveLength(1);
  });

  test("a name of exactly 256 characters is accepted", async () => {
    const { fetch, requests } = wire(acceptAll);
    await createInngestClient({ eventKey, fetch }).events.send({ name: "a".repeat(256) });
    expect(requests).toHaveLength(1);
  });

  test("an event whose JSON is over maxEventSize is refused; one just under it is sent", async () => {
    const maxEventSize = 256 * 1024;
    // {"name":"app/x","data":{"s":"…"}} is 31 bytes plus the string.
    const overhead = JSON.stringify({ name: "app/x", data: { s: "" } }).length;
    const { err, requests } = await refused([{ name: "app/x", data: { s: "x".repeat(maxEventSize - overhead + 1) } }], { maxEventSize });
    expect(requests).toHaveLength(0);
    expect(err.issues).toEqual([expect.objectContaining({ index: 0, path: "" })]);
    expect(err.issues[0]!.message).toContain(String(maxEventSize));

    const { fetch, requests: sent } = wire(acceptAll);
    await createInngestClient({ eventKey, fetch, maxEventSize }).events.send({ name: "app/x", data: { s: "x".repeat(maxEventSize - overhead) } });
    expect(sent).toHaveLength(1);
  });

  test("size is counted in UTF-8 bytes, not characters", async () => {
    // 100,000 three-byte characters: 300,000 bytes, over 256 KiB though under 262,144 characters.
    const { err } = await refused({ name: "app/x", data: { s: "€".repeat(100_000) } }, { maxEventSize: 256 * 1024 });
    expect(err.issues[0]!.message).toMatch(/300\d{3} bytes/);
  });

  test("the default per-event limit is 3 MiB", async () => {
    const { err } = await refused({ name: "app/x", data: { s: "x".repeat(3 * 1024 * 1024) } });
    expect(err.issues[0]!.message).toContain("3145728");
  });

  test("a single bad event is refused with its field (no index: it was not a batch)", async () => {
    const { err, requests } = await refused({ name: "" });
    expect(requests).toHaveLength(0);
    expect(err.issues).toEqual([{ path: "name", message: expect.any(String) }]);
  });

  test("the whole array is validated first: one bad event late in a big batch refuses it all", async () => {
    const events: unknown[] = numbered(1500);
    events[1400] = { name: "inngest/x" };
    events[3] = { name: "app/x", data: [] };
    const { err, requests } = await refused(events);
    expect(requests).toHaveLength(0);
    expect(err.issues.map((i: ValidationIssue) => [i.index, i.path])).toEqual([
      [3, "data"],
      [1400, "name"],
    ]);
  });

  test("several problems in one event are all listed", async () => {
    const { err } = await refused([{ name: "", data: "x", ts: "y" }]);
    expect(err.issues.map((i) => i.path).sort()).toEqual(["data", "name", "ts"]);
    expect(err.issues.every((i) => i.index === 0)).toBe(true);
  });
});

describe("a stream is validated chunk by chunk", () => {
  function counted(events: unknown[]) {
    const state = { read: 0 };
    async function* gen() {
      for (const e of events) {
        state.read++;
        yield e;
      }
    }
    return { state, gen };
  }

  test("a bad event stops reading right there; the chunks before it are sent, and the error says where", async () => {
    const events: unknown[] = numbered(2000);
    events[700] = { name: "app/x", data: 7 };
    const { state, gen } = counted(events);
    const { fetch, requests } = wire(acceptAll);
    const inngest = createInngestClient({ eventKey, fetch });

    const err = await inngest.events.send(gen() as never, { concurrency: 1 }).catch((e: unknown) => e);

    // Nothing after the bad event was read.
    expect(state.read).toBe(701);
    // The first full chunk (0..511) was sent; the bad event's chunk was not.
    expect(requests).toHaveLength(1);
    expect((requests[0]!.body as unknown[]).length).toBe(512);
    expect(err).toBeInstanceOf(PartialSendError);
    const partial = err as PartialSendError;
    expect(partial.ids.slice(0, 512).every((id) => typeof id === "string")).toBe(true);
    expect(partial.ids.slice(512)).toEqual(Array(189).fill(null));
    expect(partial.failedIndexes).toEqual(range(189, 512));
    expect(partial.failedEvents).toEqual(events.slice(512, 701));
    const cause = partial.errors.find((e) => e instanceof ValidationError) as ValidationError;
    expect(cause.issues).toEqual([expect.objectContaining({ index: 700, path: "data" })]);
    expect(cause.message.split("\n")[0]).toBe("Invalid event at position 700: reading stopped there, and positions 512-700 were not sent.");
  });

  test("a bad first event refuses the stream with the ValidationError itself, and nothing is sent", async () => {
    const { state, gen } = counted([{ name: "app/ok" }, { name: "" }, { name: "app/ok" }]);
    const { fetch, requests } = wire(acceptAll);
    const err = await createInngestClient({ eventKey, fetch })
      .events.send(gen() as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([expect.objectContaining({ index: 1, path: "name" })]);
    expect(state.read).toBe(2);
    expect(requests).toHaveLength(0);
  });

  test("a stream that stops early is closed (its finally block runs)", async () => {
    let closed = false;
    function* gen() {
      try {
        yield { name: "app/ok" };
        yield { name: "" };
        yield { name: "app/never" };
      } finally {
        closed = true;
      }
    }
    const { fetch } = wire(acceptAll);
    await expect(createInngestClient({ eventKey, fetch }).events.send(gen())).rejects.toBeInstanceOf(ValidationError);
    expect(closed).toBe(true);
  });
});

describe("run-time schemas per event name (Standard Schema)", () => {
  type Events = { "app/user.signup": { data: { userId: string } }; "app/other": { data?: Record<string, unknown> } };
  const schemas = { "app/user.signup": z.object({ userId: z.string().min(1) }) };

  test("data that fails its event's schema is refused with the field path, nothing sent", async () => {
    const { fetch, requests } = wire(acceptAll);
    const inngest = createInngestClient<Events>({ eventKey, fetch, schemas });
    const err = await inngest.events
      .send([{ name: "app/user.signup", data: { userId: "u_1" } }, { name: "app/user.signup", data: { userId: 1 as unknown as string } }])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([expect.objectContaining({ index: 1, path: "data.userId" })]);
    expect(requests).toHaveLength(0);
  });

  test("valid data passes, and events of other names are not checked", async () => {
    const { fetch, requests } = wire(acceptAll);
    const inngest = createInngestClient<Events>({ eventKey, fetch, schemas });
    await inngest.events.send([{ name: "app/user.signup", data: { userId: "u_1" } }, { name: "app/other", data: { anything: true } }]);
    expect(requests).toHaveLength(1);
  });

  test("an async Standard Schema validator is awaited", async () => {
    const asyncSchema = {
      "~standard": {
        version: 1 as const,
        vendor: "test",
        validate: async (value: unknown) =>
          (value as { ok?: unknown }).ok === true ? { value: value as { ok: true } } : { issues: [{ message: "not ok", path: ["ok"] }] },
      },
    };
    const { fetch, requests } = wire(acceptAll);
    const inngest = createInngestClient<{ "app/check": { data: { ok: boolean } } }>({ eventKey, fetch, schemas: { "app/check": asyncSchema } });
    const err = await inngest.events.send({ name: "app/check", data: { ok: false } }).catch((e: unknown) => e);
    expect((err as ValidationError).issues).toEqual([{ path: "data.ok", message: "not ok" }]);
    await inngest.events.send({ name: "app/check", data: { ok: true } });
    expect(requests).toHaveLength(1);
  });
});

describe("properties", () => {
  const validName = fc
    .string({ minLength: 1, maxLength: 256, unit: "grapheme" })
    .filter((n) => n.length <= 256 && !n.toLowerCase().startsWith("inngest/"));
  const data = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 });
  const validEvent = fc.record(
    {
      name: validName,
      data,
      user: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
      id: fc.string(),
      ts: fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2100, 0, 1) }),
      v: fc.string(),
    },
    { requiredKeys: ["name"] },
  );
  // The wire order the SDK documents: name, data (default {}), user, id, ts, v.
  const wireForm = (e: Record<string, unknown>) => {
    const out: Record<string, unknown> = { name: e.name, data: e.data ?? {} };
    for (const k of ["user", "id", "ts", "v"]) if (k in e) out[k] = e[k];
    return out;
  };

  test("any valid batch is sent byte-identical to its JSON", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(validEvent, { minLength: 1, maxLength: 5 }), async (events) => {
        const { fetch, requests } = wire(acceptAll);
        const { ids } = await createInngestClient({ eventKey, fetch }).events.send(events);
        expect(ids).toHaveLength(events.length);
        expect(requests).toHaveLength(1);
        expect(requests[0]!.text).toBe(JSON.stringify(events.map(wireForm)));
      }),
      { numRuns: 100 },
    );
  });

  test("an invalid name is always refused, and nothing is sent", async () => {
    const invalidName = fc.oneof(
      fc.constant(""),
      fc.string({ minLength: 257, maxLength: 400 }),
      fc
        .tuple(fc.constantFrom("inngest/", "INNGEST/", "Inngest/", "inNgEsT/"), fc.string())
        .map(([p, rest]) => p + rest),
      fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.dictionary(fc.string(), fc.string())),
    );
    await fc.assert(
      fc.asyncProperty(invalidName, fc.nat(3), async (name, at) => {
        const events: unknown[] = numbered(4);
        events[at] = { name, data: {} };
        const { fetch, requests } = wire(acceptAll);
        const err = await createInngestClient({ eventKey, fetch })
          .events.send(events as never)
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as ValidationError).issues).toEqual([expect.objectContaining({ index: at, path: "name" })]);
        expect(requests).toHaveLength(0);
      }),
      { numRuns: 100 },
    );
  });

  const routes = [
    { call: "get", method: "GET", route: (seg: string) => ["", "v2", "runs", seg], search: "?includeOutput=true" },
    { call: "trace", method: "GET", route: (seg: string) => ["", "v2", "runs", seg, "trace"], search: "" },
    { call: "cancel", method: "DELETE", route: (seg: string) => ["", "v1", "runs", seg], search: "" },
    { call: "jobs", method: "GET", route: (seg: string) => ["", "v1", "runs", seg, "jobs"], search: "" },
    { call: "replay", method: "POST", route: (seg: string) => ["", "v2", "runs", seg, "rerun"], search: "" },
  ] as const;

  const isWellFormed = (s: string) => {
    try {
      encodeURIComponent(s);
      return true;
    } catch {
      return false;
    }
  };

  test("any run id is percent-encoded into exactly one path segment of its own route, or refused with nothing sent", async () => {
    const id = fc.oneof(
      fc.string({ unit: "binary", maxLength: 20 }),
      fc.constantFrom("", ".", "..", "/", "../apps", "..%2F", "%2e%2e", "a/b", "a?b=c", "a#b", "\\..\\", " ", "\uD800", "é/ü"),
    );
    await fc.assert(
      fc.asyncProperty(id, fc.constantFrom(...routes), async (runId, { call, method, route, search }) => {
        const answers = { replay: { runId: "new" }, jobs: [], trace: { runId: "r", rootSpan: { id: "s", name: "f" } }, get: { id: "r", status: "RUNNING" }, cancel: {} };
        const { fetch, requests } = wire(() => json({ data: answers[call] }));
        const runs = createInngestClient({ signingKey: "signkey-test-12345678", fetch, maxRetries: 0 }).runs;
        const result = runs[call](runId).then(
          () => undefined,
          (e: unknown) => e,
        );
        if (runId === "" || runId === "." || runId === ".." || !isWellFormed(runId)) {
          expect(await result).toBeInstanceOf(ValidationError);
          expect(requests).toHaveLength(0);
          return;
        }
        expect(await result).toBeUndefined();
        expect(requests).toHaveLength(1);
        const req = requests[0]!;
        expect(req.method).toBe(method);
        expect(req.url.origin).toBe("https://api.inngest.com");
        expect(req.url.search).toBe(search);
        expect(req.url.hash).toBe("");
        const segments = req.url.pathname.split("/");
        expect(segments).toEqual(route(encodeURIComponent(runId)));
        expect(decodeURIComponent(segments[3]!)).toBe(runId);
      }),
      { numRuns: 200 },
    );
  });
});

describe("a data schema that throws instead of returning issues", () => {
  test("is reported as a ValidationError naming the event, and nothing is sent", async () => {
    const { fetch, requests } = wire(acceptAll);
    const throwing = {
      "~standard": {
        version: 1 as const,
        vendor: "test",
        validate: () => {
          throw new Error("validator bug");
        },
      },
    };
    const inngest = createInngestClient<{ "app/x": { data: Record<string, unknown> } }>({ fetch, eventKey, schemas: { "app/x": throwing } });
    const err = await inngest.events.send([{ name: "app/x", data: {} }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([{ index: 0, path: "data", message: 'the schema for "app/x" threw: validator bug' }]);
    expect(requests).toHaveLength(0);
  });
});

describe("values that break while being read or serialised", () => {
  test.each([
    ["a getter that throws", { name: "app/x", get data(): Record<string, unknown> { throw new Error("boom"); } }],
    ["a toJSON that returns a BigInt", { name: "app/x", data: { when: { toJSON: () => 1n } } }],
  ])("%s is a ValidationError for that event, and nothing is sent", async (_, bad) => {
    const { fetch, requests } = wire(acceptAll);
    const err = await createInngestClient({ fetch, eventKey }).events.send([{ name: "app/ok" }, bad]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]).toMatchObject({ index: 1 });
    expect(requests).toHaveLength(0);
  });

  test("ts with a fraction of a millisecond is refused (the server reads an int64)", async () => {
    const { fetch, requests } = wire(acceptAll);
    const err = await createInngestClient({ fetch, eventKey }).events.send({ name: "app/x", ts: 1_700_000_000_000.5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]).toMatchObject({ path: "ts" });
    expect(requests).toHaveLength(0);
  });
});
