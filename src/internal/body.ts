/**
 * What an answer's body says: its text read as JSON (or kept as text), and whether a 2xx answer
 * reports a failure in its body. Pure functions of the answer, read by the transport (which reads
 * a successful body within its attempt) and by `answer.ts` (which words the error).
 * @module
 */

/** What the body checks need to know about the route. */
export interface BodyTraits {
  api: "event" | "rest";
  method: string;
  path?: string | undefined;
}

/** JSON when the text is JSON, else the text itself; `undefined` for an empty body. */
export function parseBody(text: string): unknown {
  if (text === "") return undefined;
  const first = text.trimStart()[0];
  if (first === "{" || first === "[") {
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return text;
}

/**
 * Whether a 2xx answer of this route may report a failure in its body (see {@link bodyFailure}):
 * the Event API and v1 can; v2 never does, so its pages skip the extra read of the body. A DELETE
 * never does either: its 2xx is a success whatever the body (v1's cache middleware, which hides a
 * status in the body, is on GETs only; `DELETE /v1/cancellations/{id}` is specified as a 200 with
 * no content, and a 204 is as good).
 */
export function mayFailInBody(route: BodyTraits): boolean {
  return route.method !== "DELETE" && (route.api === "event" || !!route.path?.startsWith("/v1/"));
}

/**
 * A 2xx answer whose body reports a failure, or `undefined`. Two of Inngest's APIs do this:
 * - the Event API can answer HTTP 200 with `error` set (inngest-js checks `status !== 200 || error`);
 * - v1's cache middleware (`pkg/api/apiv1/cache.go`, in front of every cached v1 GET) copies the
 *   handler's headers and body but never its status, so a missing run's jobs come back HTTP 200
 *   with `{"error": ..., "data": null, "status": 500}`.
 * The failure takes the body's status when it gives one of 400 or more.
 */
export function bodyFailure<A extends { status: number; body: unknown }>(route: Pick<BodyTraits, "api">, answer: A): A | undefined {
  const body = answer.body as { status?: unknown; error?: unknown } | undefined;
  if (typeof body !== "object" || body === null) return undefined;
  const status = typeof body.status === "number" ? body.status : undefined;
  const failed =
    route.api === "event"
      ? (status !== undefined && status !== 200) || !!body.error
      : typeof body.error === "string" && body.error !== "" && status !== undefined && status >= 400;
  if (!failed) return undefined;
  return { ...answer, status: status !== undefined && status >= 400 ? status : answer.status };
}
