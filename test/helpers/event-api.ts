/**
 * A small fake of the Event API's storage, faithful where exactly-once delivery depends on it:
 * event ids are derived from the `x-inngest-event-id-seed` header the way the server does it
 * (reference §1.2: the i-th event of a request, counting from 1, gets entropy bytes 6..9 read as
 * a big-endian uint32 plus i), and events are stored by that id, so a retried POST that reuses its
 * seed overwrites instead of duplicating.
 */
import type { WireRequest } from "./wire.js";

/** The seed header's parts, or `undefined` when the server would reject it. */
export function decodeSeed(seed: string | undefined): { ms: number; entropy: Uint8Array } | undefined {
  const match = /^(\d+),([A-Za-z0-9+/]+={0,2})$/.exec(seed ?? "");
  if (!match) return undefined;
  const ms = Number(match[1]);
  const entropy = Uint8Array.from(atob(match[2]!), (c) => c.charCodeAt(0));
  if (!(ms > 0) || entropy.length !== 10) return undefined;
  return { ms, entropy };
}

/** The ids the server derives for `count` events sent with `seed`. */
export function seedIds(seed: string, count: number): string[] {
  const decoded = decodeSeed(seed);
  if (!decoded) throw new Error(`invalid seed ${seed}`);
  const { ms, entropy } = decoded;
  const view = new DataView(entropy.buffer, entropy.byteOffset, entropy.byteLength);
  const base = view.getUint32(6, false);
  const head = Array.from(entropy.subarray(0, 6), (b) => b.toString(16).padStart(2, "0")).join("");
  return Array.from({ length: count }, (_, i) => `${ms.toString(36)}-${head}-${((base + i + 1) >>> 0).toString(16).padStart(8, "0")}`);
}

/** Events stored by their seed-derived id. */
export class EventStore {
  readonly byId = new Map<string, unknown>();

  /** Stores a request's events (all of them, or the first `count`) and returns their ids. */
  store(req: WireRequest, count?: number): string[] {
    const events = req.body as unknown[];
    const ids = seedIds(req.headers["x-inngest-event-id-seed"]!, events.length).slice(0, count ?? events.length);
    ids.forEach((id, i) => this.byId.set(id, events[i]));
    return ids;
  }

  /** The stored events' `data.n`, sorted: a test numbers its events and checks each is here once. */
  numbers(): number[] {
    return [...this.byId.values()].map((e) => (e as { data: { n: number } }).data.n).sort((a, b) => a - b);
  }
}

/** `count` numbered events, `data.n` = position. */
export const numbered = (count: number, name = "app/test.event") =>
  Array.from({ length: count }, (_, n) => ({ name, data: { n } }));

/** `data.n` of the first event of a request: tells which chunk it is. */
export const firstN = (req: WireRequest) => ((req.body as { data: { n: number } }[])[0]?.data.n ?? -1);

/** 0, 1, …, n-1 */
export const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);
