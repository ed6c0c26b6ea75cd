/**
 * Where a request goes and which key it carries: the Event API's key in its URL, the REST API's
 * signing key (hashed, as the official SDK sends it) in `Authorization`, and the rotation key to
 * try once if the first is refused. Keys live in this closure and in the list of strings every
 * error is redacted against.
 * @module
 */
import { invalidOptions, missingKey, type ResolvedConfig } from "./config.js";
import { hashSigningKey } from "./secrets.js";

/** The Event API's path as errors and the observer show it: the key redacted. @internal */
export const EVENT_PATH = "/e/***";

/** Where one call goes. */
export interface Target {
  url: string;
  /** The path as errors and the observer show it: `/e/***` for the Event API. */
  path: string;
  /** `Authorization` values to try in order: the signing key, then its fallback; empty for the Event API and dev mode. */
  authorizations: string[];
}

/** The auth step of the request core. @internal */
export interface Auth {
  /** A promise only until the signing keys are hashed (once per client). */
  target(api: "event" | "rest", pathAndQuery: string): Target | Promise<Target>;
  /** Every key, raw and hashed, that errors must not show. Grows as keys are hashed. */
  readonly secrets: readonly string[];
}

// A key with a stray newline (a secret file's) would make the Request constructor throw, which
// would read as a network failure: say what it is instead, without showing the key.
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** @internal */
export function createAuth(config: ResolvedConfig): Auth {
  const secrets = [config.eventKey, config.signingKey, config.signingKeyFallback].filter((s): s is string => typeof s === "string" && s.length > 0);
  let hashing: Promise<string[]> | undefined;
  let hashed: string[] | undefined;
  const authorizations = () =>
    (hashing ??= Promise.all([config.signingKey, config.signingKeyFallback].filter((k): k is string => !!k).map(hashSigningKey)).then((keys) => {
      for (const k of keys) if (!secrets.includes(k)) secrets.push(k);
      return (hashed = keys.map((k) => `Bearer ${k}`));
    }));

  function target(api: "event" | "rest", pathAndQuery: string): Target | Promise<Target> {
    if (api === "event") {
      // The dev server takes any key; the official SDK sends this placeholder.
      const key = config.eventKey ?? (config.isDev ? "NO_EVENT_KEY_SET" : undefined);
      if (!key) throw missingKey(config, "eventKey");
      return { url: `${config.eventBaseUrl}/e/${encodeURIComponent(key)}`, path: EVENT_PATH, authorizations: [] };
    }
    // Literals, not spreads of a shared base: this runs per call, and a spread costs microseconds.
    const url = config.apiBaseUrl + pathAndQuery;
    if (!config.signingKey) {
      if (config.isDev) return { url, path: pathAndQuery, authorizations: [] };
      throw missingKey(config, "signingKey");
    }
    if (!HEADER_SAFE.test(config.signingKey) || (config.signingKeyFallback !== undefined && !HEADER_SAFE.test(config.signingKeyFallback))) {
      throw invalidOptions([{ path: "signingKey", message: "contains whitespace or a control character (or its fallback does); check for a trailing newline" }]);
    }
    if (hashed) return { url, path: pathAndQuery, authorizations: hashed };
    return authorizations().then((keys) => ({ url, path: pathAndQuery, authorizations: keys }));
  }

  return { target, secrets };
}
