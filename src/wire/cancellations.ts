/**
 * The bulk cancellation as v1 sends it (`cqrs.Cancellation`, `pkg/cqrs/cancellations.go`:
 * snake_case Go JSON) and the normaliser to {@link Cancellation}.
 * @module
 */
import * as z from "zod/mini";
import { envelope, text } from "./common.js";
import { orNull } from "./read.js";

/**
 * A bulk cancellation: while it exists, Inngest cancels the runs of one function that started in
 * its time range (and match its `if`, when it has one).
 */
export interface Cancellation {
  /** The cancellation's id (a ULID); pass it to `cancellations.delete`. */
  id: string;
  /** When it was created (RFC 3339). */
  createdAt: string | null;
  /** The function's id as Inngest stores it (its slug, e.g. `"my-app-send-email"`). */
  functionId: string;
  /** Inngest's internal UUID of the function. */
  functionInternalId: string | null;
  /**
   * Inngest's internal UUID of the app. Not the app id you created it with: the wire's `app_id`
   * here is the internal one (`cqrs.Cancellation.AppID`).
   */
  appInternalId: string | null;
  /** Inngest's internal UUID of the environment. */
  environmentId: string | null;
  /** Only runs started after this time (RFC 3339), or `null` for no lower bound. */
  startedAfter: string | null;
  /** Only runs started before this time (RFC 3339). */
  startedBefore: string | null;
  /** The CEL expression a run's triggering event must match, or `null`. */
  if: string | null;
  /** What it cancels: `"bulk_run"` for one made through this API. */
  kind: "bulk_run" | "run" | "backlog" | "start_timeout" | "finish_timeout" | (string & {});
  /** Who made it, lowercased: `"api"` for one made through this API (the wire's `cause`, `"API"`). */
  cause: "api" | "manual" | "event" | "none" | (string & {});
  /** A name, when the cancellation has one. */
  name: string | null;
}

const v1Cancellation = z.object({
  id: z.string(),
  created_at: text,
  name: text,
  environment_id: text,
  app_id: text,
  function_internal_id: text,
  function_id: text,
  started_after: text,
  started_before: text,
  if: text,
  kind: text,
  cause: text,
});

/** The Go zero time: what `time.Time` marshals to when it was never set. */
const ZERO_TIME = /^0001-01-01T00:00:00/;
const time = (v: string | null | undefined) => (v && !ZERO_TIME.test(v) ? v : null);

const v1CancellationSchema = z.pipe(
  v1Cancellation,
  z.transform(
    (c): Cancellation => ({
      id: c.id,
      createdAt: time(c.created_at),
      functionId: c.function_id ?? "",
      functionInternalId: orNull(c.function_internal_id),
      appInternalId: orNull(c.app_id),
      environmentId: orNull(c.environment_id),
      startedAfter: time(c.started_after),
      startedBefore: time(c.started_before),
      if: orNull(c.if),
      kind: c.kind ?? "bulk_run",
      cause: (c.cause ?? "none").toLowerCase(),
      name: orNull(c.name),
    }),
  ),
);

/**
 * `POST /v1/cancellations`: `{ data: Cancellation, metadata }`. Servers before Feb 2024 answered
 * the bare object (`json.NewEncoder(w).Encode(cancel)`, inngest 8484d1e517); both are read.
 */
export const createdCancellationSchema = z.pipe(
  z.union([envelope(v1CancellationSchema), v1CancellationSchema]),
  z.transform((b): Cancellation => ("data" in b ? b.data : b)),
);

/** `GET /v1/cancellations`: every cancellation, unpaged; Go's nil slice arrives as `data: null`. */
export const cancellationsEnvelope = envelope(z.nullable(z.optional(z.array(v1CancellationSchema))));
