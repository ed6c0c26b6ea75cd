/**
 * The model-based test of events.send at soak length: thousands of random sequences of sends,
 * resends and faults (see test/helpers/send-model.ts), longer and with larger sends than the
 * few hundred `npm test` runs. A failure prints the shrunk sequence and a seed to replay it.
 */
import fc from "fast-check";
import { test } from "vitest";
import { sendModelProperty } from "../helpers/send-model.js";

test("5,000 random sequences of sends, resends and faults: nothing stored twice, nothing lost", async () => {
  await fc.assert(sendModelProperty(14, 12), { numRuns: 5_000 });
});
