/**
 * Schema helpers every wire module shares: the v1/v2 envelopes, the v2 page envelope, and the
 * zod forms of protojson's "absent" (the readers of it without zod are in `read.ts`). Like every
 * module that imports zod, this one is reached only through `loadSchemas` (`load.ts`).
 * @module
 */
import * as z from "zod/mini";

/** An optional, nullable string: protojson omits empty strings, v1 sends `null`. @internal */
export const text = z.optional(z.nullable(z.string()));

/** `{ data: T, metadata: {...} }`: both v1 (`fetched_at`) and v2 (`fetchedAt`); metadata is not needed. */
export const envelope = <T extends z.ZodMiniType>(data: T) => z.object({ data });

/** v2 list envelope with its `page`. */
export const pageEnvelope = <T extends z.ZodMiniType>(item: T) =>
  z.object({
    data: z.nullable(z.optional(z.array(item))),
    page: z.optional(z.object({ cursor: text, hasMore: z.optional(z.boolean()) })),
  });

/**
 * A JSON object (any values), for maps such as an event's `data`: cheaper in the bundle than
 * `z.record`, and values are not checked, which is all a pass-through field needs. @internal
 */
export const jsonObject = <T = Record<string, unknown>>() => z.custom<T>((v) => typeof v === "object" && v !== null && !Array.isArray(v));
