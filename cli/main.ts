/**
 * The `inngest-rest` executable (dist/cli.js). It turns on Node's module compile cache, then loads
 * the command line (cli.ts and only the modules the command needs). Nothing else is imported here:
 * a static import would be compiled before the cache is on.
 */
import { enableCompileCache } from "./compile-cache.js";

enableCompileCache();

// A reader that stops early (`inngest-rest runs list --all | head -1`) is not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

const { runCli } = await import("./cli.js");
process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
