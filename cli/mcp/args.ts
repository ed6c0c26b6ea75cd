/**
 * A tool's arguments checked against its zod/mini schema before anything is sent, and the
 * problems worded for a model, each naming its argument. zod/mini carries no messages of its own
 * ("Invalid input"), so the words are made here from each issue's code; a schema's own message
 * (the SDK's event schema has them) is kept.
 */
import * as z from "zod/mini";
import { ValidationError, type ValidationIssue } from "../../src/core/errors.js";

type Issue = z.core.$ZodIssue;

function expected(issue: Issue): string {
  const e = (issue as { expected?: string }).expected;
  return e === "int" ? "an integer" : e === "array" ? "an array" : e === "object" ? "an object" : `a ${e}`;
}

function bound(issue: Issue, word: "least" | "most"): string {
  const i = issue as { origin?: string; minimum?: number | bigint; maximum?: number | bigint };
  const n = String(word === "least" ? i.minimum : i.maximum);
  if (i.origin === "string") return `must be at ${word} ${n} characters long`;
  if (i.origin === "array") return `must have at ${word} ${n} items`;
  return `must be at ${word} ${n}`;
}

/** Plain words for one issue that its schema gave no message of its own. */
function wordIssue(issue: Issue, allowed: readonly string[]): string {
  switch (issue.code) {
    case "invalid_type":
      return (issue as { input?: unknown }).input === undefined ? "is required" : `must be ${expected(issue)}`;
    case "too_small":
      return bound(issue, "least");
    case "too_big":
      return bound(issue, "most");
    case "invalid_value":
      return `must be one of ${(issue as { values: unknown[] }).values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_format":
      return `must be ${(issue as { format?: string }).format === "datetime" ? "an RFC 3339 time, e.g. 2026-12-01T09:00:00Z" : `a valid ${(issue as { format?: string }).format}`}`;
    case "unrecognized_keys":
      return `is not an argument of this tool, which takes: ${allowed.join(", ")}`;
    default:
      return "is not valid";
  }
}

/** An issue's argument path (`limit`, `events.2.name`); unknown keys are named one by one. */
function issuesOf(issue: Issue): ValidationIssue[] {
  const path = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") return issue.keys.map((k) => ({ path: path ? `${path}.${k}` : k, message: issue.message }));
  return [{ path, message: issue.message }];
}

/**
 * The arguments as the schema outputs them, or a `ValidationError` naming each bad argument.
 * Nothing has been sent when it throws.
 */
export function checkArgs<S extends z.ZodMiniObject>(toolName: string, schema: S, args: unknown): z.output<S> {
  const allowed = Object.keys(schema._zod.def.shape);
  // A per-parse error map words what the schema did not (a schema's own message wins over it),
  // whatever locale another copy of zod's config holds.
  const parsed = schema.safeParse(args ?? {}, { error: (issue) => wordIssue(issue as Issue, allowed) });
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.flatMap(issuesOf);
  throw new ValidationError(`Invalid arguments for ${toolName}: nothing was sent.`, issues);
}
