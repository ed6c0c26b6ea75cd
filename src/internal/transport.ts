/**
 * The `fetch` ky calls for each attempt: it counts the attempt, tells the observer, hands the
 * runtime a plain call, and reads a successful answer's body.
 * @module
 */
import { bodyFailure, mayFailInBody, parseBody } from "./body.js";
import type { Answered, Call, Engine } from "./call.js";
import { notify } from "./notify.js";
import { redact } from "./secrets.js";

/** What every attempt of a call sends besides its method and URL. */
export interface Sent {
  headers: Record<string, string>;
  /** JSON text. */
  body: string | undefined;
}

type Fetch = (input: Request | URL | string, init?: RequestInit) => Promise<Response>;

/**
 * Builds the `fetch` option of one ky call.
 *
 * The runtime gets the plain form: the URL as a string, our headers and string body, and ky's
 * signal (which carries both the caller's abort and ky's timeouts). ky is given neither headers
 * nor body: it would copy the headers into `Headers` objects several times per call and wrap the
 * body in a stream (teed for every retry), and the runtime would copy both again from ky's
 * `Request`.
 *
 * A successful answer's body is read and parsed here, into `record.answered`: this function is what ky's
 * per-attempt timer races, so a body that stalls is that attempt's timeout, retried like any
 * other. ky is then asked only for the answer's status, and does not read the body a second time.
 * @internal
 */
export function attemptFetch(engine: Engine, call: Call, sent: Sent): Fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const { record } = call;
    const attempt = ++record.attempts;
    const observer = engine.config.observe;
    // Events are built only for an observer (and without object spreads): this runs per attempt.
    if (observer) notify(observer, { type: "request", method: record.method, path: record.path, attempt });
    const started = Date.now();
    let response: Response;
    let answered: Answered;
    // The body's text when `readAnswer` read it, kept only to hand ky an answer whose status changed.
    let text: string | undefined;
    try {
      const plain: RequestInit = { method: request.method, headers: sent.headers, signal: request.signal };
      if (sent.body !== undefined) plain.body = sent.body;
      response = await engine.config.fetch(request.url, plain);
      answered = { status: response.status, headers: response.headers };
      text = await readAnswer(call, response, answered);
    } catch (err) {
      if (observer) failed(engine, call, { attempt, started, signal: request.signal, err });
      throw err;
    }
    // An attempt that ky gave up on (a custom fetch that ignores the abort signal) must not
    // overwrite the answer of the attempt after it.
    if (attempt === record.attempts) record.answered = answered;
    if (observer) notify(observer, { type: "response", method: record.method, path: record.path, attempt, status: answered.status, durationMs: Date.now() - started });
    if (answered.status !== response.status) return new Response(text, { status: answered.status, headers: response.headers });
    // Other bodies are read after the `response` event (the status is known); one that fails to
    // arrive is still this attempt's timeout or network failure, as ky's own read was.
    if (response.ok && text === undefined) answered.body = parseBody(await response.text());
    return response;
  };
}

/**
 * The answer as this attempt's outcome. On a route that can answer an error as HTTP 200 with its
 * status in the body (`mayFailInBody`), a success's body is read first: an error status found
 * there becomes the answer's status, so ky retries it (or not) exactly as the same status over
 * HTTP, one retry rule for both. (A ky `afterResponse` hook could not do this: ky runs hooks
 * outside the per-attempt timeout, so a stalled body would hang.) Fills `answered` and resolves
 * to the body's text when it read it (`undefined` when it did not).
 */
async function readAnswer(call: Call, response: Response, answered: Answered): Promise<string | undefined> {
  if (!response.ok || !mayFailInBody(call.route)) return undefined;
  const text = await response.text();
  answered.body = parseBody(text);
  const failure = bodyFailure(call.route, { status: response.status, body: answered.body });
  if (failure && failure.status >= 400) answered.status = failure.status;
  else if (failure) answered.failedInBody = true;
  return text;
}

/** Tells the observer an attempt got no answer, and why. */
function failed(engine: Engine, call: Call, at: { attempt: number; started: number; signal: AbortSignal; err: unknown }): void {
  const reason = call.settings.signal?.aborted ? "abort" : at.signal.aborted ? "timeout" : "network";
  const message = redact(at.err instanceof Error ? at.err.message : String(at.err), engine.auth.secrets);
  const { method, path } = call.record;
  notify(engine.config.observe, { type: "error", method, path, attempt: at.attempt, reason, message, durationMs: Date.now() - at.started });
}
