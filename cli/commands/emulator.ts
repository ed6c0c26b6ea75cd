import { createInngestEmulator } from "../../src/testing/index.js";
import { intFlag } from "../flags.js";
import { command } from "../registry.js";

export const emulator = command({
  name: "emulator",
  summary: "serve the built-in emulator on 127.0.0.1, to try every command offline",
  usage: "emulator [--port 8288] [--runs N] [--progress]",
  details: `Serves Inngest's Event API and REST API (v1 and v2) from memory, seeded with 3 apps and 250
runs, like a dev server: any event key, no signing key. Prints {"url","port"} on stdout, then
serves until Ctrl-C. In another shell: INNGEST_DEV=<url> inngest-rest runs list --status failed --all
With --progress, runs that events, invokes and replays start move queued -> running -> completed
(through their function's steps) as on a real server, so "runs wait" and signals work offline.`,
  examples: ["inngest-rest emulator --port 8288", "inngest-rest emulator --progress"],
  args: { min: 0, max: 0 },
  flags: {
    port: { type: "string", value: "N", help: "port to listen on; 0 picks a free one (default 8288)" },
    runs: { type: "string", value: "N", help: "runs to seed (default 250)" },
    progress: { type: "boolean", help: "new runs progress to an end, as on a real server (default: they stay queued)" },
  },
  async run(ctx) {
    const port = intFlag(ctx.flags, "port", 0, 65535) ?? 8288;
    const runs = intFlag(ctx.flags, "runs", 0, 100_000);
    const progress = ctx.flags["progress"] === true;
    const server = await createInngestEmulator({ ...(runs !== undefined && { seed: { runs } }), progress }).listen(port);
    await ctx.out.value({ url: server.url, port: server.port });
    ctx.note(`inngest-rest: emulator on ${server.url}; try INNGEST_DEV=${server.url} inngest-rest runs list. Ctrl-C stops it.`);
    await new Promise<void>((resolve) => {
      const stop = () => void server.close().then(resolve);
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  },
});
