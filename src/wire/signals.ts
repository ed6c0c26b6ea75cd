/**
 * The answer of `POST /v1/signals` (`pkg/api/apiv1/signals.go`). The published spec shows a bare
 * `{ run_id }`; the handler wraps it in the v1 envelope, as inngest-js reads it.
 * @module
 */
import * as z from "zod/mini";
import { envelope } from "./common.js";

/** What `signals.send` resolves to. */
export interface SignalResult {
  /** The run that was waiting for the signal and now resumes, or `null` when no run was waiting. */
  runId: string | null;
}

/** `{ data: { run_id }, metadata }`. */
export const signalEnvelope = envelope(z.object({ run_id: z.optional(z.nullable(z.string())) }));
