/**
 * THE request core. Resources hand it a {@link Route} (a method, a path, a parser) and get typed
 * values or typed errors back. A call is one value (`call.ts`): the route, its options resolved
 * once, its target and keys, the record of its attempts. Its steps, each a named function of that
 * value: open the call (`openCall`), try each key in turn (`withKeys`, here), make its attempts
 * through ky under one retry plan (`attempts.ts`, `policy.ts`) with a `fetch` that counts, reports
 * and reads each answer (`transport.ts`), judge the answer once, and parse it (`parsed`, here).
 * No ky error, `Request`, URL or header with a key in it ever leaves the core (`answer.ts`).
 * @module
 */
import { AuthenticationError, InngestError, PermissionDeniedError } from "../core/errors.js";
import { attempts } from "./attempts.js";
import { createAuth } from "./auth.js";
import { announceRetry, type Call, type Engine, openCall } from "./call.js";
import type { CallInput, CallSettings, ResolvedConfig } from "./config.js";
import type { Route } from "./route.js";
import { VERSION } from "../version.js";

export type { Route } from "./route.js";
export type { RequestOptions } from "../core/options.js";

/** The core as resources see it: no secrets, just `request` and the non-secret settings. @internal */
export interface Core {
  /** Makes the call; `options` are the caller's, or settings already resolved (`resolveCall`) for a call of several requests. */
  request<T>(route: Route<T>, options?: CallInput | CallSettings): Promise<T>;
  readonly settings: Pick<ResolvedConfig, "batchSize" | "concurrency" | "maxEventSize" | "maxRetries" | "timeout" | "totalTimeout">;
}

/** Builds the request core for one client. Keys stay in the auth step's closure. @internal */
export function createCore(config: ResolvedConfig): Core {
  const headers: Record<string, string> = { ...config.headers, "user-agent": `inngest-rest/${VERSION}`, "x-inngest-sdk": `inngest-rest:v${VERSION}` };
  if (config.env) headers["x-inngest-env"] = config.env;
  const engine: Engine = { config, auth: createAuth(config), headers };
  const { batchSize, concurrency, maxEventSize, maxRetries, timeout, totalTimeout } = config;
  return {
    request: async (route, options) => {
      const call = await openCall(engine, route, options);
      return parsed(call, route, await withKeys(engine, call));
    },
    settings: { batchSize, concurrency, maxEventSize, maxRetries, timeout, totalTimeout },
  };
}

/**
 * The attempts of the call with its signing key, and, on a 401/403, with `signingKeyFallback`
 * once more (key rotation, as inngest-js does it), as a fresh set of attempts. (Not `ky.retry()`
 * from a hook: ky checks its retry limit first, so with `maxRetries: 0` the fallback would never
 * be tried, and it would spend one of the caller's retries.)
 */
async function withKeys(engine: Engine, call: Call): Promise<unknown> {
  const [primary, fallback] = call.target.authorizations;
  try {
    return await attempts(engine, call, primary);
  } catch (err) {
    if (!fallback || !(err instanceof AuthenticationError || err instanceof PermissionDeniedError)) throw err;
    announceRetry(engine.config.observe, call, { delayMs: 0, reason: "signing key refused: trying signingKeyFallback" });
    return attempts(engine, call, fallback);
  }
}

/** The route's value of the body; a shape the route refuses (zod's error, sync or async) is an `InngestError`. */
async function parsed<T>(call: Call, route: Route<T>, body: unknown): Promise<T> {
  try {
    return await route.parse(body);
  } catch (err) {
    throw new InngestError(`Unexpected response shape from ${call.record.method} ${call.record.path}: ${describeParseError(err)}`);
  }
}

function describeParseError(err: unknown): string {
  const issues = (err as { issues?: { path?: PropertyKey[]; message?: string }[] }).issues;
  if (Array.isArray(issues)) {
    return issues
      .slice(0, 5)
      .map((i) => `${(i.path ?? []).map(String).join(".") || "(root)"}: ${i.message ?? "invalid"}`)
      .join("; ");
  }
  return err instanceof Error ? err.message : String(err);
}
