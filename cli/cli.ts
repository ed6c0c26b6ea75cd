/**
 * `inngest-rest`: finds the command, parses its flags with `util.parseArgs`, runs it, and maps
 * what it throws to one JSON line on stderr and an exit code (exit.ts).
 */
import type { InngestClient } from "../src/client.js";
import { VERSION } from "../src/version.js";
import { COMMANDS } from "./commands/index.js";
import { errorJson, EXIT, exitCodeOf, inCliWords, UsageError } from "./exit.js";
import { commandHelp, DRY_RUN, GLOBAL_FLAGS, globalHelp } from "./help.js";
import { Output } from "./output.js";
import type { Command, Context, Flags } from "./registry.js";
import { requireBuiltin } from "./builtin.js";
import { nearest, unknownFlag } from "./suggest.js";
import { createTap } from "./tap.js";
import type { RequestEvent } from "../src/core/observe.js";

/** A `--verbose` line per answer, failed attempt and retry: the SDK's observer events hold no URL, header or key. */
function verboseLine(e: RequestEvent): string | undefined {
  const what = `${e.method} ${e.path} #${e.attempt}`;
  if (e.type === "response") return `${what} -> ${e.status} (${e.durationMs} ms)`;
  if (e.type === "error") return `${what} -> ${e.reason}: ${e.message} (${e.durationMs} ms)`;
  if (e.type === "retry") return `${what} retry in ${e.delayMs} ms (${e.reason})`;
  return undefined;
}

export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** `--dev` takes an optional URL, which parseArgs cannot express: `--dev URL` becomes `--dev=URL`, a bare `--dev` `--dev=`. */
function devFlag(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== "--dev") out.push(argv[i]!);
    else if (/^https?:\/\//.test(argv[i + 1] ?? "")) out.push(`--dev=${argv[++i]}`);
    else out.push("--dev=");
  }
  return out;
}

/** The command named by the first one or two words, and how many words that took. */
function findCommand(argv: readonly string[]): { command?: Command; words: string[] } {
  const words = argv.filter((a) => !a.startsWith("-")).slice(0, 2);
  const command = COMMANDS.find((c) => c.name === words[0]) ?? COMMANDS.find((c) => c.name === words.join(" "));
  if (!command) return { words };
  return { command, words: command.name.split(" ") };
}

function unknownCommand(words: string[]): UsageError {
  if (words.length === 0) return new UsageError("no command given; see inngest-rest --help");
  const group = COMMANDS.filter((c) => c.name.startsWith(`${words[0]} `)).map((c) => c.name);
  const hint = group.length ? `; ${words[0]} has: ${group.join(", ")}` : "; see inngest-rest --help";
  return new UsageError(`unknown command "${words.join(" ")}"${hint}`);
}

function parse(command: Command, argv: string[]): { flags: Flags; args: string[] } {
  const options = { ...GLOBAL_FLAGS, ...command.flags, ...(command.destructive ? { "dry-run": DRY_RUN } : {}) };
  const config = Object.fromEntries(
    Object.entries(options).map(([name, f]) => [name, { type: f.type, ...(f.multiple ? { multiple: true } : {}), ...(f.short ? { short: f.short } : {}) }]),
  );
  const unknown = unknownFlag(argv, Object.keys(options));
  if (unknown !== undefined) {
    const near = nearest(unknown, Object.keys(options));
    throw new UsageError(`unknown flag --${unknown}${near ? ` (did you mean --${near}?)` : ""}; see inngest-rest ${command.name} --help`);
  }
  const { parseArgs } = requireBuiltin<typeof import("node:util")>("node:util");
  try {
    const { values, positionals } = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
    return { flags: values as Flags, args: positionals.slice(command.name.split(" ").length) };
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; see inngest-rest ${command.name} --help`);
  }
}

export async function runCli(rawArgv: readonly string[], io: Io): Promise<number> {
  const argv = devFlag(rawArgv);
  const print = (text: string) => {
    io.stdout.write(text);
    return EXIT.ok;
  };
  try {
    const { command, words } = findCommand(argv);
    if (!command) {
      if (argv.includes("--version")) return print(`${VERSION}\n`);
      if (argv.includes("--help") || argv.includes("-h")) return print(globalHelp(COMMANDS));
      throw unknownCommand(words);
    }
    const { flags, args } = parse(command, argv);
    if (flags["help"]) return print(commandHelp(command));
    if (flags["version"]) return print(`${VERSION}\n`);
    if (args.length < command.args.min || args.length > command.args.max) {
      throw new UsageError(`wrong number of arguments; usage: inngest-rest ${command.usage.split("\n")[0]}`);
    }
    // The SDK (ky, its resources) is loaded only by a command that calls the API: not for help,
    // a usage error or the emulator.
    const sdk = command.local ? undefined : await import("../src/client.js");
    return (await command.run(context(command, { flags, args, io, sdk }))) ?? EXIT.ok;
  } catch (caught) {
    const err = inCliWords(caught);
    io.stderr.write(errorJson(err) + "\n");
    return exitCodeOf(err);
  }
}

/** What one call runs with: its parsed line, its streams, and the SDK's module when it calls the API. */
interface Call {
  flags: Flags;
  args: string[];
  io: Io;
  sdk: typeof import("../src/client.js") | undefined;
}

function context(command: Command, { flags, args, io, sdk }: Call): Context {
  const note = (text: string) => void io.stderr.write(text + "\n");
  const tap = createTap();
  let client: InngestClient | undefined;
  return {
    args,
    flags,
    tap,
    out: new Output(io.stdout),
    note,
    stdin: io.stdin,
    stderr: io.stderr,
    client() {
      const dev = flags["dev"] as string | undefined;
      try {
        if (!sdk) throw new Error(`${command.name} does not call the API`);
        client ??= sdk.createInngestClient({
          fetch: tap.fetch,
          ...(flags["verbose"] ? { observe: (e: RequestEvent) => void (verboseLine(e) && note(`inngest-rest: ${verboseLine(e)}`)) } : {}),
          ...(dev === undefined ? {} : { isDev: true, ...(dev ? { baseUrl: dev } : {}) }),
        });
      } catch (err) {
        // Bad configuration (a non-URL INNGEST_BASE_URL, say): nothing was sent.
        throw new UsageError(`${(err as Error).message} (in ${command.name})`);
      }
      return client;
    },
  };
}
