/** Reading flag values: numbers and JSON, refused with a UsageError (exit 2) before anything is sent. */
import { UsageError } from "./exit.js";
import type { Flags } from "./registry.js";

export function intFlag(flags: Flags, name: string, min: number, max: number): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== "string" || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

export function jsonFlag(flags: Flags, name: string): unknown {
  const raw = flags[name];
  if (typeof raw !== "string") return undefined;
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new UsageError(`--${name} is not JSON: ${(err as Error).message}`);
  }
}

export const strings = (flags: Flags, name: string): string[] | undefined => {
  const raw = flags[name];
  return raw === undefined ? undefined : ([raw].flat() as string[]);
};

export const str = (flags: Flags, name: string): string | undefined => (typeof flags[name] === "string" ? (flags[name] as string) : undefined);
