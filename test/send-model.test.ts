/**
 * The model-based test of events.send (see test/helpers/send-model.ts): a few hundred random
 * sequences of sends, resends and faults here; thousands in the soak (test/soak/send-model.test.ts).
 */
import fc from "fast-check";
import { test } from "vitest";
import { sendModelProperty } from "./helpers/send-model.js";

test("under random faults, aborts and timeouts no event is stored twice and none is lost", async () => {
  await fc.assert(sendModelProperty(), { numRuns: 300 });
}, 60_000);
