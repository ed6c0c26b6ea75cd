/**
 * Checks of a method's parameters that several resources share, each pushing a
 * `ValidationIssue` (the caller throws one `ValidationError` for all of them, before the wire).
 * @module
 */
import type { ValidationIssue } from "../core/errors.js";

/** A time parameter as a `Date`, pushing an issue named `name` when it is not a `Date` or a time string. @internal */
export function timeParam(name: string, value: unknown, issues: ValidationIssue[]): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    issues.push({ path: name, message: "must be a Date or an RFC 3339 timestamp" });
    return undefined;
  }
  return date;
}

/** A page size, pushing an issue when it is not an integer from 1 to `max`. @internal */
export function checkLimit(limit: number | undefined, max: number, issues: ValidationIssue[]): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > max)) {
    issues.push({ path: "limit", message: `must be an integer from 1 to ${max} (it is the page size)` });
  }
}

/** `value` as JSON text, or `""` with an issue on `path` (a BigInt, a cycle, a throwing toJSON in it). @internal */
export function jsonBody(value: unknown, path: string, issues: ValidationIssue[]): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    issues.push({ path, message: `must be JSON: ${(err as Error).message}` });
    return "";
  }
}
