import { ValidationError } from "./errors.js";

/**
 * Builds a path from a template, percent-encoding each id into its own segment (the way
 * openai-node's `path` tag does). An empty, `.` or `..` id, or one that is not a string, is
 * refused with a `ValidationError`: no id can walk to another route.
 *
 * @example
 * ```ts
 * path`/v1/runs/${runId}/jobs` // "/v1/runs/01H...%2F/jobs" for an id with a slash
 * ```
 * @internal
 */
export function path(strings: TemplateStringsArray, ...ids: unknown[]): string {
  let out = strings[0] ?? "";
  ids.forEach((id, i) => {
    if (typeof id !== "string" || id === "" || id === "." || id === "..") {
      const shown = typeof id === "string" ? JSON.stringify(id) : typeof id;
      throw new ValidationError("Invalid id: nothing was sent.", [
        { path: "id", message: `expected a non-empty id other than "." and "..", got ${shown}` },
      ]);
    }
    out += encodeURIComponent(id) + (strings[i + 1] ?? "");
  });
  return out;
}
