// An ops script: find the runs that failed in a time window (optionally of one function) and replay them.
// Dry run by default: it lists what it would replay; --execute replays.
//
//   npm run build
//   node examples/replay-failed-runs.ts --emulator                  # the emulator's seeded world, no keys
//   node examples/replay-failed-runs.ts --emulator --execute
//   INNGEST_SIGNING_KEY=... node examples/replay-failed-runs.ts --from 2026-11-28T09:00:00Z --until 2026-11-28T10:30:00Z \
//     --app billing --function billing-charge-card [--execute]
//
// Without --from/--until the window is the last 24 hours. Needs Node >= 22.18 to run a .ts file directly.
//
// A replayed run stays FAILED, and runs.list does not say which runs were already replayed, so running
// the script twice over the same window replays those runs twice. Keep its output (it prints each new
// run id), and move the window on rather than re-running it.
// The core is `replayFailedRuns(inngest, options)`, exported for tests.
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  AuthenticationError,
  createInngestClient,
  type InngestClient,
  InngestApiError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type Run,
} from "inngest-rest";

export interface ReplayOptions {
  /** Runs queued at or after this time. */
  from: Date;
  /** Runs queued before this time. */
  until: Date;
  /** Only runs of this app (its id, e.g. `"billing"`). Needed with `functionId`: the API refuses that alone. */
  appId?: string | undefined;
  /** Only runs of this function (its id, e.g. `"billing-charge-card"`); give its `appId` too. */
  functionId?: string | undefined;
  /** List what would be replayed, replay nothing. */
  dryRun: boolean;
  /** Where progress lines go. @default console.log */
  log?: ((line: string) => void) | undefined;
  /** Stop after this many replays in a row fail: the API is unwell, and going on helps nobody. @default 3 */
  maxConsecutiveErrors?: number | undefined;
}

export interface ReplaySummary {
  dryRun: boolean;
  /** Failed runs found in the window. */
  found: number;
  /** Replays made: the failed run and the new run that replays it. */
  replayed: { runId: string; newRunId: string }[];
  /** Runs that cannot be replayed (cron-triggered: the API answers 501), or that are gone. */
  skipped: { runId: string; reason: string }[];
  /** Replays the API refused: nothing was created, so running the script again may retry them. */
  failed: { runId: string; error: string }[];
  /**
   * Replays whose outcome is unknown (a 5xx, a timeout, a lost connection): a new run may or may not
   * exist. Check before replaying these again; see the note in `replayFailedRuns`.
   */
  uncertain: { runId: string; error: string }[];
  /** Runs never attempted because the script stopped early, and why it stopped. */
  notAttempted: string[];
  stoppedBecause?: string;
}

/** Walks every page of failed runs in the window, then replays them one at a time. */
export async function replayFailedRuns(inngest: InngestClient, options: ReplayOptions): Promise<ReplaySummary> {
  const log = options.log ?? console.log;
  const maxConsecutiveErrors = options.maxConsecutiveErrors ?? 3;
  const summary: ReplaySummary = { dryRun: options.dryRun, found: 0, replayed: [], skipped: [], failed: [], uncertain: [], notAttempted: [] };

  // 1. List first, replay after. The list is the plan a dry run prints, and the replays (new runs,
  //    queued now) cannot shift the pages under the walk. `limit` is the page size: the loop walks
  //    every page, 100 runs per request.
  const runs: Run[] = [];
  for await (const run of inngest.runs.list({
    status: "failed",
    from: options.from,
    until: options.until,
    appId: options.appId,
    functionId: options.functionId,
    limit: 100,
  })) {
    runs.push(run);
  }
  summary.found = runs.length;
  log(`${runs.length} failed run(s) queued ${options.from.toISOString()} .. ${options.until.toISOString()}${options.functionId ? ` of ${options.functionId}` : ""}`);

  // 2. Replay, sequentially: one request at a time is gentle on the API's rate limit, keeps the log in
  //    order, and lets the script stop at the first sign of trouble with the rest untouched.
  //
  //    Never retried, by the SDK or by this script, once the request may have reached the server:
  //    `runs.replay` is not idempotent. Every replay that reaches Inngest creates a new run, and the
  //    failed run stays failed, so a retry after a lost response (a timeout, a reset connection, a 5xx
  //    from a proxy in front of a server that did the work) would run the function twice: charge the
  //    card twice, send the email twice. The SDK already retries what is provably safe (a 429, a
  //    refused connection); anything else ambiguous is reported as `uncertain` for a human to check.
  let consecutiveErrors = 0;
  for (const run of runs) {
    const label = `${run.id} ${run.functionId ?? "?"}`;
    // Cron-triggered runs cannot be replayed (the API answers 501): skip them without asking.
    if (run.cron !== null) {
      summary.skipped.push({ runId: run.id, reason: `cron-triggered (${run.cron}): the API cannot replay these` });
      log(`  skip     ${label}: cron-triggered`);
      continue;
    }
    if (summary.stoppedBecause !== undefined) {
      summary.notAttempted.push(run.id);
      continue;
    }
    if (options.dryRun) {
      log(`  would replay ${label}, ended ${run.endedAt ?? "?"}`);
      continue;
    }
    try {
      const { runId } = await inngest.runs.replay(run.id);
      summary.replayed.push({ runId: run.id, newRunId: runId });
      consecutiveErrors = 0;
      log(`  replayed ${label} -> ${runId}`);
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      if (err instanceof InngestApiError && err.status === 501) {
        // Not supported for this run (a trigger the list did not show as cron): nothing was created.
        summary.skipped.push({ runId: run.id, reason: `not replayable: ${err.apiMessage}` });
        log(`  skip     ${label}: ${err.apiMessage}`);
        continue;
      }
      if (err instanceof NotFoundError) {
        summary.skipped.push({ runId: run.id, reason: "gone (404)" });
        log(`  skip     ${label}: not found`);
        continue;
      }
      // Errors that will fail every other replay too, and certainly created nothing: stop here.
      if (err instanceof AuthenticationError || err instanceof PermissionDeniedError || err instanceof RateLimitError) {
        summary.stoppedBecause = message;
        summary.notAttempted.push(run.id);
        log(`  STOP     ${message}`);
        continue;
      }
      // A 4xx answer: the server refused, so no run was created.
      const refused = err instanceof InngestApiError && err.status >= 400 && err.status < 500;
      (refused ? summary.failed : summary.uncertain).push({ runId: run.id, error: message });
      log(`  ${refused ? "FAILED  " : "UNKNOWN "} ${label}: ${message}${refused ? "" : " (a new run may exist: do not replay it again blindly)"}`);
      if (++consecutiveErrors >= maxConsecutiveErrors) {
        summary.stoppedBecause = `${consecutiveErrors} replays in a row failed; last: ${message}`;
        log(`  STOP     ${summary.stoppedBecause}`);
      }
    }
  }

  const { replayed, skipped, failed, uncertain, notAttempted } = summary;
  log(
    options.dryRun
      ? `dry run: ${runs.length - skipped.length} to replay, ${skipped.length} skipped. Pass --execute to replay.`
      : `replayed ${replayed.length}, skipped ${skipped.length}, failed ${failed.length}, uncertain ${uncertain.length}, not attempted ${notAttempted.length}`,
  );
  return summary;
}

// Run directly: `node examples/replay-failed-runs.ts [--emulator] [--from ISO] [--until ISO] [--app ID [--function ID]] [--execute]`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      from: { type: "string" },
      until: { type: "string" },
      app: { type: "string" },
      function: { type: "string" },
      execute: { type: "boolean", default: false },
      emulator: { type: "boolean", default: false },
    },
  });
  const until = values.until ? new Date(values.until) : new Date();
  const from = values.from ? new Date(values.from) : new Date(until.getTime() - 24 * 3_600_000);
  if (Number.isNaN(from.getTime()) || Number.isNaN(until.getTime()) || from >= until) {
    console.error("--from and --until must be RFC 3339 times, --from before --until");
    process.exit(2);
  }
  let inngest: InngestClient;
  if (values.emulator) {
    const { createInngestEmulator } = await import("inngest-rest/testing");
    inngest = createInngestClient({ fetch: createInngestEmulator().fetch, signingKey: "signkey-test-00" });
  } else {
    inngest = createInngestClient(); // INNGEST_SIGNING_KEY (or INNGEST_DEV=1) from the environment
  }
  const summary = await replayFailedRuns(inngest, { from, until, appId: values.app, functionId: values.function, dryRun: !values.execute });
  for (const { runId, error } of summary.uncertain) console.log(`check by hand before replaying again: ${runId} (${error})`);
  process.exitCode = summary.failed.length + summary.uncertain.length > 0 || summary.stoppedBecause !== undefined ? 1 : 0;
}
