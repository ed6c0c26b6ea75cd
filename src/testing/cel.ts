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
  let tokens: Token[];
  try {
    tokens = tokenize(source);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const take = (text?: string): Token => {
    const token = tokens[pos];
    if (!token || (text !== undefined && token.text !== text)) {
      throw new Error(`Syntax error: expected ${text ?? "an operand"} at ${token ? `'${token.text}'` : "end of input"}`);
    }
    pos++;
    return token;
  };
  type Node = (vars: Record<string, unknown>) => unknown;
  const primary = (): Node => {
    const token = take();
    if (token.text === "(") {
      const inner = or();
      take(")");
      return inner;
    }
    if (token.text === "!") {
      const inner = primary();
      return (vars) => !truthy(inner(vars));
    }
    if (token.kind === "num" || token.kind === "str") return () => token.value;
    if (token.kind !== "ident") throw new Error(`Syntax error: unexpected '${token.text}'`);
    if (token.text === "true" || token.text === "false") return () => token.text === "true";
    if (token.text === "null") return () => null;
    const path = [token.text];
    while (peek()?.text === "." || peek()?.text === "[") {
      if (take().text === ".") path.push(take().text);
      else {
        const key = take();
        if (key.kind !== "str") throw new Error("Syntax error: expected a string index");
        path.push(String(key.value));
        take("]");
      }
    }
    return (vars) => lookup(vars, path);
  };
  const comparison = (): Node => {
    const left = primary();
    const op = peek();
    if (!op || !["==", "!=", "<", "<=", ">", ">="].includes(op.text)) return left;
    pos++;
    const right = primary();
    return (vars) => compare(op.text, left(vars), right(vars));
  };
  const and = (): Node => {
    let node = comparison();
    while (peek()?.text === "&&") {
      pos++;
      const [l, r] = [node, comparison()];
      node = (vars) => truthy(l(vars)) && truthy(r(vars));
    }
    return node;
  };
  const or = (): Node => {
    let node = and();
    while (peek()?.text === "||") {
      pos++;
      const [l, r] = [node, and()];
      node = (vars) => truthy(l(vars)) || truthy(r(vars));
    }
    return node;
  };
  try {
    const root = or();
    if (pos < tokens.length) throw new Error(`Syntax error: unexpected '${tokens[pos]?.text ?? ""}'`);
    return (vars) => {
      try {
        return root(vars) === true;
      } catch {
        return false; // an evaluation error: the run does not match
      }
    };
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
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
