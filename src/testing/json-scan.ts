/**
 * A JSON syntax scanner with the error messages of Go's `encoding/json` scanner, so the Event API can read a body
 * the way `pkg/eventstream/eventstream.go` streams it: value by value, storing each event before it reads the next.
 */

/** Where a scanned value ends, or Go's syntax error. `eof` marks an input that ended inside the value. */
export type Scanned = { readonly end: number } | { readonly error: string; readonly eof: boolean };

const WS = new Set([" ", "\t", "\n", "\r"]);

export function skipSpace(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && WS.has(text.charAt(i))) i++;
  return i;
}

/** Go's quoteChar: `'x'`, with control characters escaped. */
export function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const quoted = JSON.stringify(c);
  return `'${quoted.slice(1, -1)}'`;
}

class ScanError {
  constructor(
    readonly message: string,
    readonly eof: boolean,
  ) {}
}

/** Scans one JSON value starting at `pos` (leading whitespace allowed). */
export function scanValue(text: string, pos: number): Scanned {
  try {
    return { end: new Scanner(text).value(skipSpace(text, pos), "looking for beginning of value") };
  } catch (error) {
    if (error instanceof ScanError) return { error: error.message, eof: error.eof };
    throw error;
  }
}

class Scanner {
  constructor(private readonly text: string) {}

  private char(i: number): string {
    if (i >= this.text.length) throw new ScanError("unexpected end of JSON input", true);
    return this.text.charAt(i);
  }

  private fail(c: string, context: string): never {
    throw new ScanError(`invalid character ${quoteChar(c)} ${context}`, false);
  }

  value(i: number, context: string): number {
    const c = this.char(i);
    if (c === "{") return this.object(i + 1);
    if (c === "[") return this.array(i + 1);
    if (c === '"') return this.string(i + 1);
    if (c === "-" || (c >= "0" && c <= "9")) return this.number(i);
    for (const literal of ["true", "false", "null"]) {
      if (c === literal.charAt(0)) return this.literal(i, literal);
    }
    return this.fail(c, context);
  }

  private object(start: number): number {
    let i = skipSpace(this.text, start);
    if (this.char(i) === "}") return i + 1;
    for (;;) {
      const c = this.char(i);
      if (c !== '"') this.fail(c, "looking for beginning of object key string");
      i = skipSpace(this.text, this.string(i + 1));
      const colon = this.char(i);
      if (colon !== ":") this.fail(colon, "after object key");
      i = skipSpace(this.text, this.value(skipSpace(this.text, i + 1), "looking for beginning of value"));
      const next = this.char(i);
      if (next === "}") return i + 1;
      if (next !== ",") this.fail(next, "after object key:value pair");
      i = skipSpace(this.text, i + 1);
    }
  }

  private array(start: number): number {
    let i = skipSpace(this.text, start);
    if (this.char(i) === "]") return i + 1;
    for (;;) {
      i = skipSpace(this.text, this.value(i, "looking for beginning of value"));
      const next = this.char(i);
      if (next === "]") return i + 1;
      if (next !== ",") this.fail(next, "after array element");
      i = skipSpace(this.text, i + 1);
    }
  }

  private string(start: number): number {
    let i = start;
    for (;;) {
      const c = this.char(i);
      if (c === '"') return i + 1;
      if (c < " ") this.fail(c, "in string literal");
      if (c === "\\") {
        const e = this.char(i + 1);
        if (e === "u") {
          for (let k = 2; k < 6; k++) {
            const h = this.char(i + k);
            if (!/[0-9a-fA-F]/.test(h)) this.fail(h, "in \\u hexadecimal character escape");
          }
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) this.fail(e, "in string escape code");
        i += 2;
        continue;
      }
      i++;
    }
  }

  private number(start: number): number {
    let i = start;
    if (this.text.charAt(i) === "-") {
      i++;
      const c = this.char(i);
      if (c < "0" || c > "9") this.fail(c, "in numeric literal");
    }
    if (this.text.charAt(i) === "0") i++;
    else while (isDigit(this.text.charAt(i))) i++;
    if (this.text.charAt(i) === ".") {
      i++;
      const c = this.char(i);
      if (!isDigit(c)) this.fail(c, "after decimal point in numeric literal");
      while (isDigit(this.text.charAt(i))) i++;
    }
    if (this.text.charAt(i) === "e" || this.text.charAt(i) === "E") {
      i++;
      if (this.text.charAt(i) === "+" || this.text.charAt(i) === "-") i++;
      const c = this.char(i);
      if (!isDigit(c)) this.fail(c, "in exponent of numeric literal");
      while (isDigit(this.text.charAt(i))) i++;
    }
    return i;
  }

  private literal(start: number, word: string): number {
    for (let k = 1; k < word.length; k++) {
      const c = this.char(start + k);
      if (c !== word.charAt(k)) this.fail(c, `in literal ${word} (expecting '${word.charAt(k)}')`);
    }
    return start + word.length;
  }
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}
