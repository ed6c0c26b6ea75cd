import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { MAX_NAME_LENGTH, quickEnvelope, wireOf } from "../src/wire/event-envelope.js";
import { eventSchema } from "../src/wire/event-schema.js";
import { jsonBound, PROBLEM, utf8Length } from "../src/wire/event-json.js";

// events.send checks the common valid event without zod (quickEnvelope) and asks zod only when that
// check fails. That is safe only if the quick check never lets through an event zod would refuse,
// and hands on the same fields zod would. Anything it refuses, zod checks and words.
describe("the event-name length rule has one home", () => {
  // Both checks read MAX_NAME_LENGTH. Were either to keep a number of its own, one of these fails:
  // a quick check stricter than zod would be masked by zod in every send test (it decides then).
  test("the quick check takes a name of exactly 256 characters and refuses 257", () => {
    expect(MAX_NAME_LENGTH).toBe(256);
    expect(quickEnvelope({ name: "a".repeat(256) })).toBe(true);
    expect(quickEnvelope({ name: "a".repeat(257) })).toBe(false);
  });

  test("the zod schema takes a name of exactly 256 characters and refuses 257, saying so", () => {
    expect(eventSchema.safeParse({ name: "a".repeat(256) }).success).toBe(true);
    const refused = eventSchema.safeParse({ name: "a".repeat(257) });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe("is longer than 256 characters");
  });
});

describe("the quick event check agrees with the zod schema", () => {
  const MIN = Date.UTC(1980, 0, 1);
  const MAX = Date.UTC(2100, 0, 1);
  const name = fc.oneof(
    fc.string({ minLength: 1, maxLength: 20 }),
    fc.string({ unit: "binary", maxLength: 300 }),
    fc.constantFrom("", "inngest/x", "INNGEST/run", "İnngest/x", "app/inngest/x", "x".repeat(256), "x".repeat(257), "é".repeat(256)),
    fc.tuple(fc.constantFrom("inngest/", "Inngest/", "inngesT/"), fc.string()).map(([a, b]) => a + b),
  );
  const anything = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
    fc.constant(new Date(0)),
    fc.constant(new Map()),
    fc.constant(Object.create(null) as object),
    fc.bigInt(),
  );
  const ts = fc.oneof(
    fc.integer({ min: MIN - 5, max: MIN + 5 }),
    fc.integer({ min: MAX - 5, max: MAX + 5 }),
    fc.integer({ min: MIN, max: MAX }),
    fc.double(),
    fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, MIN + 0.5, "1700000000000"),
    anything,
  );
  const key = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined, freq: 3 });
  const eventish = fc
    .record(
      {
        name: fc.oneof(name, anything),
        data: anything,
        user: anything,
        id: fc.oneof(fc.string(), anything),
        ts,
        v: fc.oneof(fc.string(), anything),
        extra: anything,
      },
      { requiredKeys: [] },
    );
  // A near-valid event: valid fields with at most one of them replaced.
  const nearValid = fc.record({
    name: fc.string({ minLength: 1, maxLength: 30 }),
    data: key(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 })),
    id: key(fc.string()),
    ts: key(fc.integer({ min: MIN, max: MAX })),
    v: key(fc.string()),
  });
  const spoiled = fc
    .tuple(nearValid, fc.constantFrom("name", "data", "user", "id", "ts", "v"), fc.oneof(anything, ts, name))
    .map(([event, field, value]) => ({ ...event, [field]: value }));

  test.each([
    ["arbitrary objects", eventish],
    ["valid events", nearValid],
    ["valid events with one field spoiled", spoiled],
  ] as const)("on %s: whatever the quick check accepts, zod accepts with the same fields", (_, inputs) => {
    fc.assert(
      fc.property(inputs as fc.Arbitrary<Record<string, unknown>>, (input) => {
        const parsed = eventSchema.safeParse(input);
        if (!quickEnvelope(input)) return;
        expect(parsed.success).toBe(true);
        const { name, data, user, id, ts, v } = parsed.data!;
        // What is sent (the input's wire form) is the wire form of zod's output: the same keys in
        // the same order, data defaulted to {}, nothing else.
        const sent = wireOf(input);
        expect(Object.keys(sent)).toEqual(["name", "data", "user", "id", "ts", "v"]);
        expect(sent).toEqual({ name, data: data ?? {}, user, id, ts, v });
        expect(JSON.stringify(sent)).toBe(JSON.stringify({ name, data: data ?? {}, user, id, ts, v }));
      }),
      { numRuns: 2000 },
    );
  });

  test("the quick check takes the common valid event (else it would save nothing)", () => {
    fc.assert(
      fc.property(nearValid, (input) => {
        if (input.name.toLowerCase().startsWith("inngest/")) return;
        expect(quickEnvelope(input)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

// events.send checks every event of an array before the first POST but writes each chunk's JSON
// only when the chunk is sent; it knows no event is over maxEventSize from jsonBound alone. That
// is safe only if the bound is never below the real size.
describe("the JSON size bound of an event's data is never below its real size", () => {
  const awkward = fc.oneof(
    fc.string({ unit: "binary" }),
    fc.string({ unit: fc.constantFrom("\u0000", "\u001f", "\"", "\\", "\n", "\ud800", "\udfff", "€", "😀", "\u2028") }),
    fc.constant(new Date(8.64e15)),
    fc.constant(new Date(-8.64e15)),
    fc.constant(new Date(Number.NaN)),
    fc.constantFrom(-1.2345678901234567e-308, -1.2345678901234567e-6, -1.0000000000000002e-6, Number.MIN_VALUE, -Number.MAX_VALUE, 0.1 + 0.2, -0),
    fc.double({ min: -1e-6, max: -1e-7, noNaN: true }),
    fc.constant([1, , 3]),
    fc.constant(new Array(50)),
    fc.constant([undefined, undefined]),
    fc.constant({ a: undefined, b: 1 }),
  );
  const value = fc.letrec((tie) => ({
    any: fc.oneof({ depthSize: "small" }, fc.jsonValue(), awkward, fc.array(tie("any"), { maxLength: 4 }), fc.dictionary(fc.string({ unit: "binary" }), tie("any"), { maxKeys: 4 })),
  })).any;

  test("for JSON values, strings that escape, sparse arrays and dates", () => {
    fc.assert(
      // Each value alone too: inside an object, the slack of the keys could hide a bound too low.
      fc.property(fc.oneof(value, fc.dictionary(fc.string({ unit: "binary" }), value, { maxKeys: 5 })), (data) => {
        const bound = jsonBound(data, 0);
        expect(bound).not.toBe(PROBLEM);
        expect(utf8Length(JSON.stringify(data) ?? "null")).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 2000 },
    );
  });

  test("what JSON would drop, change or refuse is a problem, not a size", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const bad of [10n, () => 1, Symbol("s"), Number.NaN, Infinity, new Map(), new Set(), cycle]) {
      expect(jsonBound({ ok: 1, nested: [{ bad }] }, 0)).toBe(PROBLEM);
    }
  });
});
