import { ValidationError } from "../core/errors.js";

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
    const segment = typeof id === "string" && id !== "" && id !== "." && id !== ".." ? encode(id) : undefined;
    if (segment === undefined) {
      const shown = typeof id === "string" ? JSON.stringify(id) : typeof id;
      throw new ValidationError("Invalid id: nothing was sent.", [
        { path: "id", message: `expected a non-empty id of well-formed Unicode, other than "." and "..", got ${shown}` },
      ]);
    }
    out += segment + (strings[i + 1] ?? "");
  });
  return out;
}

/** `encodeURIComponent`, or `undefined` for a string it cannot encode (a lone surrogate throws a URIError). */
function encode(id: string): string | undefined {
  try {
    return encodeURIComponent(id);
  } catch {
    return undefined;
  }
}
