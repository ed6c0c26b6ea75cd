import { UsageError } from "../exit.js";
import { intFlag } from "../flags.js";
import { stopWithParent } from "../parent.js";
import { command } from "../registry.js";

export const emulator = command({
  name: "emulator",
  summary: "serve the built-in emulator on 127.0.0.1, to try every command offline",
  usage: "emulator [--port 8288] [--runs N] [--progress]",
  details: `Serves Inngest's Event API and REST API (v1 and v2) from memory, seeded with 3 apps and 250
runs, like a dev server: any event key, no signing key. Prints {"url","port"} on stdout, then
serves until Ctrl-C, a kill, or the end of the process that started it (npx included).
In another shell: INNGEST_DEV=<url> inngest-rest runs list --status failed --all
With --progress, runs that events, invokes and replays start move queued -> running -> completed
(through their function's steps) as on a real server, so "runs wait" and signals work offline.`,
  examples: ["inngest-rest emulator --port 8288", "inngest-rest emulator --progress"],
  args: { min: 0, max: 0 },
  local: true,
  flags: {
    port: { type: "string", value: "N", help: "port to listen on; 0 picks a free one (default 8288)" },
    runs: { type: "string", value: "N", help: "runs to seed (default 250)" },
    progress: { type: "boolean", help: "new runs progress to an end, as on a real server (default: they stay queued)" },
  },
  async run(ctx) {
    const port = intFlag(ctx.flags, "port", 0, 65535) ?? 8288;
    const runs = intFlag(ctx.flags, "runs", 0, 100_000);
    const progress = ctx.flags["progress"] === true;
    // Loaded here only: the emulator is most of the CLI's code, and no other command needs it.
    const { createInngestEmulator } = await import("../../src/testing/index.js");
    const server = await createInngestEmulator({ ...(runs !== undefined && { seed: { runs } }), progress })
      .listen(port)
      .catch((err: unknown) => {
        throw listenError(err, port);
      });
    // Watching before the address is printed: whoever reads it may stop the emulator at once.
    const stopped = new Promise<void>((resolve) => stopWithParent(() => void server.close().then(resolve, resolve)));
    await ctx.out.value({ url: server.url, port: server.port });
    ctx.note(`inngest-rest: emulator on ${server.url}; try INNGEST_DEV=${server.url} inngest-rest runs list. Ctrl-C stops it.`);
    await stopped;
  },
});

/** A port taken or not allowed is the user's to change: a usage error (exit 2) that says how. */
function listenError(err: unknown, port: number): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") return new UsageError(`port ${port} is in use; pick another with --port N, or --port 0 for a free one`);
  if (code === "EACCES") return new UsageError(`port ${port} needs privileges this process lacks; pick one above 1023 with --port N`);
  return err;
}
