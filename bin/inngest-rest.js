#!/usr/bin/env node
// The `inngest-rest` command: the package's `bin`. The command itself is built to dist/cli.js.
//
// This launcher is a committed file, not a build output, so that `npm ci` in a clone of the
// repository can link it (npm links a bin only when its file exists, and the clone builds on
// `npm test` / `npm run demo`, not at install): `npx inngest-rest` then runs this clone's command
// instead of installing the package again into npx's cache.
const cli = new URL("../dist/cli.js", import.meta.url);
try {
  await import(cli.href);
} catch (err) {
  // Only dist/cli.js itself missing is "not built"; anything else is the command's own error.
  if (err?.code !== "ERR_MODULE_NOT_FOUND" || !String(err.message).includes(new URL(cli).pathname)) throw err;
  const message = "inngest-rest is not built yet: run `npm run build` in this clone (npm test and npm run demo build it too)";
  process.stderr.write(`${JSON.stringify({ error: { type: "UsageError", status: null, code: null, message, attempts: null } })}\n`);
  process.exitCode = 2;
}
