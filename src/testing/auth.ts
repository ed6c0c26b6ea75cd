/** Signing-key auth for `/v1` and `/v2`, as the OSS server checks it (`pkg/authn/signing_key_strategy.go`). */

import { toHex } from "./ids.js";

const PREFIX = /^signkey-\w+-/;

/**
 * `prefix + hex(sha256(hexDecode(rest)))`, what inngest-js sends (`hashSigningKey`).
 * `signkey-test-12345678` → `signkey-test-b2ed9921…916c`. A key whose rest is not hex has no hashed form.
 */
export async function hashSigningKey(key: string): Promise<string | undefined> {
  const prefix = PREFIX.exec(key)?.[0] ?? "";
  const rest = key.slice(prefix.length);
  if (!/^([0-9a-f]{2})+$/i.test(rest)) return undefined;
  const bytes = Uint8Array.from(rest.match(/../g) ?? [], (pair) => parseInt(pair, 16));
  return prefix + toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

/** Whether an `Authorization` header value carries an accepted key. */
export type AuthCheck = (authorization: string | null) => Promise<boolean>;

/**
 * A check of the `Authorization` header against `keys`, or `undefined` when no key is configured (the dev server
 * then accepts anything). Like the server, it strips the `signkey-<env>-` prefix from both sides and accepts the
 * raw key or its hashed form.
 */
export function createAuthCheck(keys: readonly string[]): AuthCheck | undefined {
  if (keys.length === 0) return undefined;
  let accepted: Promise<Set<string>> | undefined;
  const load = async (): Promise<Set<string>> => {
    const tokens = new Set<string>();
    for (const key of keys) {
      tokens.add(key.replace(PREFIX, ""));
      const hashed = await hashSigningKey(key);
      if (hashed) tokens.add(hashed.replace(PREFIX, ""));
    }
    tokens.delete("");
    return tokens;
  };
  return async (authorization) => {
    // authn.TokenFromHeader: the six letters "Bearer" in any case, one more character, and the rest as sent.
    const header = authorization ?? "";
    const token = header.length > 7 && header.slice(0, 6).toUpperCase() === "BEARER" ? header.slice(7) : "";
    if (!token) return false;
    accepted ??= load();
    return (await accepted).has(token.replace(PREFIX, ""));
  };
}
