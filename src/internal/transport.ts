/**
 * The `fetch` ky calls for each attempt: it counts the attempt, tells the observer, hands the
 * runtime a plain call, and reads a successful answer's body.
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
  /** The latest answer; `text` is its body when the answer was a success (ky reads an error's body itself). */
  answered?: Answered | undefined;
}

/** What every attempt of a call sends besides its method and URL. */
export interface Sent {
  headers: Record<string, string>;
  /** JSON text. */
  body: string | undefined;
}

/** Status, headers and, for a success, the body text of one attempt's answer. */
export interface Answered {
  status: number;
  headers: Headers;
  text?: string;
}

/**
 * Builds the `fetch` option of one ky call.
 *
 * The runtime gets the plain form: the URL as a string, our headers and string body, and ky's
 * signal (which carries both the caller's abort and ky's timeouts). ky is given neither headers
 * nor body: it would copy the headers into `Headers` objects several times per call and wrap the
 * body in a stream (teed for every retry), and the runtime would copy both again from ky's
 * `Request`.
 *
 * A successful answer's body is read here, into `record.answered.text`: this function is what
 * ky's per-attempt timer races, so a body that stalls is that attempt's timeout, retried like any
 * other. ky is then asked only for the answer's status, and does not read the body a second time.
 *
 * `statusInBody`, for APIs that can answer an error as HTTP 200 with its status in the body, gives
 * such an answer that status, so ky retries it (or not) exactly as the same status over HTTP: one
 * retry rule for both. (A ky `afterResponse` hook could not do this: ky runs hooks outside the
 * per-attempt timeout, so a stalled body would hang.)
 * @internal
 */
export function attemptFetch(
  runtimeFetch: FetchLike,
  sent: Sent,
  record: CallRecord,
  observer: RequestObserver | undefined,
  callerSignal: AbortSignal | undefined,
  secrets: readonly string[],
  statusInBody?: (status: number, text: string) => number | undefined,
): (input: Request | URL | string, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const { method, path } = record;
    const attempt = ++record.attempts;
    // Events are built only for an observer (and without object spreads): this runs per attempt.
    if (observer) notify(observer, { type: "request", method, path, attempt });
    const started = Date.now();
    let response: Response;
    let answered: Answered;
    try {
      const plain: RequestInit = { method: request.method, headers: sent.headers, signal: request.signal };
      if (sent.body !== undefined) plain.body = sent.body;
      response = await runtimeFetch(request.url, plain);
      answered = { status: response.status, headers: response.headers };
      // The status the observer reports is the one in the body: read it first.
      if (statusInBody && response.ok) {
        answered.text = await response.text();
        answered.status = statusInBody(response.status, answered.text) ?? response.status;
      }
    } catch (err) {
      if (observer) {
        const reason = callerSignal?.aborted ? "abort" : request.signal.aborted ? "timeout" : "network";
        const message = redact(err instanceof Error ? err.message : String(err), secrets);
        notify(observer, { type: "error", method, path, attempt, reason, message, durationMs: Date.now() - started });
      }
      throw err;
    }
    // An attempt that ky gave up on (a custom fetch that ignores the abort signal) must not
    // overwrite the answer of the attempt after it.
    if (attempt === record.attempts) record.answered = answered;
    if (observer) notify(observer, { type: "response", method, path, attempt, status: answered.status, durationMs: Date.now() - started });
    if (answered.status !== response.status) return new Response(answered.text, { status: answered.status, headers: response.headers });
    // Other bodies are read after the `response` event (the status is known); one that fails to
    // arrive is still this attempt's timeout or network failure, as ky's own read was.
    if (response.ok) answered.text ??= await response.text();
    return response;
  };
}
