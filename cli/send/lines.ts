/**
 * Lines of a text stream, read on demand: nothing is read ahead of what is asked for beyond one
 * chunk of the stream, and what is left can still be read after a send stops (it goes, as it is,
 * to the failed-events file).
 */
export class Lines {
  readonly #chunks: AsyncIterator<string | Buffer>;
  #buffer = "";
  /** Where the unread part of `#buffer` starts. */
  #at = 0;
  #ended = false;
  /** 1-based number of the last line returned. */
  number = 0;

  constructor(stream: NodeJS.ReadableStream) {
    stream.setEncoding("utf8");
    this.#chunks = stream[Symbol.asyncIterator]();
  }

  /** The next line without its line break, or `undefined` at the end. */
  async next(): Promise<string | undefined> {
    for (;;) {
      const at = this.#buffer.indexOf("\n", this.#at);
      if (at !== -1) {
        const line = this.#buffer.slice(this.#at, at);
        this.#at = at + 1;
        this.number++;
        return line.endsWith("\r") ? line.slice(0, -1) : line;
      }
      if (this.#ended) {
        if (this.#at >= this.#buffer.length) return undefined;
        const line = this.#buffer.slice(this.#at);
        this.#buffer = "";
        this.#at = 0;
        this.number++;
        return line;
      }
      const step = await this.#chunks.next();
      if (step.done) this.#ended = true;
      else {
        this.#buffer = this.#buffer.slice(this.#at) + String(step.value);
        this.#at = 0;
      }
    }
  }

  /** Everything left, as one string (for a JSON document that is not NDJSON). */
  async rest(): Promise<string> {
    let out = "";
    for (let line = await this.next(); line !== undefined; line = await this.next()) out += line + "\n";
    return out;
  }
}
