/** The `inngest-rest` executable (dist/cli.js). */
import { runCli } from "./cli.js";

// A reader that stops early (`inngest-rest runs list --all | head -1`) is not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
