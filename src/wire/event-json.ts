/**
 * What an event's `data` (or `user`) will be as JSON, found without turning it into JSON: one walk
 * that refuses what JSON would drop, change or cannot hold, and bounds the size of the JSON.
 * `events.send` checks every event of an array before the first POST, but writes each chunk's
 * JSON only when that chunk is sent; this walk is what lets it know, before then, that no event
 * is over `maxEventSize`.
 * @module
 */
import type { ValidationIssue } from "../core/issues.js";

/** Returned by {@link jsonBound} when the value holds something JSON cannot carry as it is. */
export const PROBLEM = -1;

/**
 * No JSON number is longer than this: `-0.0000012345678901234567` (a negative number above -1e-6
 * with 17 significant digits, which JavaScript writes without an exponent) is 25 characters.
 * A `Date` is at most `"+275760-09-13T00:00:00.000Z"`, 29 with its quotes.
 */
const NUMBER_BYTES = 25;
const DATE_BYTES = 29;

/**
 * An upper bound on the UTF-8 size of `value`'s JSON, or {@link PROBLEM}. A string of n UTF-16
 * units is at most 6n + 2 bytes (a control character escapes to `\u00XX`). No allocation on the
 * way: this runs once per event of every batch. A `toJSON` other than a `Date`'s bounds to
 * `Infinity`, so the caller measures that event's real JSON instead.
 */
export function jsonBound(value: unknown, depth: number): number {
  switch (typeof value) {
    case "string":
      return 6 * value.length + 2;
    case "number":
      return Number.isFinite(value) ? NUMBER_BYTES : PROBLEM;
    case "boolean":
    case "undefined": // dropped from an object, `null` in an array
      return 5;
    case "object":
      return value === null ? 4 : objectBound(value, depth);
    default: // bigint, function, symbol
      return PROBLEM;
  }
}

function objectBound(value: object, depth: number): number {
  if (value instanceof Date) return DATE_BYTES;
  // Deeper than any sane payload: a cycle, most likely. jsonProblems says for sure.
  if (depth > 200 || value instanceof Map || value instanceof Set) return PROBLEM;
  if (Array.isArray(value)) return arrayBound(value, depth);
  // A toJSON, a boxed primitive (`Object(1n)` cannot be written at all), a class instance: no
  // bound is sure, so the caller measures (or fails to write) that event's real JSON.
  const proto = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === "function") return Infinity;
  let bytes = 2;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const child = jsonBound((value as Record<string, unknown>)[key], depth + 1);
    if (child === PROBLEM) return PROBLEM;
    // The key, its quotes and colon, and a comma.
    bytes += child + 6 * key.length + 4;
  }
  return bytes;
}

/** By index, not `for...in`: a hole is `null` in JSON (4 bytes), and `for...in` skips it. */
function arrayBound(value: readonly unknown[], depth: number): number {
  let bytes = 2;
  for (let i = 0; i < value.length; i++) {
    const child = jsonBound(value[i], depth + 1);
    if (child === PROBLEM) return PROBLEM;
    bytes += child + 1;
  }
  return bytes;
}

/** Names each path of `value` that JSON would drop or change silently, or cannot hold. */
export function jsonProblems(value: unknown, path: string, seen: Set<object>, out: ValidationIssue[], index: number | undefined): void {
  const add = (message: string): void => {
    out.push({ ...(index === undefined ? {} : { index }), path, message });
  };
  switch (typeof value) {
    case "bigint":
      return add("is a BigInt, which JSON cannot hold (send it as a string)");
    case "function":
      return add("is a function, which JSON would drop silently");
    case "symbol":
      return add("is a symbol, which JSON would drop silently");
    case "number":
      if (!Number.isFinite(value)) add(`is ${value}, which JSON turns into null`);
      return;
    case "object": {
      if (value === null) return;
      if (seen.has(value)) return add("refers back to itself (a cycle), which JSON cannot hold");
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return;
      if (value instanceof Map || value instanceof Set) return add("is a Map or Set, which JSON turns into {}");
      seen.add(value);
      for (const [key, child] of Object.entries(value)) {
        if (out.length > 20) break;
        jsonProblems(child, `${path}.${key}`, seen, out, index);
      }
      seen.delete(value);
      return;
    }
    default:
      return;
  }
}

/** UTF-8 length of a string, without allocating an encoded copy. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // 2 bytes below U+0800, 3 above, 4 for a surrogate pair (2 units): so +1, +2, +1 per unit.
    if (c >= 0x80) bytes += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return bytes;
}
