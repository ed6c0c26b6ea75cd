/**
 * The `cursor` a list tool hands back: where the next item is, as the API's page cursor plus the
 * items already shown from that page. An output cut to fit its budget ends mid-page; the offset
 * lets the next call resume at the very next item (the same API page is read again and the items
 * shown are skipped). Opaque to the model: base64url JSON.
 */
import { Buffer } from "node:buffer";
import { ValidationError } from "../../src/core/errors.js";

/** A place in a list: the API cursor of a page (`undefined`: the first page) and items to skip in it. */
export interface Position {
  readonly c: string | undefined;
  readonly o: number;
}

export const FIRST: Position = { c: undefined, o: 0 };

export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify(p.c === undefined ? { o: p.o } : { c: p.c, o: p.o })).toString("base64url");
}

/** The position a `cursor` argument names; a cursor this server did not give is refused, naming `cursor`. */
export function decodeCursor(cursor: string | undefined): Position {
  if (cursor === undefined) return FIRST;
  try {
    const p = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { c?: unknown; o?: unknown };
    if ((p.c === undefined || typeof p.c === "string") && Number.isInteger(p.o) && (p.o as number) >= 0) {
      return { c: p.c as string | undefined, o: p.o as number };
    }
  } catch {
    // refused below
  }
  throw new ValidationError("Invalid arguments: nothing was sent.", [
    { path: "cursor", message: "is not a cursor this server gave: pass the `cursor` of the previous result as it is" },
  ]);
}
