import { CliPartialSendError, UsageError } from "../exit.js";
import { intFlag, jsonFlag, str } from "../flags.js";
import { ulid } from "../ids.js";
import { PAGING, paging, printPages } from "../list.js";
import { command, type Flags } from "../registry.js";
import type { Input } from "../send/input.js";
import { BOUNDS, SEND_DEFAULTS } from "../../src/internal/config.js";
import { MAX_EVENT_RUNS, MAX_EVENTS } from "../../src/resources/event-lookups.js";

export const eventsSend = command({
  name: "events send",
  summary: "send events: one with --name, or NDJSON / JSON from a FILE or stdin",
  usage: "events send [FILE|-] [--failed FILE] [--batch-size N] [--concurrency N]\n       inngest-rest events send --name NAME [--data JSON] [--id ID]",
  details: `FILE (or - for stdin) holds NDJSON (one event a line, streamed: any size in flat memory) or one
JSON document (an event, or an array of events). Prints {"ids":[...]}: one id per event read, in
input order (null where an event was not accepted).

When some events are accepted and some are not, the command exits 3 and --failed FILE receives
every event not accepted or not read, as NDJSON. Resend them with: inngest-rest events send FILE.
Chunks that may have been stored although the send failed (a timeout, a lost answer) are marked
in that file with a {"$resend":...} line carrying their event-id seed: the resend posts them as
one request under that seed, so the server derives the same ids and starts no run twice (its event
log may list those events twice). Keep
the file unedited (an edited marked chunk is sent afresh). With --failed, a send that completes
leaves the file empty; Ctrl-C stops a send and still writes it. A progress line (read / accepted) shows on stderr when it is a terminal.`,
  examples: [
    `inngest-rest events send --name app/user.signup --data '{"userId":"u_1"}'`,
    `printf '{"name":"app/a"}\\n{"name":"app/b"}\\n' | inngest-rest events send - --failed failed.ndjson`,
  ],
  args: { min: 0, max: 1 },
  flags: {
    name: { type: "string", value: "NAME", help: "send one event with this name" },
    data: { type: "string", value: "JSON", help: "its data, a JSON object (with --name)" },
    id: { type: "string", value: "ID", help: "its idempotency id: Inngest runs nothing twice for one id within 24 h" },
    failed: { type: "string", value: "FILE", help: "write the events not accepted here, as NDJSON, to resend" },
    "batch-size": { type: "string", value: "N", help: `events per request, ${BOUNDS.batchSize.join("-")} (default ${SEND_DEFAULTS.batchSize})` },
    concurrency: { type: "string", value: "N", help: `requests in flight, ${BOUNDS.concurrency.join("-")} (default ${SEND_DEFAULTS.concurrency})` },
  },
  async run(ctx) {
    // The send machinery (streams, the failed file, hashing) is loaded by this command only.
    const [{ startProgress }, { sendAll }] = await Promise.all([import("../send/progress.js"), import("../send/send.js")]);
    const input = await openInput(ctx.flags, ctx.args[0], ctx.stdin);
    const counter = { read: 0 };
    const stop = startProgress(ctx.stderr, () => counter.read, () => ctx.tap.accepted);
    // Ctrl-C (or a TERM) stops the send cleanly, so the failed file still gets what was not
    // accepted, with its seeds. A second Ctrl-C ends the process at once.
    const controller = new AbortController();
    const abort = () => controller.abort(new Error("interrupted"));
    process.once("SIGINT", abort).once("SIGTERM", abort);
    try {
      const ids = await sendAll(input, {
        client: ctx.client(),
        tap: ctx.tap,
        batchSize: intFlag(ctx.flags, "batch-size", ...BOUNDS.batchSize) ?? SEND_DEFAULTS.batchSize,
        concurrency: intFlag(ctx.flags, "concurrency", ...BOUNDS.concurrency) ?? SEND_DEFAULTS.concurrency,
        failedPath: str(ctx.flags, "failed"),
        counter,
        signal: controller.signal,
        warn: (text) => ctx.note(JSON.stringify({ warning: { message: text } })),
      });
      stop();
      await ctx.out.value({ ids });
    } catch (err) {
      stop();
      if (err instanceof CliPartialSendError) await ctx.out.value({ ids: err.ids });
      throw err;
    } finally {
      process.off("SIGINT", abort).off("SIGTERM", abort);
    }
  },
});

async function openInput(flags: Flags, file: string | undefined, stdin: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<Input> {
  const [{ openStream, readInput }, { wireForm }] = await Promise.all([import("../send/input.js"), import("../send/records.js")]);
  const name = str(flags, "name");
  if (name === undefined) {
    if (flags["data"] !== undefined || flags["id"] !== undefined) throw new UsageError("--data and --id go with --name");
    return readInput(openStream(file, stdin));
  }
  if (file !== undefined) throw new UsageError("give a FILE or --name, not both");
  const id = str(flags, "id");
  return { kind: "list", events: [wireForm({ name, data: jsonFlag(flags, "data"), ...(id === undefined ? {} : { id }) })] };
}

export const eventsList = command({
  name: "events list",
  summary: "list received events, newest first, as NDJSON (the API defaults to the last hour)",
  usage: "events list [--name NAME] [--from T] [--until T] [--all | --limit N] [--cursor CURSOR]",
  examples: ["inngest-rest events list --name app/user.signup --limit 10"],
  args: { min: 0, max: 0 },
  flags: {
    name: { type: "string", value: "NAME", help: "only events with this name" },
    from: { type: "string", value: "T", help: "received at or after this time (RFC 3339)" },
    until: { type: "string", value: "T", help: "received before this time" },
    ...PAGING,
  },
  run: (ctx) =>
    printPages(ctx, ctx.client().events.list({ ...paging(ctx, MAX_EVENTS), name: str(ctx.flags, "name"), from: str(ctx.flags, "from"), until: str(ctx.flags, "until") })),
});

export const eventsGet = command({
  name: "events get",
  summary: "one received event: name, data, ts, received time",
  usage: "events get EVENT_ID",
  examples: ["inngest-rest events get <EVENT_ID>"],
  args: { min: 1, max: 1 },
  run: async (ctx) => ctx.out.value(await ctx.client().events.get(ulid(ctx.args[0]!, "event id"))),
});

export const eventsRuns = command({
  name: "events runs",
  summary: "the runs an event started, as NDJSON (use the ids events send prints)",
  usage: "events runs EVENT_ID [--all | --limit N] [--cursor CURSOR]",
  examples: ["inngest-rest events runs <EVENT_ID>"],
  args: { min: 1, max: 1 },
  flags: PAGING,
  run: (ctx) => printPages(ctx, ctx.client().events.runs(ulid(ctx.args[0]!, "event id"), paging(ctx, MAX_EVENT_RUNS))),
});
