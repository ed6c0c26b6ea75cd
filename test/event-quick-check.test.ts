import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { eventSchema, quickEnvelope } from "../src/wire/events.js";

// events.send checks the common valid event without zod (quickEnvelope) and asks zod only when that
// check fails. That is safe only if the quick check never lets through an event zod would refuse,
// and hands on the same fields zod would. Anything it refuses, zod checks and words.
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
        const quick = quickEnvelope(input);
        const parsed = eventSchema.safeParse(input);
        if (quick === undefined) return;
        expect(parsed.success).toBe(true);
        expect(quick).toEqual(parsed.data);
      }),
      { numRuns: 2000 },
    );
  });

  test("the quick check takes the common valid event (else it would save nothing)", () => {
    fc.assert(
      fc.property(nearValid, (input) => {
        if (input.name.toLowerCase().startsWith("inngest/")) return;
        expect(quickEnvelope(input)).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });
});
