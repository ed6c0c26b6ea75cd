/**
 * The keys this process could leak, as the server scrubs them from every result it writes: the
 * event key, the signing keys, and the hashed form the signing keys are sent in. The SDK already
 * keeps keys out of its errors; this is the second lock, for anything a tool might echo.
 */
import { hashSigningKey, redactValue } from "../../src/internal/secrets.js";

export type Scrub = <T>(value: T) => T;

export async function keyScrubber(env: NodeJS.ProcessEnv): Promise<Scrub> {
  const raw = [env["INNGEST_EVENT_KEY"], env["INNGEST_SIGNING_KEY"], env["INNGEST_SIGNING_KEY_FALLBACK"]].filter((k): k is string => !!k);
  const hashed = await Promise.all([env["INNGEST_SIGNING_KEY"], env["INNGEST_SIGNING_KEY_FALLBACK"]].filter((k): k is string => !!k).map(hashSigningKey));
  const secrets = [...new Set([...raw, ...hashed])];
  return secrets.length === 0 ? (v) => v : (v) => redactValue(v, secrets);
}
