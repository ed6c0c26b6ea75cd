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
import { sealedRuns } from "../../src/resources/send/resend-plans.js";
import { sha256 } from "../tap.js";
import { MARKER } from "./records.js";

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

  /**
   * Writes failed events: the array the SDK handed back (a `PartialSendError`'s `failedEvents`, or
   * the input of a send that failed whole). A run the SDK would resend under its seal (its resend
   * plan on that array) gets its marker first, with the seal's seed and the hash of its body.
   */
  async events(events: readonly unknown[]): Promise<void> {
    const sealed = sealedRuns(events);
    for (let at = 0; at < events.length; at++) {
      const run = sealed.get(at);
      if (run) await this.#line(JSON.stringify({ [MARKER]: { seed: run.seal.seed, count: run.count, sha256: sha256(run.seal.body) } }));
      await this.#line(JSON.stringify(events[at]));
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
