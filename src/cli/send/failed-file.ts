/**
 * The `--failed FILE` of `events send`: NDJSON of every event not accepted, in input order, ready
 * for `inngest-rest events send FILE`. A chunk that was posted and failed without a definite
 * answer (a timeout, a reset, a 5xx) may have been stored all the same; its events follow a
 * `{"$resend":{"seed","count","sha256"}}` line, so the resend posts them as one request under the
 * same `x-inngest-event-id-seed` and the server derives the same ids: nothing is stored twice.
 * Written to a temporary file and renamed at the end, so the file read can be the file written.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import { once } from "node:events";
import { sha256, type Tap } from "../tap.js";
import { MARKER } from "./records.js";

export const bodyOf = (events: readonly unknown[]): string => `[${events.map((e) => JSON.stringify(e)).join(",")}]`;

/**
 * Splits failed events (with their positions in one `events.send` call) into runs that were one
 * chunk of that call: consecutive positions, never across a multiple of `batchSize` (the SDK cuts
 * chunks there, src/resources/events.ts).
 */
export function chunkRuns(events: readonly unknown[], indexes: readonly number[], batchSize: number): unknown[][] {
  const runs: unknown[][] = [];
  let previous = -2;
  events.forEach((event, i) => {
    const at = indexes[i]!;
    if (at !== previous + 1 || at % batchSize === 0 || runs.length === 0) runs.push([]);
    runs.at(-1)!.push(event);
    previous = at;
  });
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

  /** Writes failed events; a run whose exact bytes were posted under a seed not accepted gets its marker. */
  async events(events: readonly unknown[], indexes: readonly number[], batchSize: number, tap: Tap): Promise<void> {
    for (const run of chunkRuns(events, indexes, batchSize)) {
      const digest = sha256(bodyOf(run));
      const seed = [...tap.unaccepted].find(([, d]) => d === digest)?.[0];
      if (seed !== undefined) {
        tap.unaccepted.delete(seed);
        await this.#line(JSON.stringify({ [MARKER]: { seed, count: run.length, sha256: digest } }));
      }
      for (const event of run) {
        await this.#line(JSON.stringify(event));
        this.count++;
      }
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
