/**
 * `events.send` itself: resolve the options, open the source, let up to `concurrency` workers post
 * its chunks, record each outcome in the ledger, and settle the ledger into the result.
 * @module
 */
import { intOption, resolveCall } from "../../internal/config.js";
import { BadRequestError, PayloadTooLargeError, ValidationError, type InngestError } from "../../core/errors.js";
import type { ValidationIssue } from "../../core/issues.js";
import type { Core } from "../../internal/request.js";
import type { StandardSchemaV1 } from "../../wire/events.js";
import { Ledger, type Settled } from "./ledger.js";
import { poster, type Post } from "./post.js";
import { openSource, type Source } from "./source.js";
import type { SendOptions } from "./types.js";

/**
 * Failures that say nothing about the other chunks: the rest are still sent. (A ValidationError
 * here is a chunk whose events the caller changed after the check, so its JSON cannot be written.)
 * Anything else (a refused key, the API unreachable after retries, a long rate limit, an abort)
 * stops the send.
 */
const chunkLocal = (err: InngestError) =>
  err instanceof BadRequestError || err instanceof PayloadTooLargeError || err instanceof ValidationError;

/**
 * Sends `input` as `Events.send` documents, and says how it ended.
 * @throws {@link ValidationError} for bad options, or an array with a bad event, before anything is sent.
 */
export async function sendEvents(
  core: Core,
  schemas: Record<string, StandardSchemaV1 | undefined> | undefined,
  input: unknown,
  options: SendOptions | undefined,
): Promise<Settled> {
  const { settings } = core;
  // Every option is checked here, before the input is read: the same bounds and the same
  // ValidationError as at createInngestClient (a bad timeout must not surface from a chunk).
  const issues: ValidationIssue[] = [];
  const batchSize = intOption(issues, "batchSize", options?.batchSize, settings.batchSize);
  const concurrency = intOption(issues, "concurrency", options?.concurrency, settings.concurrency);
  // Resolved once, before validation (totalTimeout bounds the whole call): every chunk is
  // handed these settings, and so the same deadline.
  const post = poster(core, resolveCall(settings, options, issues));
  const ledger = new Ledger();
  const source = await openSource(input, {
    batchSize,
    maxEventSize: settings.maxEventSize,
    schemas,
    signal: options?.signal,
    stopped: () => ledger.stopped !== undefined,
  });
  try {
    // No more workers than chunks: a one-chunk send needs no pool.
    await Promise.all(Array.from({ length: Math.min(concurrency, source.chunkCount) }, () => work(source, ledger, post)));
  } finally {
    await source.close();
  }
  for (const chunk of source.rest()) ledger.unsent(chunk);
  return ledger.settle(source.holder);
}

/** One worker: takes the next chunk, posts it, records the outcome; until the source ends or the send stops. */
async function work(source: Source, ledger: Ledger, post: Post): Promise<void> {
  while (!ledger.stopped) {
    const pulled = await source.next();
    switch (pulled.kind) {
      case "end":
        return;
      case "aborted":
        // Reported with the failure that stopped the send, which may have come first.
        ledger.failed(pulled.chunk, ledger.stop(pulled.error));
        return;
      case "unreadable":
        ledger.failed(pulled.chunk, pulled.error, pulled.thrown);
        return;
      case "chunk": {
        // Read while another chunk failed for good: not sent, and handed back in failedEvents.
        if (ledger.stopped) return ledger.unsent(pulled.chunk);
        const posted = await post(pulled.chunk);
        ledger.posted(pulled.chunk, posted);
        if (posted.kind === "refused" && !chunkLocal(posted.error)) ledger.stop(posted.error);
      }
    }
  }
}
