/**
 * Key handling: hashing the signing key the way Inngest's official SDK does, and the one
 * redaction helper every error path goes through.
 * @module
 */

const HEX = "0123456789abcdef";

function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += HEX[b >> 4]! + HEX[b & 15]!;
  return out;
}

/**
 * Hashes a signing key as inngest-js does: keep the `signkey-<env>-` prefix, then
 * `hex(sha256(hexDecode(rest)))`. A key that is not prefixed hex is returned as it is (the
 * server accepts raw keys too), so an API key or a test key still works.
 * @internal
 */
export async function hashSigningKey(key: string): Promise<string> {
  const prefix = /^signkey-\w+-/.exec(key)?.[0] ?? "";
  const rest = key.slice(prefix.length);
  if (!prefix || rest.length === 0 || rest.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(rest)) return key;
  const bytes = new Uint8Array(rest.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(rest.slice(i * 2, i * 2 + 2), 16);
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return prefix + toHex(new Uint8Array(digest));
}


/**
 * Replaces every secret (and its URL-encoded form) in a string with `***`. Secrets shorter than
 * three characters are skipped: replacing them would garble messages without hiding anything.
 * @internal
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 3) continue;
    out = out.split(s).join("***");
    const enc = encodeURIComponent(s);
    if (enc !== s) out = out.split(enc).join("***");
  }
  return out;
}

/** Redacts a JSON-able value (an error body) by round-tripping it through text. @internal */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  if (value === undefined || value === null) return value;
  if (typeof value === "string") return redact(value, secrets) as T;
  try {
    const text = JSON.stringify(value);
    const clean = redact(text, secrets);
    return clean === text ? value : (JSON.parse(clean) as T);
  } catch {
    return value;
  }
}

/**
 * A plain copy of a runtime error (name, message, `code`, and its cause chain), with secrets
 * removed. The original (a ky `NetworkError`, whose message holds the full URL) never escapes.
 * @internal
 */
export function sanitizeCause(error: unknown, secrets: readonly string[], depth = 0): Error | undefined {
  if (error === undefined || error === null || depth > 4) return undefined;
  const source = error as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  // ky wraps the runtime's TypeError in a NetworkError whose message is "... <METHOD> <URL>": skip it.
  if (source.name === "NetworkError" && source.cause !== undefined) return sanitizeCause(source.cause, secrets, depth);
  const message = typeof source.message === "string" ? source.message : String(error);
  const copy = new Error(redact(message, secrets));
  copy.name = typeof source.name === "string" ? source.name : "Error";
  copy.stack = `${copy.name}: ${copy.message}`;
  if (typeof source.code === "string" || typeof source.code === "number") {
    Object.defineProperty(copy, "code", { value: source.code, enumerable: true });
  }
  const inner = sanitizeCause(source.cause, secrets, depth + 1);
  if (inner) Object.defineProperty(copy, "cause", { value: inner, writable: true, configurable: true });
  return copy;
}
