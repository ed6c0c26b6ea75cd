/**
 * Exit codes and the one JSON line an error prints on stderr. The table is part of the CLI's
 * contract: scripts and agents branch on it.
 */
import {
  AuthenticationError,
  InngestApiError,
  MissingKeyError as SdkMissingKeyError,
  NotFoundError,
  PartialSendError,
  PermissionDeniedError,
  ValidationError,
} from "../src/core/errors.js";

export const EXIT = {
  ok: 0,
  /** The API answered an error, or the network failed (after retries). */
  api: 1,
  /** Bad arguments or input; nothing was sent. */
  usage: 2,
  /** Some events were accepted and some not; those not are in `--failed FILE`. */
  partial: 3,
  /** A key is missing or was refused, or may not do this. */
  auth: 4,
  notFound: 5,
  /** `runs wait --exit-status`: the run ended failed or cancelled (it is printed all the same). */
  runFailed: 6,
} as const;

/** The table `--help` and the README show. */
export const EXIT_TABLE = `Exit codes:
  0  ok
  1  API or network failure (after retries)
  2  usage or validation error: nothing was sent
  3  partial send: some events accepted; the rest written to --failed FILE
  4  authentication or permission: a key is missing, refused, or may not do this
  5  not found
  6  runs wait --exit-status: the run ended failed or cancelled (printed on stdout)`;

/** A mistake in the command line or its input, found before anything was sent. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A partial send across the CLI's sends: some accepted, some written to the failed file. */
export class CliPartialSendError extends Error {
  override name = "PartialSendError";
  /** Events accepted. */
  readonly accepted: number;

  constructor(
    message: string,
    /** One id per event read, `null` where it was not accepted. */
    readonly ids: (string | null)[],
    /** Events not accepted or not read (in the failed file, when there is one). */
    readonly failed: number,
    override readonly cause: unknown,
  ) {
    super(message);
    this.accepted = ids.filter((id) => id !== null).length;
  }
}

/** No key to call with, found before anything was sent: the CLI's words (environment, `--dev`), not the SDK's. */
export class MissingKeyError extends Error {
  override name = "MissingKeyError";
}

/**
 * The error to report: the SDK's `MissingKeyError` (its words are for code: "Pass `signingKey` to
 * createInngestClient") in the CLI's words, told apart by its class and `option`, not its wording;
 * any other error as it is.
 */
export function inCliWords(err: unknown): unknown {
  if (!(err instanceof SdkMissingKeyError)) return err;
  if (err.option === "eventKey") return new MissingKeyError("No event key: set INNGEST_EVENT_KEY, or add --dev [URL] to send to a dev server or the emulator (no key needed)");
  return new MissingKeyError(
    "No signing key: set INNGEST_SIGNING_KEY (INNGEST_ENV for a branch environment), or add --dev [URL] to call a dev server or the emulator (no key needed)",
  );
}

export function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError || err instanceof ValidationError) return EXIT.usage;
  if (err instanceof CliPartialSendError || err instanceof PartialSendError) return EXIT.partial;
  // No key for the call, found before any request (the SDK's MissingKeyError, put in CLI words by inCliWords).
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError || err instanceof MissingKeyError) return EXIT.auth;
  if (err instanceof NotFoundError) return EXIT.notFound;
  return EXIT.api;
}

/** `{"error":{"type","status","code","message","attempts"}}`, plus what a partial send or a ValidationError adds. */
export function errorJson(err: unknown): string {
  // A partial send reports the status, code and attempts of the error that stopped it.
  const source = err instanceof CliPartialSendError ? err.cause : err;
  const e = source as { name?: unknown; status?: unknown; code?: unknown; message?: unknown; attempts?: unknown };
  const error: Record<string, unknown> = {
    type: typeof (err as Error)?.name === "string" ? (err as Error).name : "Error",
    status: typeof e?.status === "number" ? e.status : null,
    code: typeof e?.code === "string" && source instanceof InngestApiError ? e.code : null,
    message: err instanceof Error ? err.message : String(err),
    attempts: typeof e?.attempts === "number" ? e.attempts : null,
  };
  if (err instanceof ValidationError) error["issues"] = err.issues.slice(0, 100);
  if (err instanceof CliPartialSendError) Object.assign(error, { accepted: err.accepted, failed: err.failed });
  return JSON.stringify({ error });
}
