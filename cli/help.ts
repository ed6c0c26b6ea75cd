/** `--help` texts, built from the registry so they cannot drift from the commands. */
import { VERSION } from "../src/version.js";
import { EXIT_TABLE } from "./exit.js";
import type { Command, Flag } from "./registry.js";

export const GLOBAL_FLAGS: Record<string, Flag> = {
  dev: { type: "string", value: "[URL]", help: "use a dev server or the emulator: URL, else INNGEST_DEV's, else http://localhost:8288; no keys needed" },
  verbose: { type: "boolean", help: "one line per answer, failed attempt and retry on stderr: method, path, status, time (never a key)" },
  help: { type: "boolean", short: "h", help: "show help" },
  version: { type: "boolean", help: "print the version" },
};

export const DRY_RUN: Flag = { type: "boolean", help: "print the request it would make, and send nothing" };

function flagLines(flags: Record<string, Flag>): string {
  const rows = Object.entries(flags).map(([name, f]) => [`${f.short ? `-${f.short}, ` : ""}--${name}${f.value ? ` ${f.value}` : ""}`, f.help]);
  const width = Math.max(...rows.map(([left]) => left!.length));
  return rows.map(([left, help]) => `  ${left!.padEnd(width)}  ${help}`).join("\n");
}

export function globalHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `inngest-rest ${VERSION}: Inngest's Event API and REST API from the shell, for scripts and agents.

Usage: inngest-rest <command> [args] [flags]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Global flags:
${flagLines(GLOBAL_FLAGS)}

Keys come from the environment only (a key on a command line ends up in shell history and ps):
  INNGEST_EVENT_KEY (events send), INNGEST_SIGNING_KEY and INNGEST_SIGNING_KEY_FALLBACK (the rest),
  INNGEST_ENV (a branch environment), INNGEST_DEV, INNGEST_BASE_URL, INNGEST_EVENT_API_BASE_URL,
  INNGEST_API_BASE_URL. No key is ever printed.

Output: data only on stdout: one JSON value for one object, NDJSON (one value a line) for lists,
indented on a terminal. Errors: one JSON line on stderr,
{"error":{"type","status","code","message","attempts"}}.

${EXIT_TABLE}

Example (offline, against the built-in emulator):
  inngest-rest emulator --port 8288 &
  INNGEST_DEV=http://127.0.0.1:8288 inngest-rest runs list --status failed --all

Help for one command: inngest-rest <command> --help
`;
}

export function commandHelp(c: Command): string {
  const flags = { ...c.flags, ...(c.destructive ? { "dry-run": DRY_RUN } : {}) };
  return `Usage: inngest-rest ${c.usage}

${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.
${c.details ? `\n${c.details}\n` : ""}${Object.keys(flags).length ? `\nFlags:\n${flagLines(flags)}\n` : ""}
Global flags:
${flagLines(GLOBAL_FLAGS)}

Examples:
${c.examples.map((e) => `  ${e}`).join("\n")}

${EXIT_TABLE}
`;
}
