import type { RequestOptions } from "../core/options.js";
import { NotFoundError, ValidationError, type ValidationIssue } from "../core/errors.js";
import type { Core } from "../internal/request.js";
import { parseWith } from "../wire/load.js";
import type { SignalResult } from "../wire/signals.js";
import { jsonBody } from "./params.js";

/** pkg/api/apiv1/signals.go answers 404 with this message when no run waits for the signal. */
const NO_SIGNAL = /^No signal found/;

/** Signals that resume runs paused in `step.waitForSignal`. Reach it as `inngest.signals`. Uses REST v1. */
export class Signals {
  readonly #core: Core;

  /** @internal */
  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Sends a signal (`POST /v1/signals`): the run waiting for it in `step.waitForSignal` resumes
   * with `data`. Resolves `{ runId }`, the resumed run, or `{ runId: null }` when no run was
   * waiting for that signal (the API's 404 "No signal found", which inngest-js also reads as a
   * success).
   *
   * **Not idempotent:** a signal that reached the server has been consumed, so it is retried only
   * when the request cannot have reached the server.
   *
   * @param signal - The signal name the run waits for (a non-empty string).
   * @param data - Any JSON value, handed to the run as the signal's data. Omitted: `null`.
   * @throws {@link ValidationError} for an empty signal or `data` that is not JSON; nothing is sent.
   * @throws {@link InngestApiError} for an error answer (400 "Invalid signal data", 500 "Failed to
   *   receive signal", ...), {@link ConnectionError} / {@link TimeoutError} when no answer came.
   *
   * @example
   * ```ts
   * const { runId } = await inngest.signals.send(`approval-${orderId}`, { approved: true });
   * if (runId === null) console.log("nothing was waiting");
   * ```
   */
  async send(signal: string, data?: unknown, options?: RequestOptions): Promise<SignalResult> {
    if (typeof signal !== "string" || signal === "") {
      throw new ValidationError("Invalid signals.send arguments: nothing was sent.", [{ path: "signal", message: "must be a non-empty string" }]);
    }
    const issues: ValidationIssue[] = [];
    const body = jsonBody(data === undefined ? { signal } : { signal, data }, "data", issues);
    if (issues.length > 0) throw new ValidationError("Invalid signals.send arguments: nothing was sent.", issues);
    try {
      const answer = await this.#core.request(
        {
          api: "rest",
          method: "POST",
          path: "/v1/signals",
          body,
          idempotent: false,
          parse: parseWith("signalEnvelope"),
        },
        options,
      );
      return { runId: answer.data.run_id || null };
    } catch (err) {
      if (err instanceof NotFoundError && NO_SIGNAL.test(err.apiMessage)) return { runId: null };
      throw err;
    }
  }
}
