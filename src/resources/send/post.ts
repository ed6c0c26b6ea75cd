/**
 * Posting one chunk through the request core, under its seal, within what is left of the send's
 * `totalTimeout`. The core retries the POST (same headers, so the same seed) on no answer, 408,
 * 429 and 5xx.
 * @module
 */
import * as z from "zod/mini";
import type { RequestOptions } from "../../core/options.js";
import { TimeoutError, type InngestError } from "../../core/errors.js";
import type { Core } from "../../internal/request.js";
import { sealOf, type Chunk, type Seal } from "./chunk.js";

/** How a POST of a chunk ended, and the seal it went out under (none if it never went out). */
export type Posted =
  | { readonly kind: "answered"; readonly seal: Seal; readonly ids: readonly string[] }
  | { readonly kind: "refused"; readonly seal: Seal | undefined; readonly error: InngestError };

/** Posts one chunk. Never rejects: a failure is a `refused` value. */
export type Post = (chunk: Chunk) => Promise<Posted>;

const responseSchema = z.object({ ids: z.array(z.string()) });

/**
 * A `Post` for one send. `totalTimeout` bounds the whole send, not each POST: each request gets
 * what is left of it, and a chunk whose turn comes after the deadline is not sent at all.
 */
export function poster(core: Core, options: RequestOptions | undefined, totalTimeout: number | undefined): Post {
  const deadline = totalTimeout === undefined ? undefined : Date.now() + totalTimeout;
  return async (chunk) => {
    const left = deadline === undefined ? undefined : deadline - Date.now();
    if (left !== undefined && left <= 0) {
      const details = { method: "POST", path: "/e/***", attempts: 0 };
      const error = new TimeoutError(`events.send ran past its totalTimeout of ${totalTimeout} ms; this chunk was not sent`, details);
      // Not sent now, but a chunk from a resend plan keeps its seal for the next try.
      return { kind: "refused", seal: chunk.seal, error };
    }
    const seal = sealOf(chunk);
    try {
      const ids = await postSealed(core, seal, chunk.events.length, left === undefined ? options : { ...options, totalTimeout: left });
      return { kind: "answered", seal, ids };
    } catch (err) {
      // The core rejects with an InngestError only.
      return { kind: "refused", seal, error: err as InngestError };
    }
  };
}

function postSealed(core: Core, seal: Seal, count: number, options: RequestOptions | undefined): Promise<string[]> {
  return core.request(
    {
      api: "event",
      method: "POST",
      body: seal.body,
      // One seed per chunk, reused by every retry of this request (and by a resend of the chunk).
      headers: { "x-inngest-event-id-seed": seal.seed },
      parse: (body) => {
        const { ids } = responseSchema.parse(body);
        if (ids.length !== count) throw new Error(`expected ${count} ids, got ${ids.length}`);
        // An empty id is the server's placeholder for an event it did not store (pkg/api/api.go).
        if (ids.includes("")) throw new Error("an empty id");
        return ids;
      },
    },
    options,
  );
}
