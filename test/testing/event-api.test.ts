import { describe, expect, test } from "vitest";
import { createInngestEmulator, type InngestEmulator } from "../../src/testing/index.js";

const NOW = Date.UTC(2026, 0, 15, 12);
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

function send(emulator: InngestEmulator, body: unknown, headers: Record<string, string> = {}, key = "test-key") {
  return emulator.fetch(
    new Request(`https://inn.gs/e/${key}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

/** An independent ULID encoder (BigInt over the whole 128 bits) to check the emulator's against. */
function ulidByHand(millis: number, entropy: number[]): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let value = BigInt(millis) << 80n;
  for (const [i, byte] of entropy.entries()) value |= BigInt(byte) << BigInt(8 * (9 - i));
  let out = "";
  for (let i = 0; i < 26; i++) {
    out = alphabet[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

describe("Event API", () => {
  test("accepts one event or a batch and answers a 26-character ULID per event", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const one = await send(emulator, { name: "shop/order.placed", data: { orderId: "o_1" } });
    expect(one.status).toBe(200);
    // ReceiveEvent sets no Content-Type, so net/http sniffs the JSON as text.
    expect(one.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(one.headers.get("x-inngest-server-kind")).toBe("dev");
    const body = (await one.json()) as { ids: string[]; status: number };
    expect(body.status).toBe(200);
    expect(body.ids).toHaveLength(1);
    expect(body.ids[0]).toMatch(ULID);

    const batch = await send(emulator, [{ name: "a/one" }, { name: "a/two", data: { n: 2 } }]);
    const batchBody = (await batch.json()) as { ids: string[] };
    expect(batchBody.ids).toHaveLength(2);
    expect(new Set(batchBody.ids).size).toBe(2);
    expect(emulator.events.map((e) => e.name)).toEqual(["shop/order.placed", "a/one", "a/two"]);
  });

  test("stores what the server stores: ts defaults to the receive time, data._inngest is dropped, id is kept", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    await send(emulator, [
      { name: "a/one", data: { x: 1, _inngest: { secret: true } }, id: "order-1", v: "2024-05-15.1" },
      { name: "a/two", ts: Date.UTC(2025, 5, 1), user: { email: "a@b.c" } },
    ]);
    const [first, second] = emulator.events;
    expect(first).toMatchObject({ name: "a/one", data: { x: 1 }, idempotencyKey: "order-1", v: "2024-05-15.1", ts: NOW, receivedAt: NOW });
    expect(first?.data).not.toHaveProperty("_inngest");
    expect(second).toMatchObject({ data: {}, ts: Date.UTC(2025, 5, 1), user: { email: "a@b.c" } });
  });

  test("seeded ids follow the server's algorithm: the seed's time, entropy bytes 6..9 plus the 1-based index", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const millis = 1_700_000_000_000;
    const entropy = [0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0xff, 0xff, 0xff, 0xfe];
    const seed = `${millis},${btoa(String.fromCharCode(...entropy))}`;
    const res = await send(emulator, [{ name: "a/one" }, { name: "a/two" }], { "x-inngest-event-id-seed": seed });
    const { ids } = (await res.json()) as { ids: string[] };
    // Event 1: 0xfffffffe + 1 = 0xffffffff. Event 2: + 2 wraps to 0x00000000.
    expect(ids).toEqual([
      ulidByHand(millis, [0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0xff, 0xff, 0xff, 0xff]),
      ulidByHand(millis, [0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x00, 0x00, 0x00, 0x00]),
    ]);
    expect(ids[0]?.startsWith("01HF7YAT00")).toBe(true); // 1_700_000_000_000 ms in Crockford base32
  });

  test("a retried request with the same seed maps to the same ids and stores nothing twice", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const headers = { "x-inngest-event-id-seed": `${NOW},${btoa("0123456789")}` };
    const events = [{ name: "shop/order.placed", data: { orderId: "o_1" } }, { name: "a/b" }];
    const first = (await (await send(emulator, events, headers)).json()) as { ids: string[] };
    const retry = (await (await send(emulator, events, headers)).json()) as { ids: string[] };
    expect(retry.ids).toEqual(first.ids);
    expect(emulator.events).toHaveLength(2);
    // Nor does it queue the triggered run twice.
    expect(emulator.runs.list({ eventId: first.ids[0] ?? "" })).toHaveLength(1);
  });

  test("an invalid seed header is ignored, as on the server: ids are random", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    for (const seed of ["0,MDEyMzQ1Njc4OQ==", `${NOW},c2hvcnQ=`, "nonsense", `${NOW},MDEyMzQ1Njc4OQ==,x`]) {
      const a = (await (await send(emulator, { name: "a/b" }, { "x-inngest-event-id-seed": seed })).json()) as { ids: string[] };
      const b = (await (await send(emulator, { name: "a/b" }, { "x-inngest-event-id-seed": seed })).json()) as { ids: string[] };
      expect(a.ids[0]).toMatch(ULID);
      expect(a.ids[0]).not.toBe(b.ids[0]);
    }
    expect(emulator.events).toHaveLength(8);
  });

  test("a bad event in a batch is a 400 that lists (and keeps) the events accepted before it", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const res = await send(emulator, [{ name: "a/one" }, { name: "a/two" }, { name: "" }, { name: "a/four" }]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { ids: string[]; status: number; error: string };
    expect(body).toEqual({ ids: [expect.stringMatching(ULID), expect.stringMatching(ULID)], status: 400, error: "event name is empty" });
    expect(emulator.events.map((e) => e.id)).toEqual(body.ids);
  });

  test.each([
    [{ name: "inngest/foo" }, "event name is reserved for internal use: inngest/foo"],
    [{ name: "Inngest/Function.Finished" }, "event name is reserved for internal use: Inngest/Function.Finished"],
    [{ name: "a/b", ts: Date.UTC(1979, 11, 31) }, "timestamp is before Jan 1, 1980"],
    [{ name: "a/b", data: [1, 2] }, expect.stringContaining("cannot unmarshal array into Go struct field Event.data")],
    [{ name: "a/b", data: "text" }, expect.stringContaining("cannot unmarshal string into Go struct field Event.data")],
    [{ name: 42 }, expect.stringContaining("Event.name of type string")],
  ])("rejects %j with the server's message, and ids [\"\"]", async (event, error) => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const res = await send(emulator, event);
    expect(res.status).toBe(400);
    // api.go answers ids[0:max+1] of a slice of empty strings: one "" when nothing was stored.
    expect(await res.json()).toEqual({ ids: [""], status: 400, error });
    expect(emulator.events).toHaveLength(0);
  });

  test("rejects a body that is neither an object nor an array", async () => {
    const res = await send(createInngestEmulator(), "42");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe(
      "Request body must contain an event object or an array of event objects",
    );
  });

  test("caps a request at 5000 events and an event at 3 MiB", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const many = Array.from({ length: 5001 }, (_, i) => ({ name: "bulk/item", data: { i } }));
    const tooMany = (await (await send(emulator, many)).json()) as { ids: string[]; error: string };
    expect(tooMany.error).toBe("Cannot have more than 5000 events in a batch");
    expect(tooMany.ids).toHaveLength(5000); // streamed: the first 5000 were accepted

    const big = { name: "a/big", data: { blob: "x".repeat(3 * 1024 * 1024) } };
    const size = new TextEncoder().encode(JSON.stringify(big)).length;
    const tooBig = await send(emulator, [{ name: "a/small" }, big]);
    expect(tooBig.status).toBe(400);
    const body = (await tooBig.json()) as { ids: string[]; error: string };
    expect(body.error).toBe(`Event is over the max size: Max 3145728 bytes / Size ${size} bytes`);
    expect(body.ids).toHaveLength(1);
  });

  test("with eventKeys set, an unknown key is a 401 in the key-error shape", async () => {
    const emulator = createInngestEmulator({ eventKeys: ["good-key"] });
    const bad = await send(emulator, { name: "a/b" }, {}, "wrong-key");
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ status: 401, message: "", error: "Event key not found" });
    expect((await send(emulator, { name: "a/b" }, {}, "good-key")).status).toBe(200);
    expect(emulator.events).toHaveLength(1);
  });

  test("without eventKeys any key works (dev server)", async () => {
    expect((await send(createInngestEmulator(), { name: "a/b" }, {}, "NO_EVENT_KEY_SET")).status).toBe(200);
  });

  test("an event queues a run of each active function it triggers, once per idempotency id", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const res = await send(emulator, [
      { name: "shop/order.placed", id: "order-9" },
      { name: "shop/order.placed", id: "order-9" },
      { name: "mailer/digest.requested" }, // its app is archived
    ]);
    const { ids } = (await res.json()) as { ids: string[] };
    const [first = "", duplicate = "", archived = ""] = ids;
    const runs = emulator.runs.list({ eventId: first });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ functionId: "shop-send-receipt", status: "QUEUED", queuedAt: NOW, eventName: "shop/order.placed" });
    expect(emulator.runs.list({ eventId: duplicate })).toHaveLength(0);
    expect(emulator.runs.list({ eventId: archived })).toHaveLength(0);
    expect(emulator.events).toHaveLength(3); // the duplicate is still stored
  });

  test("an empty body, an empty batch and a bare [ answer 200 with ids [\"\"] and store nothing", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    for (const body of ["", "  \n", "[]", "[", " [ ] trailing text is never read"]) {
      const res = await send(emulator, body);
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(await res.text()).toBe('{"ids":[""],"status":200}\n');
    }
    expect(emulator.events).toHaveLength(0);
  });

  test("malformed JSON in a batch keeps the events before the syntax error, with Go's message", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const cases: [string, string, number][] = [
      ['[{"name":"a/1"},{"name":"a/2"},{"name": nope}]', "invalid character 'o' in literal null (expecting 'u')", 2],
      ['[{"name":"a/1"} {"name":"a/2"}]', "expected comma after array element", 1],
      ['[{"name":"a/1"},', "unexpected EOF", 1],
      ['[{"name":"a/1"},]', "invalid character ']' looking for beginning of value", 1],
      ['[{"name":"a/1", }]', "invalid character '}' looking for beginning of object key string", 0],
    ];
    for (const [body, error, stored] of cases) {
      const before = emulator.events.length;
      const res = await send(emulator, body);
      expect(res.status, body).toBe(400);
      const answer = (await res.json()) as { ids: string[]; error: string };
      expect(answer.error, body).toBe(error);
      expect(emulator.events.length - before, body).toBe(stored);
      expect(answer.ids, body).toEqual(stored === 0 ? [""] : emulator.events.slice(before).map((e) => e.id));
    }
  });

  test("a single object is read whole: trailing text or a cut-off body is an error and stores nothing", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const trailing = await send(emulator, '{"name":"a/1"} {"name":"a/2"}');
    expect(await trailing.json()).toEqual({ ids: [""], status: 400, error: "invalid character '{' after top-level value" });
    const cut = await send(emulator, '{"name":"a/1"');
    expect(await cut.json()).toEqual({ ids: [""], status: 400, error: "unexpected end of JSON input" });
    expect(emulator.events).toHaveLength(0);
  });

  test("fields match case-insensitively, as Go's decoder matches them; a fractional ts names its value", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    expect((await send(emulator, { NAME: "a/upper", Data: { x: 1 } })).status).toBe(200);
    expect(emulator.events[0]).toMatchObject({ name: "a/upper", data: { x: 1 } });
    const res = await send(emulator, { name: "a/b", ts: 1.5 });
    expect(((await res.json()) as { error: string }).error).toBe(
      "json: cannot unmarshal number 1.5 into Go struct field Event.ts of type int64",
    );
  });

  test("deduplication by an event id is per function: another function still runs for the same id", async () => {
    const emulator = createInngestEmulator({
      now: () => NOW,
      seed: {
        apps: [{ id: "a", functions: [{ id: "a-on-created", event: "a/created" }, { id: "a-on-updated", event: "a/updated" }] }],
        runs: [],
      },
    });
    // executor.go prefixes the idempotency key with the function id: one id, two functions, two runs.
    await send(emulator, [
      { name: "a/created", id: "same" },
      { name: "a/updated", id: "same" },
      { name: "a/created", id: "same" },
    ]);
    expect(emulator.runs.list().map((r) => r.functionId).sort()).toEqual(["a-on-created", "a-on-updated"]);
  });

  test("only POST is served on /e/{key}; other paths are the plain-text 404", async () => {
    const emulator = createInngestEmulator();
    const get = await emulator.fetch("http://localhost:8288/e/key");
    expect(get.status).toBe(405);
    const missing = await emulator.fetch("http://localhost:8288/nope");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("404 page not found\n");
  });
});
