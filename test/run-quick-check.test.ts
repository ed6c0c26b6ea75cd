import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { pageEnvelope } from "../src/wire/common.js";
import { quickPage } from "../src/wire/read.js";
import { quickRun } from "../src/wire/quick-run.js";
import { v2RunSchema, v2RunsPage } from "../src/wire/runs.js";

// Pages of runs are read without zod when they have the usual shape (quickRun, runsPage), and by
// zod otherwise. That is safe only if the quick reader never takes what zod refuses and reads what
// it takes exactly as zod does.
describe("the quick run reader agrees with the zod schema", () => {
  const anything = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.array(fc.string(), { maxLength: 2 }),
    fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 }),
  );
  const text = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string(), fc.constant("0001-01-01T00:00:00Z"), fc.constant("2026-11-01T00:00:00Z"));
  const field = <T>(usual: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: usual }, { weight: 1, arbitrary: anything });
  const idObject = fc.oneof(fc.constant(undefined), fc.record({ id: field(text) }, { requiredKeys: [] }));
  const run = fc.record(
    {
      id: field(fc.string()),
      function: field(fc.record({ id: field(text), name: field(text), app: field(idObject) }, { requiredKeys: [] })),
      app: field(idObject),
      status: field(fc.constantFrom("COMPLETED", "RUNNING", "QUEUED", "Scheduled", "")),
      queuedAt: field(text),
      startedAt: field(text),
      endedAt: field(text),
      durationMs: field(fc.oneof(fc.constant(null), fc.string(), fc.nat(), fc.constant("5000"), fc.constantFrom(Number.NaN, Infinity))),
      trigger: field(
        fc.record(
          {
            eventIds: field(fc.array(fc.oneof(fc.constant("00000000000000000000000000"), fc.string(), anything), { maxLength: 3 })),
            eventName: field(text),
            batchId: field(text),
            cronSchedule: field(text),
          },
          { requiredKeys: [] },
        ),
      ),
      output: anything,
      extra: anything,
    },
    { requiredKeys: [] },
  );

  test("whatever quickRun takes, zod takes and reads the same", () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.oneof(run, anything), (input) => {
        const quick = quickRun(input);
        if (quick === undefined) return;
        taken++;
        const parsed = v2RunSchema.safeParse(input);
        expect(parsed.success).toBe(true);
        expect(quick).toEqual(parsed.data);
      }),
      { numRuns: 3000 },
    );
    // Else the property would hold by never taking anything.
    expect(taken).toBeGreaterThan(100);
  });

  test("a page read the quick way equals zod's reading, and a page it cannot read goes to zod", () => {
    const zodPage = pageEnvelope(v2RunSchema);
    const page = fc.record(
      {
        data: field(fc.oneof(fc.constant(null), fc.array(run, { maxLength: 4 }))),
        page: field(fc.record({ cursor: field(text), hasMore: field(fc.boolean()) }, { requiredKeys: [] })),
        metadata: anything,
      },
      { requiredKeys: [] },
    );
    const quickThenZod = quickPage(quickRun, v2RunsPage);
    fc.assert(
      fc.property(fc.oneof(page, anything), (input) => {
        const parsed = zodPage.safeParse(input);
        // What runsPage (quick-run.ts) does, with zod at hand: the quick reader, else zod.
        if (parsed.success) expect(quickThenZod.parse(input)).toEqual(parsed.data);
        else expect(() => quickThenZod.parse(input)).toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});
