/**
 * Loads the zod schemas (`schemas.ts`, and zod/mini with them) on the first answer that needs
 * one, once per process. Not at import: zod/mini is about 90 ES modules, 80% of what this SDK's
 * cold import was (docs/benchmarks.md, "Cold import"), and the hot reads (a page of runs the quick
 * reader takes, the Event API's answer to a send) never need it.
 * @module
 */
import type * as z from "zod/mini";
import { lazy } from "../internal/lazy.js";
import type * as Schemas from "./schemas.js";

/**
 * Every schema of `schemas.ts`, loaded on first call and memoised. A bundler splits the module
 * into a chunk of its own (ESM), or keeps it in the bundle behind a `require` run on first call
 * (CJS); either way nothing of zod runs before this does.
 * @internal
 */
export const loadSchemas: () => Promise<typeof Schemas> = lazy(() => import("./schemas.js"));

/**
 * A `Route.parse` that reads the body with the schema `name` of `schemas.ts`, loading the schemas
 * on first use. A shape it refuses rejects with zod's error, which the core turns into the same
 * "Unexpected response shape" `InngestError` as a synchronous parse did.
 * @internal
 */
export const parseWith =
  <K extends keyof typeof Schemas>(name: K) =>
  async (body: unknown): Promise<z.output<(typeof Schemas)[K]>> =>
    (await loadSchemas())[name].parse(body) as z.output<(typeof Schemas)[K]>;
