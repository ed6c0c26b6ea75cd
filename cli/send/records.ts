/**
 * NDJSON input as records: events, resend markers (written by `--failed`), and lines that are
 * not JSON. One record of look-ahead, so a send can stop before a marker and leave it unread.
 */
import { wireOf } from "../../src/wire/event-envelope.js";
import type { Lines } from "./lines.js";

/**
 * The line `--failed` writes before the events of a chunk that may have been stored: resend them
 * under this seed (the server then derives the same ids and starts no run twice), if their bytes
 * still hash to `sha256`.
 */
export interface ResendMarker {
  seed: string;
  count: number;
  sha256: string;
}

/** The key of a resend marker line: `{"$resend":{"seed":…,"count":…,"sha256":…}}`. */
export const MARKER = "$resend";

export type Rec =
  | { kind: "event"; event: unknown; raw: string }
  | { kind: "resend"; marker: ResendMarker; raw: string }
  | { kind: "bad"; raw: string; line: number; message: string };

/**
 * An event in the form the SDK sends it (the SDK's own `wireOf`: its fields, in its order; others
 * dropped), read once per line. A value that is not an object is passed on as it is, for the SDK
 * to refuse.
 */
export function wireForm(value: unknown): unknown {
  return typeof value !== "object" || value === null || Array.isArray(value) ? value : wireOf(value);
}

function marker(value: unknown): ResendMarker | undefined {
  const m = (value as Record<string, unknown>)[MARKER] as Partial<ResendMarker> | undefined;
  const ok = typeof m?.seed === "string" && Number.isInteger(m.count) && m.count! > 0 && typeof m.sha256 === "string";
  return ok ? (m as ResendMarker) : undefined;
}

export function parseRecord(raw: string, line: number): Rec {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return { kind: "bad", raw, line, message: `line ${line} is not JSON: ${(err as Error).message}` };
  }
  if (typeof value === "object" && value !== null && MARKER in value) {
    const m = marker(value);
    if (m) return { kind: "resend", marker: m, raw };
    return { kind: "bad", raw, line, message: `line ${line} is a malformed ${MARKER} marker` };
  }
  return { kind: "event", event: wireForm(value), raw };
}

export class Records {
  readonly #lines: Lines;
  #peeked: Rec | undefined | null = null;

  /** `first`: a record already read (to tell NDJSON from a JSON document). */
  constructor(lines: Lines, first?: Rec) {
    this.#lines = lines;
    if (first) this.#peeked = first;
  }

  async peek(): Promise<Rec | undefined> {
    if (this.#peeked === null) this.#peeked = await this.#read();
    return this.#peeked;
  }

  async take(): Promise<Rec | undefined> {
    const rec = await this.peek();
    this.#peeked = null;
    return rec;
  }

  /** The raw lines not taken yet, as they were (blank lines dropped). */
  async *rest(): AsyncGenerator<string> {
    if (this.#peeked) yield this.#peeked.raw;
    this.#peeked = undefined;
    for (let line = await this.#lines.next(); line !== undefined; line = await this.#lines.next()) {
      if (line.trim() !== "") yield line;
    }
  }

  async #read(): Promise<Rec | undefined> {
    for (;;) {
      const line = await this.#lines.next();
      if (line === undefined) return undefined;
      if (line.trim() !== "") return parseRecord(line, this.#lines.number);
    }
  }
}
