/**
 * The `--failed FILE` of `events send`: NDJSON of every event not accepted, in input order, ready
 * for `inngest-rest events send FILE`. A chunk that was posted and failed without a definite
 * answer (a timeout, a reset, a 5xx) may have been stored all the same; its events follow a
 * `{"$resend":{"seed","count","sha256"}}` line, so the resend posts them as one request under the
 * same `x-inngest-event-id-seed` and the server derives the same ids: no event starts a run twice
 * (the server stores the resent events again, under the same ids: its event log may list them twice).
 * Written to a temporary file and renamed at the end, so the file read can be the file written.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import { once } from "node:events";
import { sha256, type Tap } from "../tap.js";
import { MARKER } from "./records.js";

/** A chunk's body as the SDK posts it: the events' JSON, comma-joined, in brackets. */
export const bodyOf = (json: readonly string[]): string => `[${json.join(",")}]`;

/**
 * Where, in the failed events, a post that was not accepted sits whole: its seed, first position
 * and length. Found by content (the post's body against the events' JSON), so it holds however
 * the SDK cut its chunks.
 */
export function sealedRuns(json: readonly string[], unaccepted: ReadonlyMap<string, string>): Map<number, { seed: string; count: number; body: string }> {
  const runs = new Map<number, { seed: string; count: number; body: string }>();
  for (const [seed, body] of unaccepted) {
    let count: number;
    try {
      count = (JSON.parse(body) as unknown[]).length;
    } catch {
      continue; // not a body the SDK made
    }
    for (let at = 0; at + count <= json.length; at++) {
      if (runs.has(at) || !body.startsWith(`[${json[at]}${count > 1 ? "," : "]"}`)) continue;
      if (bodyOf(json.slice(at, at + count)) === body) {
        runs.set(at, { seed, count, body });
        break;
      }
    }
  }
  return runs;
}

export class FailedFile {
  readonly #path: string;
  readonly #temp: string;
  readonly #out: WriteStream;
  /** Events written (markers not counted). */
  count = 0;

  constructor(path: string) {
    this.#path = path;
    this.#temp = `${path}.${process.pid}.tmp`;
    this.#out = createWriteStream(this.#temp);
  }

  /** Writes failed events; a run of them posted whole under a seed not accepted gets its marker first. */
  async events(events: readonly unknown[], tap: Tap): Promise<void> {
    const json = events.map((e) => JSON.stringify(e));
    const sealed = sealedRuns(json, tap.unaccepted);
    for (let at = 0; at < json.length; at++) {
      const run = sealed.get(at);
      if (run) {
        tap.unaccepted.delete(run.seed);
        await this.#line(JSON.stringify({ [MARKER]: { seed: run.seed, count: run.count, sha256: sha256(run.body) } }));
      }
      await this.#line(json[at]!);
      this.count++;
    }
  }

  /** Copies the input not read, as it is (resend markers keep their meaning). */
  async rest(lines: AsyncIterable<string>): Promise<void> {
    for await (const line of lines) {
      await this.#line(line);
      if (!line.includes(`"${MARKER}"`)) this.count++;
    }
  }

  async close(): Promise<void> {
    this.#out.end();
    await once(this.#out, "finish");
    await rename(this.#temp, this.#path);
  }

  async #line(text: string): Promise<void> {
    if (!this.#out.write(text + "\n")) await once(this.#out, "drain");
  }
}
