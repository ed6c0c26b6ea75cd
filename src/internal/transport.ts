/**
 * The `fetch` ky calls for each attempt: it counts the attempt, tells the observer, and hands the
 * runtime a plain call.
 * @module
 */
import type { FetchLike } from "../core/options.js";
import type { RequestObserver } from "../core/observe.js";
import { notify } from "./notify.js";
import { redact } from "./secrets.js";

/** One call's running record, shared by its attempts (and by the retry with the fallback key). */
export interface CallRecord {
  readonly method: string;
  /** Redacted path with query, as errors and the observer show it. */
  readonly path: string;
  /** HTTP requests made so far, the fallback-key retry included. */
  attempts: number;
  /** Status and headers of the latest answer (ky's `.text()` shortcut hands back only the body). */
  answered?: { status: number; headers: Headers } | undefined;
}

/**
 * Builds the `fetch` option of one ky call.
 *
 * ky hands its `fetch` a `Request` whose body is a stream made from our string; the runtime
 * would copy that `Request` and stream the body again. We hold the body as a string, so the
 * runtime gets the plain form: the URL as a string, ky's merged headers, our string body and ky's
 * signal (which carries both the caller's abort and ky's timeouts).
 *
 * `statusInBody`, for APIs that can answer an error as HTTP 200 with its status in the body, reads
 * the body here, under ky's per-attempt timer, and gives the answer that status, so ky retries it
 * (or not) exactly as the same status over HTTP: one retry rule for both. (A ky `afterResponse`
 * hook could not do this: ky runs hooks outside the per-attempt timeout, so a stalled body would hang.)
 * @internal
 */
export function attemptFetch(
  runtimeFetch: FetchLike,
  body: string | undefined,
  record: CallRecord,
  observer: RequestObserver | undefined,
  callerSignal: AbortSignal | undefined,
  secrets: readonly string[],
  statusInBody?: (status: number, text: string) => number | undefined,
): (input: Request | URL | string, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const event = { method: record.method, path: record.path, attempt: ++record.attempts };
    notify(observer, { type: "request", ...event });
    const started = Date.now();
    try {
      let response = await runtimeFetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(body === undefined ? {} : { body }),
        signal: request.signal,
      });
      if (statusInBody && response.ok) {
        const text = await response.text();
        response = new Response(text, { status: statusInBody(response.status, text) ?? response.status, headers: response.headers });
      }
      record.answered = { status: response.status, headers: response.headers };
      notify(observer, { type: "response", ...event, status: response.status, durationMs: Date.now() - started });
      return response;
    } catch (err) {
      if (observer) {
        const reason = callerSignal?.aborted ? "abort" : request.signal.aborted ? "timeout" : "network";
        const message = redact(err instanceof Error ? err.message : String(err), secrets);
        notify(observer, { type: "error", ...event, reason, message, durationMs: Date.now() - started });
      }
      throw err;
    }
  };
}
