/**
 * The part of CEL that cancellation `if` expressions use: comparisons of `event.*` fields with literals, joined by
 * `&&`, `||` and `!`, with parentheses. Enough to decide which runs a bulk cancellation matches; anything else
 * is a compile error, as an expression Inngest cannot compile is.
 */

type Token = { kind: "num" | "str" | "ident" | "op"; text: string; value?: unknown };

/** A compiled expression: evaluate it against `{ event }`; a missing field makes it an error (no match). */
export type Compiled = (vars: Record<string, unknown>) => boolean;

const MISSING = Symbol("missing");

/** Compiles `source`, or returns the reason it does not compile. */
export function compileCel(source: string): Compiled | string {
  try {
    const parser = new Parser(tokenize(source));
    const root = parser.expression();
    parser.end();
    return (vars) => {
      try {
        return root(vars) === true;
      } catch {
        return false; // an evaluation error (a missing field, mixed types): the run does not match
      }
    };
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

type Node = (vars: Record<string, unknown>) => unknown;

/** Recursive descent: `||` over `&&` over comparisons over operands. */
class Parser {
  private pos = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  expression(): Node {
    let node = this.and();
    while (this.peek()?.text === "||") {
      this.pos++;
      const [l, r] = [node, this.and()];
      node = (vars) => truthy(l(vars)) || truthy(r(vars));
    }
    return node;
  }

  end(): void {
    const token = this.peek();
    if (token) throw new Error(`Syntax error: unexpected '${token.text}'`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private take(text?: string): Token {
    const token = this.tokens[this.pos];
    if (!token || (text !== undefined && token.text !== text)) {
      throw new Error(`Syntax error: expected ${text ?? "an operand"} at ${token ? `'${token.text}'` : "end of input"}`);
    }
    this.pos++;
    return token;
  }

  private and(): Node {
    let node = this.comparison();
    while (this.peek()?.text === "&&") {
      this.pos++;
      const [l, r] = [node, this.comparison()];
      node = (vars) => truthy(l(vars)) && truthy(r(vars));
    }
    return node;
  }

  private comparison(): Node {
    const left = this.operand();
    const op = this.peek();
    if (!op || !["==", "!=", "<", "<=", ">", ">="].includes(op.text)) return left;
    this.pos++;
    const right = this.operand();
    return (vars) => compare(op.text, left(vars), right(vars));
  }

  private operand(): Node {
    const token = this.take();
    if (token.text === "(") {
      const inner = this.expression();
      this.take(")");
      return inner;
    }
    if (token.text === "!") {
      const inner = this.operand();
      return (vars) => !truthy(inner(vars));
    }
    if (token.kind === "num" || token.kind === "str") return () => token.value;
    if (token.kind !== "ident") throw new Error(`Syntax error: unexpected '${token.text}'`);
    if (token.text === "true" || token.text === "false") return () => token.text === "true";
    if (token.text === "null") return () => null;
    return this.path(token.text);
  }

  /** `event.data.x` or `event.data["x"]`. */
  private path(first: string): Node {
    const path = [first];
    while (this.peek()?.text === "." || this.peek()?.text === "[") {
      if (this.take().text === ".") {
        path.push(this.take().text);
        continue;
      }
      const key = this.take();
      if (key.kind !== "str") throw new Error("Syntax error: expected a string index");
      path.push(String(key.value));
      this.take("]");
    }
    return (vars) => lookup(vars, path);
  }
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_]\w*)|(==|!=|<=|>=|&&|\|\||[<>!().[\]]))/y;
  let index = 0;
  while (index < source.length) {
    if (/^\s*$/.test(source.slice(index))) break;
    re.lastIndex = index;
    const match = re.exec(source);
    if (!match) throw new Error(`Syntax error: token recognition error at: '${source.slice(index).trim().charAt(0)}'`);
    index = re.lastIndex;
    const [, num, str, ident, op] = match;
    if (num !== undefined) tokens.push({ kind: "num", text: num, value: Number(num) });
    else if (str !== undefined) tokens.push({ kind: "str", text: str, value: JSON.parse(`"${str.slice(1, -1).replace(/"/g, '\\"')}"`) });
    else if (ident !== undefined) tokens.push({ kind: "ident", text: ident });
    else if (op !== undefined) tokens.push({ kind: "op", text: op });
  }
  return tokens;
}

function lookup(vars: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = vars;
  for (const key of path) {
    if (typeof value !== "object" || value === null || !(key in value)) throw MISSING;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (op === "==") return a === b;
  if (op === "!=") return a !== b;
  if (typeof a !== typeof b || (typeof a !== "number" && typeof a !== "string")) throw MISSING;
  const [x, y] = [a as number | string, b as number | string];
  return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
}

function truthy(value: unknown): boolean {
  if (typeof value !== "boolean") throw MISSING;
  return value;
}
