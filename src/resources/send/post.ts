/**
 * Posting one chunk through the request core, under its seal, within what is left of the send's
 * `totalTimeout`. The core retries the POST (same headers, so the same seed) on no answer, 408,
 * 429 and 5xx.
 * @module
 */
import { TimeoutError, ValidationError, type InngestError } from "../../core/errors.js";
import { EVENT_PATH } from "../../internal/auth.js";
import type { CallSettings } from "../../internal/config.js";
import type { Core } from "../../internal/request.js";
import { sealOf, type Chunk, type Seal } from "./chunk.js";

/** How a POST of a chunk ended, and the seal it went out under (none if it never went out). */
export type Posted =
  | { readonly kind: "answered"; readonly seal: Seal; readonly ids: readonly string[] }
  | { readonly kind: "refused"; readonly seal: Seal | undefined; readonly error: InngestError };

/** Posts one chunk. Never rejects: a failure is a `refused` value. */
export type Post = (chunk: Chunk) => Promise<Posted>;

/**
 * The Event API's answer, `{ ids, status }` (`pkg/api/api.go`), as the ids of the `count` events
 * posted (any number when `count` is not given). Checked by hand: a field this small does not need
 * zod, and a send of valid events then never loads it. The CLI counts its progress with it.
 * @throws when the answer does not hold those ids: the chunk was not stored.
 * @internal
 */
export function idsOf(body: unknown, count?: number): string[] {
  const ids = (body as { ids?: unknown } | null)?.ids;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) throw new Error("ids: expected an array of strings");
  if (count !== undefined && ids.length !== count) throw new Error(`expected ${count} ids, got ${ids.length}`);
  // An empty id is the server's placeholder for an event it did not store (pkg/api/api.go).
  if (ids.includes("")) throw new Error("an empty id");
  return ids;
}

/**
 * A `Post` for one send, under the send's settings resolved once. `totalTimeout` bounds the whole
 * send, not each POST: each request is handed the send's deadline (the core gives it what is left),
 * and a chunk whose turn comes after the deadline is not sent at all.
 */
export function poster(core: Core, settings: CallSettings): Post {
  return async (chunk) => {
    if (Date.now() >= settings.deadline) {
      const details = { method: "POST", path: EVENT_PATH, attempts: 0 };
      const error = new TimeoutError(`events.send ran past its totalTimeout of ${settings.totalTimeout} ms; this chunk was not sent`, details);
      // Not sent now, but a chunk from a resend plan keeps its seal for the next try.
      return { kind: "refused", seal: chunk.seal, error };
    }
    const seal = sealed(chunk);
    if (seal instanceof ValidationError) return { kind: "refused", seal: undefined, error: seal };
    try {
      const ids = await postSealed(core, seal, chunk.events.length, settings);
      return { kind: "answered", seal, ids };
    } catch (err) {
      // The core rejects with an InngestError only.
      return { kind: "refused", seal, error: err as InngestError };
    }
  };
}

function postSealed(core: Core, seal: Seal, count: number, settings: CallSettings): Promise<string[]> {
  return core.request(
    {
      api: "event",
      method: "POST",
      body: seal.body,
      // One seed per chunk, reused by every retry of this request (and by a resend of the chunk).
      headers: { "x-inngest-event-id-seed": seal.seed },
      parse: (body) => idsOf(body, count),
    },
    settings,
  );
}

/**
 * The chunk's seal, or why its JSON cannot be written: the caller changed an event after `send`
 * checked it (a BigInt or a cycle put into its data since). That chunk is not sent.
 */
function sealed(chunk: Chunk): Seal | ValidationError {
  try {
    return sealOf(chunk);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const issues = [{ index: chunk.start, path: "", message: `cannot be turned into JSON: ${why}` }];
    const message = `Events at positions ${chunk.start}-${chunk.start + chunk.events.length - 1} were changed after they were checked and cannot be sent (${why}); they were not sent.`;
    return new ValidationError(message, issues);
  }
}
