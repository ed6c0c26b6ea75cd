/**
 * The command registry: one entry per command, each a name, its help, its flags and a `run` that
 * calls one SDK method. Adding a command for a new SDK method is one entry in commands/.
 */
import type { InngestClient } from "../src/client.js";
import type { Output } from "./output.js";
import type { Tap } from "./tap.js";

/** A flag of one command, as `util.parseArgs` takes it, plus its help line. */
export interface Flag {
  type: "string" | "boolean";
  /** May be given more than once (`--status failed --status cancelled`). */
  multiple?: boolean;
  short?: string;
  /** The value's placeholder in help (`N`, `JSON`, `FILE`). */
  value?: string;
  help: string;
}

/** The parsed flags of a call: strings, booleans, or arrays of strings for `multiple` flags. */
export type Flags = Record<string, string | boolean | string[] | undefined>;

/** What a command's `run` gets. */
export interface Context {
  /** Positional arguments after the command's name. */
  readonly args: readonly string[];
  readonly flags: Flags;
  /** The SDK client, made on first use from the environment (and `--dev`). */
  client(): InngestClient;
  /** Sees every request the client makes (for `events send`'s progress line; `--verbose` uses the SDK's `observe`). */
  readonly tap: Tap;
  /** stdout: data only. */
  readonly out: Output;
  /** Writes one line of notes to stderr (never data). */
  note(text: string): void;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WriteStream;
}

/** One command. */
export interface Command {
  /** `"runs list"`: the words a user types. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The synopsis, after `inngest-rest `. */
  readonly usage: string;
  /** More lines of help, shown by `<command> --help`. */
  readonly details?: string;
  /**
   * Working examples, each a whole command line; `<RUN_ID>`-style placeholders stand for ids
   * (a test runs every example against the emulator with real ones).
   */
  readonly examples: readonly string[];
  readonly flags?: Readonly<Record<string, Flag>>;
  /** How many positional arguments it takes. */
  readonly args: { readonly min: number; readonly max: number };
  /** Destructive: gets `--dry-run`, which prints the request it would make and sends nothing. */
  readonly destructive?: boolean;
  /** Does not use `ctx.client()` (the emulator; `mcp`, which makes its own clients): the CLI does not make one, and `client()` throws. */
  readonly local?: boolean;
  /** Runs it; resolves to the exit code (0 when nothing is returned). Throws errors for cli.ts to map. */
  run(ctx: Context): Promise<number | void>;
}

/** Builds a command, keeping its literal type for the registry. */
export const command = (c: Command): Command => c;
