/**
 * Every attempt of one call with one key, through ky: the first attempt as a ky call of its own,
 * and, when the retry plan retries it, the rest as a second ky call that runs the retries left.
 * Then the answer is judged, once.
 * @module
 */
import type { KyInstance, Options as KyOptions } from "ky";
import { apiError, classify, headersOf, toInngestError } from "./answer.js";
import { parseBody } from "./body.js";
import { announceRetry, type Call, type Engine } from "./call.js";
import { msLeft } from "./config.js";
import { lazy } from "./lazy.js";
import { RetryPlan } from "./policy.js";
import { sleep } from "./retry.js";
import { attemptFetch, type Sent } from "./transport.js";

// ky is loaded on the first request, not at import: importing it builds a Request at module load,
// which makes Node load its whole fetch implementation (40-80 ms measured) before the app needs it.
const loadKy = lazy<KyInstance>(() => import("ky").then((m) => m.default));

/**
 * Every attempt of the call with one `Authorization` (none for the Event API and dev mode).
 * Resolves to the parsed body of the answer; rejects with an `InngestError` only.
 *
 * The first attempt is a ky call without retries, and only a failure the plan retries goes on to
 * a second ky call with the retries left. ky keeps a clone of its `Request` for a retry before
 * every attempt of a call that may retry (30-80 µs of CPU each, most of it the clone's
 * abort-signal wiring), and most calls succeed at once.
 */
export async function attempts(engine: Engine, call: Call, authorization: string | undefined): Promise<unknown> {
  const { signal } = call.settings;
  // Nothing goes out on a signal that has already fired.
  if (signal?.aborted) throw toInngestError(undefined, call, engine.auth.secrets);
  const ky = loadKy.loaded() ?? (await loadKy());
  const sent: Sent = { headers: headersFor(engine, call, authorization), body: call.route.body };
  const plan = retryPlan(engine, call);
  try {
    try {
      await ky(call.target.url, kyOptions(engine, call, sent));
    } catch (err) {
      if (!plan.decide(err)) throw err;
      // The wait ky would sleep between its attempts (the caller's abort ends it at once): made
      // here only because this retry starts a new ky call, for the clone saved above.
      await sleep(plan.delayMs, signal, () => signal?.reason);
      plan.announce();
      await ky(call.target.url, kyOptions(engine, call, sent, plan));
    }
    return judge(engine, call);
  } catch (err) {
    throw toInngestError(err, call, engine.auth.secrets);
  }
}

/** The one retry plan of a call with one key: the policy, the call's limits, the observer's `retry` event. */
function retryPlan(engine: Engine, call: Call): RetryPlan {
  const { config } = engine;
  const { route, settings } = call;
  const ctx = {
    idempotent: route.idempotent !== false,
    retryBaseDelay: config.retryBaseDelay,
    retryMaxDelay: config.retryMaxDelay,
    maxRetryAfter: config.maxRetryAfter,
    deadline: settings.deadline,
  };
  return new RetryPlan(settings.maxRetries, ctx, (error) => classify(error, route, settings.signal), (next) => announceRetry(config.observe, call, next));
}

/**
 * The answer ky accepted, judged once: its body (read by the transport within the attempt's
 * timer), or the error a 2xx body reports with no error status (the Event API's `status: 200`
 * with an `error`; an error status in the body was made the answer's status by the transport).
 */
function judge(engine: Engine, call: Call): unknown {
  const answered = call.record.answered;
  const body = answered?.body;
  if (answered?.failedInBody) throw apiError(call.route, { status: answered.status, headers: headersOf(answered.headers), body }, call.record, engine.auth.secrets);
  return body;
}

/** The headers of every attempt with one key. */
function headersFor(engine: Engine, call: Call, authorization: string | undefined): Record<string, string> {
  // Object.assign, not a spread of two objects: measured 0.2 against 4 µs per call. The route's
  // own headers (the event id seed) come after the caller's, and the key after both.
  const headers: Record<string, string> = Object.assign({}, engine.headers, call.settings.headers, call.route.headers);
  if (authorization) headers.authorization = authorization;
  if (call.route.body !== undefined) headers["content-type"] = "application/json";
  return headers;
}

/**
 * The options of one ky call. Without a plan (the first attempt) there is no retry policy and no
 * hook, and nothing ky would only set to its default: ky merges and normalises every option it is
 * given on every call, so each one left out is work saved. No headers or body for ky either: the
 * transport hands them to the runtime (see `attemptFetch`). `totalTimeout` is what is left of
 * the call's deadline when this ky call starts.
 */
function kyOptions(engine: Engine, call: Call, sent: Sent, plan?: RetryPlan): KyOptions {
  const { route, settings } = call;
  const options: KyOptions = {
    timeout: settings.timeout,
    // Error bodies keep their text when they are not JSON (a proxy's HTML, a dev server's 401).
    parseJson: parseBody,
    fetch: attemptFetch(engine, call, sent),
    retry: 0,
  };
  if (route.method !== "GET") options.method = route.method;
  if (settings.signal) options.signal = settings.signal;
  const total = msLeft(settings.deadline);
  if (total !== undefined) options.totalTimeout = total;
  if (plan) {
    options.retry = plan.kyRetry();
    options.hooks = { beforeRetry: [() => plan.announce()] };
  }
  return options;
}
