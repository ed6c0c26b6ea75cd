/**
 * stdout carries data only: one JSON value for one object, NDJSON (one value a line) for lists,
 * written as they arrive. Indented for a person at a terminal, compact when piped.
 */
import { once } from "node:events";

export class Output {
  readonly #stream: NodeJS.WritableStream;
  readonly #indent: number | undefined;

  constructor(stream: NodeJS.WritableStream & { isTTY?: boolean }) {
    this.#stream = stream;
    this.#indent = stream.isTTY ? 2 : undefined;
  }

  /** One JSON value (a command's single result). */
  value(value: unknown): Promise<void> {
    return this.#write(JSON.stringify(value, null, this.#indent) + "\n");
  }

  /** One item of a list: one line when piped. Waits when the reader is slower than the API. */
  item(value: unknown): Promise<void> {
    return this.#write(JSON.stringify(value, null, this.#indent) + "\n");
  }

  async #write(text: string): Promise<void> {
    if (!this.#stream.write(text)) await once(this.#stream, "drain");
  }
}
