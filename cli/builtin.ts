/**
 * Node's built-in modules, loaded as CommonJS. An ESM `import` of a built-in reads every export of
 * it, lazy getters included: `import "node:crypto"` builds WebCrypto, and `import "node:http"`
 * loads Node's whole fetch (undici, about as long as Node's own start-up; docs/benchmarks.md, "CLI
 * start-up"). `require` reads only what the caller touches.
 */
import { createRequire } from "node:module";

export const requireBuiltin = createRequire(import.meta.url) as <T = unknown>(id: `node:${string}`) => T;
