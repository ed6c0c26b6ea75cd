/** ULIDs (random, seeded as the Event API seeds them, and validated) and UUIDs. */

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const MAX_ULID_TIME = 2 ** 48 - 1;
const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;

/** The id v1 reports as `event_id` for runs no event triggered. */
export const ZERO_ULID = "0".repeat(26);

/** The zero UUID, where Inngest writes `uuid.Nil` (an id it does not have). */
export const ZERO_UUID = "00000000-0000-0000-0000-000000000000";

/** A ULID from a 48-bit millisecond time and 10 bytes of entropy: 10 time characters, then 16 entropy characters. */
export function encodeUlid(timeMs: number, entropy: ArrayLike<number>): string {
  let time = "";
  let t = Math.floor(timeMs);
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  let rest = "";
  let bits = 0;
  let value = 0;
  for (let i = 0; i < 10; i++) {
    value = (value << 8) | ((entropy[i] ?? 0) & 0xff);
    bits += 8;
    while (bits >= 5) {
      rest += CROCKFORD.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
      value &= (1 << bits) - 1;
    }
  }
  return time + rest;
}

// Entropy is drawn in blocks: one getRandomValues call per 256 ids keeps a 5000-event batch cheap.
let pool = new Uint8Array(0);
let poolOffset = 0;

export function randomUlid(timeMs: number): string {
  if (poolOffset + 10 > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(2560));
    poolOffset = 0;
  }
  poolOffset += 10;
  return encodeUlid(timeMs, pool.subarray(poolOffset - 10, poolOffset));
}

/** Whether `value` parses as a ULID (case-insensitive, like oklog/ulid). */
export function isUlid(value: string): boolean {
  return ULID_PATTERN.test(value);
}

/** The millisecond time inside a ULID. */
export function ulidTime(id: string): number {
  let t = 0;
  for (const char of id.slice(0, 10).toUpperCase()) t = t * 32 + CROCKFORD.indexOf(char);
  return t;
}

/** A parsed `x-inngest-event-id-seed` header. */
export interface EventIdSeed {
  readonly millis: number;
  readonly entropy: Uint8Array;
}

/**
 * Parses `x-inngest-event-id-seed: <millis>,<base64 of 10 bytes>`. Like the server (`event.SeededIDFromString`),
 * an invalid header (millis <= 0, entropy not exactly 10 bytes) is ignored: the request gets random ids.
 */
export function parseEventIdSeed(header: string | null): EventIdSeed | undefined {
  const parts = header?.split(",");
  if (parts?.length !== 2) return undefined;
  const [millisText = "", entropyText = ""] = parts;
  if (!/^\d+$/.test(millisText) || !/^[A-Za-z0-9+/]*={0,2}$/.test(entropyText) || entropyText.length % 4 !== 0) {
    return undefined;
  }
  const millis = Number(millisText);
  if (millis <= 0 || millis > MAX_ULID_TIME) return undefined;
  let binary: string;
  try {
    binary = atob(entropyText);
  } catch {
    return undefined;
  }
  if (binary.length !== 10) return undefined;
  return { millis, entropy: Uint8Array.from(binary, (c) => c.charCodeAt(0)) };
}

/**
 * The id of the `index`-th event of a request (counting from 1): the seed's time, and its entropy with bytes 6..9
 * (a big-endian uint32) plus `index`, wrapping at 2^32. A retried request with the same seed maps to the same ids.
 */
export function seededUlid(seed: EventIdSeed, index: number): string {
  const entropy = seed.entropy.slice();
  const view = new DataView(entropy.buffer);
  view.setUint32(6, (view.getUint32(6) + index) >>> 0);
  return encodeUlid(seed.millis, entropy);
}

/** A version-4 UUID from 16 bytes. */
export function uuidFromBytes(bytes: ArrayLike<number>): string {
  const b = Uint8Array.from({ length: 16 }, (_, i) => bytes[i] ?? 0);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = toHex(b);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += HEX[b] ?? "";
  return out;
}
