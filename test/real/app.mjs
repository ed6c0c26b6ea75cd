// A real Inngest app, served by the official `inngest` package, for the real-server suite.
// Started by test/real/harness.mjs with INNGEST_DEV pointing at the dev server and PORT set.
import { createServer } from "node:http";
import { Inngest, NonRetriableError } from "inngest";
import { serve } from "inngest/node";

const inngest = new Inngest({ id: "real-app" });

const functions = [
  inngest.createFunction({ id: "complete", retries: 0, triggers: [{ event: "real/complete" }] }, async ({ event, step }) => {
    const doubled = await step.run("double", () => (event.data?.n ?? 1) * 2);
    return { doubled };
  }),
  inngest.createFunction({ id: "fail", retries: 0, triggers: [{ event: "real/fail" }] }, async ({ step }) => {
    await step.run("ok-step", () => "fine");
    await step.run("boom", () => {
      throw new NonRetriableError("boom: the real app failed on purpose");
    });
  }),
  inngest.createFunction({ id: "sleep", retries: 0, triggers: [{ event: "real/sleep" }] }, async ({ event, step }) => {
    await step.sleep("nap", event.data?.duration ?? "1h");
    return { slept: true };
  }),
  inngest.createFunction({ id: "wait-signal", retries: 0, triggers: [{ event: "real/wait-signal" }] }, async ({ event, step }) => {
    const got = await step.waitForSignal("wait", { signal: event.data.signal, timeout: "1h", onConflict: "replace" });
    return { got: got?.data ?? null };
  }),
  inngest.createFunction({ id: "invokable", retries: 0, triggers: [{ event: "real/invokable" }] }, async ({ event }) => {
    return { echo: event.data ?? null };
  }),
  // test/real/mcp.test.ts (the MCP server's tools): ids mcp-*, events real/mcp/*.
  inngest.createFunction({ id: "mcp-fail", retries: 0, triggers: [{ event: "real/mcp/fail" }] }, async ({ step }) => {
    await step.run("mcp-ok", () => "fine");
    await step.run("mcp-boom", () => {
      throw new NonRetriableError("mcp-boom: failed on purpose");
    });
  }),
  inngest.createFunction({ id: "mcp-sleep", retries: 0, triggers: [{ event: "real/mcp/sleep" }] }, async ({ step }) => {
    await step.sleep("mcp-nap", "1h");
  }),
  inngest.createFunction({ id: "mcp-wait-signal", retries: 0, triggers: [{ event: "real/mcp/wait-signal" }] }, async ({ event, step }) => {
    const got = await step.waitForSignal("mcp-wait", { signal: event.data.signal, timeout: "1h", onConflict: "replace" });
    return { got: got?.data ?? null };
  }),
  inngest.createFunction({ id: "mcp-echo", retries: 0, triggers: [{ event: "real/mcp/echo" }] }, async ({ event }) => ({ echo: event.data ?? null })),
  // inngest-rest SDK audit (test/real/sdk-audit.test.ts): a step.sendEvent step, and an onFailure handler.
  inngest.createFunction(
    { id: "sdk-send-event", retries: 0, triggers: [{ event: "real/sdk/send-event" }], onFailure: async () => "handled" },
    async ({ event, step }) => {
      await step.sendEvent("emit", { name: "real/sdk/emitted", data: { marker: event.data?.marker ?? null } });
      return { sent: true };
    },
  ),
  // The coverage suite's own (test/real/runs.test.ts): a function that throws outside any step.
  inngest.createFunction({ id: "suite-throw", retries: 0, triggers: [{ event: "real/suite/throw" }] }, async () => {
    throw new NonRetriableError("thrown outside any step");
  }),
  // The coverage suite's own (test/real/runs-paging.test.ts): a run with no step, many at once, to page past 100 runs.
  inngest.createFunction({ id: "suite-page", retries: 0, triggers: [{ event: "real/suite/page" }] }, async ({ event }) => {
    return { i: event.data?.i ?? null };
  }),
  // test/real/faults-*.test.ts: two functions on one event (each event must start each exactly once),
  // and one each for invoke, cancel, replay and signals under injected faults.
  inngest.createFunction({ id: "faults-a", retries: 0, triggers: [{ event: "real/faults/event" }] }, async ({ event }) => ({ k: event.data?.k ?? null })),
  inngest.createFunction({ id: "faults-b", retries: 0, triggers: [{ event: "real/faults/event" }] }, async ({ event }) => ({ k: event.data?.k ?? null })),
  inngest.createFunction({ id: "faults-invoke", retries: 0, triggers: [{ event: "real/faults/invoke" }] }, async ({ event }) => ({ echo: event.data ?? null })),
  inngest.createFunction({ id: "faults-sleep", retries: 0, triggers: [{ event: "real/faults/sleep" }] }, async ({ step }) => {
    await step.sleep("nap", "1h");
  }),
  inngest.createFunction({ id: "faults-fail", retries: 0, triggers: [{ event: "real/faults/fail" }] }, async () => {
    throw new NonRetriableError("faults: failed on purpose, to be replayed");
  }),
  inngest.createFunction({ id: "faults-wait-signal", retries: 0, triggers: [{ event: "real/faults/wait-signal" }] }, async ({ event, step }) => {
    const got = await step.waitForSignal("wait", { signal: event.data.signal, timeout: "1h", onConflict: "replace" });
    return { got: got?.data ?? null };
  }),
];

const handler = serve({ client: inngest, functions });
const server = createServer(handler);
server.listen(Number(process.env.PORT), "127.0.0.1", () => {
  console.log(`app listening on ${process.env.PORT}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
