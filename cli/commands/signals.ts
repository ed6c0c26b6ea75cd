import { jsonFlag } from "../flags.js";
import { command } from "../registry.js";

export const signalsSend = command({
  name: "signals send",
  summary: "resume the run waiting on a signal (step.waitForSignal); prints {runId}, null when none waited",
  usage: "signals send SIGNAL [--data JSON]",
  details: "Not idempotent: a signal that reached the server is consumed, so it is retried only when the request cannot have reached it.",
  examples: [`inngest-rest signals send approval-o_1 --data '{"approved":true}'`],
  args: { min: 1, max: 1 },
  flags: { data: { type: "string", value: "JSON", help: "the signal's data, any JSON value" } },
  run: async (ctx) => ctx.out.value(await ctx.client().signals.send(ctx.args[0]!, jsonFlag(ctx.flags, "data"))),
});
