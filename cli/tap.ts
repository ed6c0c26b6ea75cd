/**
 * The fetch the CLI hands the SDK: it passes every request through unchanged, and sees the Event
 * API's posts on the way, for two things the SDK keeps in-process:
 *
 * - **Seeds across processes.** A chunk that failed without a definite answer may have been stored;
 *   the SDK resends it safely only under its original `x-inngest-event-id-seed`, and keeps that
 *   seed in memory (a WeakMap on `PartialSendError.failedEvents`). The tap records the seed and body of
 *   each post not (yet) accepted, so `events send --failed FILE` can write it
 *   down; and on a resend it puts that seed back on a post of the very same bytes.
 */
import { requireBuiltin } from "./builtin.js";
import type { FetchLike } from "../src/core/options.js";

const SEED = "x-inngest-event-id-seed";

export interface Tap {
  readonly fetch: FetchLike;
  /** Event API posts not accepted (yet): the body each seed was sent with. */
  readonly unaccepted: Map<string, string>;
  /** Seeds to send instead of the SDK's, by the SHA-256 of the body they belong to (a resend). */
  readonly seedFor: Map<string, string>;
  /** Events the Event API has accepted so far (for progress). */
  accepted: number;
}

export const sha256 = (text: string): string =>
  requireBuiltin<typeof import("node:crypto")>("node:crypto").createHash("sha256").update(text).digest("hex");

export function createTap(): Tap {
  const tap: Tap = {
    unaccepted: new Map(),
    seedFor: new Map(),
    accepted: 0,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const isEvent = request.method === "POST" && new URL(request.url).pathname.startsWith("/e/");
      const sent = isEvent ? await reseed(request, tap) : { request, seed: undefined };
      const response = await globalThis.fetch(sent.request);
      if (sent.seed !== undefined && response.status === 200) await settle(response.clone(), sent.seed, tap);
      return response;
    },
  };
  return tap;
}

/** Records an Event API post's seed (swapping in a resend's seed for the same bytes) and returns the request to send. */
async function reseed(request: Request, tap: Tap): Promise<{ request: Request; seed: string | undefined }> {
  const body = await request.text();
  const headers = new Headers(request.headers);
  const resend = tap.seedFor.size > 0 ? tap.seedFor.get(sha256(body)) : undefined;
  if (resend !== undefined) headers.set(SEED, resend);
  const seed = headers.get(SEED) ?? undefined;
  if (seed !== undefined) tap.unaccepted.set(seed, body);
  return { request: new Request(request.url, { method: "POST", headers, body, signal: request.signal }), seed };
}

/** A 200 whose body lists ids and no error: the chunk is stored, its seed no longer needed. */
async function settle(response: Response, seed: string, tap: Tap): Promise<void> {
  try {
    const body = (await response.json()) as { ids?: unknown; error?: unknown; status?: unknown };
    if (Array.isArray(body.ids) && !body.error && (body.status === undefined || body.status === 200)) {
      tap.unaccepted.delete(seed);
      tap.accepted += body.ids.length;
    }
  } catch {
    // Not JSON: the SDK reports it; the seed stays recorded.
  }
}
