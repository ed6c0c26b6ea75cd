/**
 * Node's module compile cache (`module.enableCompileCache`, Node 22.1+): V8 keeps the code it
 * compiled for each module on disk and reuses it on the next start, which halves the time a call
 * spends compiling the CLI (docs/benchmarks.md, "CLI start-up"). On Node 20 the function does not
 * exist and nothing changes. `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as for Node itself.
 */
import { requireBuiltin } from "./builtin.js";

type Enable = (dir?: string) => unknown;

export function enableCompileCache(): void {
  const enable = requireBuiltin<{ enableCompileCache?: Enable }>("node:module").enableCompileCache;
  if (typeof enable !== "function") return;
  try {
    // A read-only or full temporary folder costs the speed-up, never the call.
    enable();
  } catch {
    // ignore
  }
}
