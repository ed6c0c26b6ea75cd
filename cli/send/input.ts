/**
 * What `events send` reads: a FILE, `-` (stdin) or `--name/--data`. NDJSON is streamed record by
 * record; a JSON document (one event, or an array, possibly indented) is read whole.
 */
import { createReadStream } from "node:fs";
import { UsageError } from "../exit.js";
import { Lines } from "./lines.js";
import { parseRecord, Records, wireForm } from "./records.js";

export type Input = { kind: "list"; events: unknown[] } | { kind: "records"; records: Records };

export function openStream(file: string | undefined, stdin: NodeJS.ReadableStream & { isTTY?: boolean }): NodeJS.ReadableStream {
  if (file === undefined || file === "-") {
    if (file === undefined && stdin.isTTY) throw new UsageError("events send needs a FILE, - (stdin), or --name; see inngest-rest events send --help");
    return stdin;
  }
  return createReadStream(file);
}

/** Reads up to the first record and decides: NDJSON (streamed) or one JSON document (read whole). */
export async function readInput(stream: NodeJS.ReadableStream): Promise<Input> {
  const lines = new Lines(stream);
  let first: string | undefined;
  try {
    do first = await lines.next();
    while (first !== undefined && first.trim() === "");
  } catch (err) {
    // A FILE that cannot be opened or read: nothing was sent.
    throw new UsageError(`cannot read the input: ${(err as Error).message}`);
  }
  if (first === undefined) return { kind: "list", events: [] };
  const rec = first.trimStart().startsWith("[") ? undefined : parseRecord(first, lines.number);
  if (rec && rec.kind !== "bad") return { kind: "records", records: new Records(lines, rec) };
  // Not one JSON value a line: one document, as `[...]` or an indented object.
  const text = `${first}\n${await lines.rest()}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`the input is neither NDJSON nor one JSON document: ${(err as Error).message}; nothing was sent`);
  }
  return { kind: "list", events: (Array.isArray(value) ? value : [value]).map(wireForm) };
}
