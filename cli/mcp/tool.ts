/**
 * What a tool is: a name, a description written for a model, a zod/mini input schema (its JSON
 * Schema is generated from it, and arguments are checked with it before any request), MCP's
 * annotations, and a `run` that calls the SDK and says what it got as an {@link Answer}.
 */
import type * as z from "zod/mini";
import type { InngestClient } from "../../src/client.js";
import type { Position } from "./cursor.js";

/** The clients a tool may use. */
export interface ToolContext {
  /** The SDK client, configured from the environment (and `--dev`). */
  readonly client: InngestClient;
  /** The client of a dry run: the SDK's own checks run, and its fetch records the request and sends nothing. */
  dryRun(): DryRun;
  /** Fires when the host cancels the call (`notifications/cancelled`). */
  readonly signal: AbortSignal;
}

/** A client whose requests are recorded, never sent. */
export interface DryRun {
  readonly client: InngestClient;
  /** The requests the SDK tried to make, in order: method, path (an event key shown as `{eventKey}`) and body. */
  readonly requests: { method: string; path: string; body: unknown }[];
}

/** One value: a run, a trace summary, a write's result. */
export interface ValueAnswer {
  readonly kind: "value";
  /** One line for the text rendering, e.g. `run 01J... failed`. */
  readonly headline: string;
  readonly value: Record<string, unknown>;
  /** How to see less (or what is left out), said when the value is cut to fit: "call trace_run with full: true". */
  readonly more?: string;
}

/** One page of a list, already past `start.o` items of the API's page. */
export interface PageAnswer {
  readonly kind: "page";
  /** Plural noun for the items: `runs`, `events`. */
  readonly noun: string;
  readonly items: readonly unknown[];
  /** Where `items[0]` is: the API page's cursor and the items skipped in it. */
  readonly start: Position;
  /** Where the item after the last one is, or `undefined` at the end of the list. */
  readonly after: Position | undefined;
}

export type Answer = ValueAnswer | PageAnswer;

/** MCP's tool annotations (hints a host shows or acts on; never a security boundary). */
export interface Annotations {
  readonly title: string;
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

/** A tool. `S` is its input's zod/mini object schema. */
export interface Tool<S extends z.ZodMiniObject = z.ZodMiniObject> {
  /** snake_case, fixed: hosts and users refer to tools by name. */
  readonly name: string;
  /** For a model: what it does, when to use it, what it costs. */
  readonly description: string;
  readonly input: S;
  /** Its hints; `readOnlyHint: false` makes it a write tool (see {@link isWrite}). */
  readonly annotations: Annotations;
  run(args: z.output<S>, ctx: ToolContext): Promise<Answer>;
}

/** Builds a tool, keeping its schema's type for `run`'s arguments. */
export const tool = <S extends z.ZodMiniObject>(t: Tool<S>): Tool => t as unknown as Tool;

/** Annotations of a read tool: reads only, repeatable, talks to Inngest. */
export const READ = (title: string): Annotations => ({ title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true });

/** Annotations of a write tool. */
export const WRITE = (title: string, hints: { destructive: boolean; idempotent: boolean }): Annotations => ({
  title,
  readOnlyHint: false,
  destructiveHint: hints.destructive,
  idempotentHint: hints.idempotent,
  openWorldHint: true,
});

/** A write tool (not read-only): listed only with `--allow-writes`, takes `dryRun`. */
export const isWrite = (t: Tool): boolean => !t.annotations.readOnlyHint;
