/**
 * Loads the zod schemas (`schemas.ts`, and zod/mini with them) on the first answer that needs
 * one, once per process. Not at import: zod/mini is about 90 ES modules, 80% of this SDK's cold
 * import (about 80 ms of Node's start on a shared 2-core machine), and the hot reads (a page of
 * runs the quick reader takes, the Event API's answer to a send) never need it.
 * @module
 */
import type * as Schemas from "./schemas.js";

let loading: Promise<typeof Schemas> | undefined;

/**
 * Every schema of `schemas.ts`, loaded on first call and memoised. A bundler splits the module
 * into a chunk of its own (ESM), or keeps it in the bundle behind a `require` run on first call
 * (CJS); either way nothing of zod runs before this does.
 * @internal
 */
export const loadSchemas = (): Promise<typeof Schemas> => (loading ??= import("./schemas.js"));
