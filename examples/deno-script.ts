// A Deno script that sends events given as JSON, one per argument or one per line of stdin (NDJSON):
//
//   deno run --allow-env --allow-net examples/deno-script.ts '{"name":"app/user.signup","data":{"userId":"u_1"}}'
//   cat events.ndjson | deno run --allow-env --allow-net examples/deno-script.ts
//
// Keys come from INNGEST_EVENT_KEY (read through Deno.env, so --allow-env). Point it at the emulator
// with INNGEST_BASE_URL=http://127.0.0.1:8288 after `node examples/serve-emulator.mjs`. In your own
// project, `deno add npm:inngest-rest` maps the import below.
//
// stdin is streamed into events.send, which reads it one chunk (512 events) at a time and sends chunks
// while reading on: a file of a million lines never sits in memory. A bad line stops reading there; the
// chunks before it were sent, and the error says which line it was.
import { createInngestClient, type InngestClient, isPartialSendError, type SendableEvent, type AnyEvents, ValidationError } from "inngest-rest";

// The few Deno globals this script uses, declared here so it type-checks without Deno's own types.
declare const Deno: {
  readonly args: readonly string[];
  readonly stdin: { readonly readable: ReadableStream<Uint8Array>; isTerminal(): boolean };
  exit(code?: number): never;
};

type AnyEvent = SendableEvent<AnyEvents>;

/** What was sent, and what was not, by line number (from 1, blank lines counted). */
export interface SendLinesResult {
  /** Ids of the events accepted, in input order. */
  ids: string[];
  /** Set when something was not sent. */
  error?: {
    /** Why, naming the line when an event was bad. */
    message: string;
    /** Lines read but not accepted: send them again once fixed. */
    unsentLines: number[];
    /** Reading stopped after this line: the lines after it were never read, so not sent either. */
    stoppedAfterLine?: number;
  };
}

/** Parses each non-blank line as a JSON event and sends them all, streaming. */
export async function sendLines(inngest: InngestClient, lines: Iterable<string> | AsyncIterable<string>): Promise<SendLinesResult> {
  const lineOf: number[] = []; // event position -> line number
  let finished = false;
  let lastLine = 0;
  async function* events(): AsyncGenerator<AnyEvent> {
    for await (const line of lines) {
      lastLine++;
      if (line.trim() === "") continue;
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        // Not JSON: hand it on as it is, so the SDK's check stops the stream at this position.
        event = line;
      }
      lineOf.push(lastLine);
      yield event as AnyEvent;
    }
    finished = true;
  }
  const lineAt = (position: number) => lineOf[position] ?? 0;
  const failed = (message: string, ids: string[], unsentPositions: readonly number[]): SendLinesResult => ({
    ids,
    error: { message, unsentLines: unsentPositions.map(lineAt), ...(finished ? {} : { stoppedAfterLine: lastLine }) },
  });
  try {
    return await inngest.events.send(events());
  } catch (err) {
    if (isPartialSendError(err)) {
      return failed(describe(err.errors[0], lineAt), err.ids.filter((id): id is string => id !== null), err.failedIndexes);
    }
    // Nothing was accepted (a bad event in the first chunk, a refused key, the API unreachable after
    // retries): every line read so far is unsent.
    return failed(describe(err, lineAt), [], lineOf.map((_, i) => i));
  }
}

function describe(err: unknown, lineAt: (position: number) => number): string {
  if (err instanceof ValidationError) {
    return err.issues.map((i) => `line ${lineAt(i.index ?? 0)}: ${i.path ? `${i.path} ` : "event "}${i.message}`).join("; ");
  }
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Splits a byte stream into lines as it arrives. */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let rest = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      rest += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = rest.split(/\r?\n/);
      rest = lines.pop() ?? "";
      yield* lines;
      if (done) break;
    }
    if (rest !== "") yield rest;
  } finally {
    // Reading may stop early (a bad line): let go of stdin.
    reader.releaseLock();
  }
}

// Run by Deno as the main module; imported (by a test, or another module), nothing happens.
if (typeof Deno !== "undefined" && (import.meta as { main?: boolean }).main) {
  if (Deno.args.length === 0 && Deno.stdin.isTerminal()) {
    console.error("usage: deno-script.ts '<event json>' ...   or   ... | deno-script.ts   (one JSON event per line)");
    Deno.exit(2);
  }
  const inngest = createInngestClient(); // INNGEST_EVENT_KEY, INNGEST_BASE_URL, INNGEST_DEV from Deno.env
  const result = await sendLines(inngest, Deno.args.length > 0 ? Deno.args : readLines(Deno.stdin.readable));
  for (const id of result.ids) console.log(id);
  if (result.error) {
    const { message, unsentLines, stoppedAfterLine } = result.error;
    const unread = stoppedAfterLine === undefined ? "" : `, and every line after ${stoppedAfterLine} (not read)`;
    console.error(`${result.ids.length} event(s) sent. Not sent: line(s) ${compact(unsentLines)}${unread}.\n${message}`);
    Deno.exit(1);
  }
  console.error(`${result.ids.length} event(s) sent`);
}

/** `[1,2,3,7]` as `"1-3, 7"`. */
function compact(lines: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    out.push(i === j ? `${lines[i]}` : `${lines[i]}-${lines[j]}`);
    i = j + 1;
  }
  return out.join(", ") || "none";
}
