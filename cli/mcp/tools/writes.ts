/**
 * The write tools, listed only with `--allow-writes`: send_events, invoke_function, cancel_run,
 * replay_run, send_signal, create_cancellation, delete_cancellation. Each takes `dryRun`.
 */
import * as z from "zod/mini";
import { eventSchema } from "../../../src/wire/event-schema.js";
import type { InngestClient } from "../../../src/client.js";
import { tool, WRITE, type Tool, type ValueAnswer } from "../tool.js";
import { appId, cancellationId, dryRun, functionId, jsonObject, runId, time } from "./fields.js";
import { writeCall } from "./dry.js";
import { SEND_DEFAULTS } from "../../../src/internal/config.js";

/** What a write tool is made of: its input (without `dryRun`, which every write tool gets), its hints, and one SDK call. */
interface WriteToolSpec<S extends z.ZodMiniObject> extends Omit<Tool<S>, "run" | "annotations"> {
  /** The title hosts show, and whether the call destroys something or can be repeated safely. */
  readonly hints: { readonly title: string; readonly destructive: boolean; readonly idempotent: boolean };
  /** The call, on the real client or a dry-run one; `signal` fires when the host cancels. */
  call(args: z.output<S>, client: InngestClient, signal: AbortSignal): Promise<ValueAnswer>;
}

/**
 * Builds a write tool: write annotations (so it is listed only with `--allow-writes`), a `dryRun` argument, and a
 * call that runs on the real client, or on a recording one when `dryRun` is set.
 */
function writeTool<S extends z.ZodMiniObject>({ hints: { title, ...hints }, call, input, ...spec }: WriteToolSpec<S>): Tool {
  return tool({
    ...spec,
    input: z.extend(input, { dryRun }) as z.ZodMiniObject,
    annotations: WRITE(title, hints),
    run: (args, ctx) => {
      const { dryRun: dry, ...rest } = args as { dryRun?: boolean };
      return writeCall(ctx, dry, (client) => call(rest as z.output<S>, client, ctx.signal));
    },
  });
}

/** Events per call: the SDK takes any number, but a model that sends more should write a script. */
const MAX_EVENTS = 1_000;

export const sendEvents = writeTool({
  name: "send_events",
  description: `Send events to Inngest's Event API: each triggers the functions listening for its name. Returns one id per event (for get_event and list_event_runs).
Use it to start work the way the app itself does. An event with an id triggers functions once within 24 hours (repeat-safe for its runs, though the event log may list it twice); without one each call makes new events and new runs.
Cost: one request per ${SEND_DEFAULTS.batchSize} events; the whole batch is checked first, so one bad event refuses all, naming its index and field.`,
  input: z.strictObject({
    events: z.array(eventSchema).check(z.minLength(1), z.maxLength(MAX_EVENTS), z.describe("The events: { name, data?, id?, ts?, v? } each.")),
  }),
  hints: { title: "Send events", destructive: false, idempotent: false },
  call: async (a, client, signal) => {
    const { ids } = await client.events.send(a.events, { signal });
    return { kind: "value", headline: `sent ${ids.length} event${ids.length === 1 ? "" : "s"}`, value: { ids } };
  },
});

export const invokeFunction = writeTool({
  name: "invoke_function",
  description: `Start a run of one function directly, with data as its event's data, and return the new run's id (follow it with wait_for_run or get_run).
Without idempotencyKey each call starts another run; with one, a repeat returns the first run's id with duplicate: true.
Cost: one request; the run itself does whatever the function does.`,
  input: z.strictObject({
    appId,
    functionId,
    data: jsonObject("The run's event.data, a JSON object (default {})."),
    idempotencyKey: z.optional(z.string().check(z.minLength(1), z.describe("Start at most one run for this key."))),
  }),
  hints: { title: "Invoke a function", destructive: false, idempotent: false },
  call: async (a, client, signal) => {
    const options = { signal, ...(a.idempotencyKey === undefined ? {} : { idempotencyKey: a.idempotencyKey }) };
    const result = await client.functions.invoke(a.appId, a.functionId, a.data ?? {}, options);
    return { kind: "value", headline: `started run ${result.runId}${result.duplicate ? " (a duplicate of the key's first run)" : ""}`, value: { ...result } };
  },
});

export const cancelRun = writeTool({
  name: "cancel_run",
  description: `Cancel one run: no new steps run after it (a step already running finishes). Cancelling a run that already ended changes nothing and is not an error.
Cost: one request. Irreversible: a cancelled run can only be replayed as a new run (replay_run).`,
  input: z.strictObject({ runId }),
  hints: { title: "Cancel a run", destructive: true, idempotent: true },
  call: async (a, client, signal) => {
    await client.runs.cancel(a.runId, { signal });
    return { kind: "value", headline: `cancelled run ${a.runId}`, value: { runId: a.runId, cancelled: true } };
  },
});

export const replayRun = writeTool({
  name: "replay_run",
  description: `Replay a run as a new run of the same function with the same event, and return the new run's id. Use it after fixing what made a run fail.
Not idempotent: every call makes another run. Cost: one request, plus whatever the function does.`,
  input: z.strictObject({ runId }),
  hints: { title: "Replay a run", destructive: false, idempotent: false },
  call: async (a, client, signal) => {
    const { runId: newRunId } = await client.runs.replay(a.runId, { signal });
    return { kind: "value", headline: `replayed run ${a.runId} as run ${newRunId}`, value: { runId: newRunId, replayOf: a.runId } };
  },
});

export const sendSignal = writeTool({
  name: "send_signal",
  description: `Send a signal: the run waiting for it in step.waitForSignal resumes with data. Returns that run's id, or runId: null when no run was waiting.
Not idempotent: a delivered signal is consumed. Cost: one request.`,
  input: z.strictObject({
    signal: z.string().check(z.minLength(1), z.describe("The signal name the run waits for.")),
    data: z.optional(z.unknown().check(z.describe("Any JSON value, handed to the run as the signal's data."))),
  }),
  hints: { title: "Send a signal", destructive: false, idempotent: false },
  call: async (a, client, signal) => {
    const { runId } = await client.signals.send(a.signal, a.data, { signal });
    return { kind: "value", headline: runId ? `run ${runId} resumed` : "no run was waiting for this signal", value: { runId } };
  },
});

export const createCancellation = writeTool({
  name: "create_cancellation",
  description: `Cancel many runs of one function at once: those started before startedBefore (and after startedAfter), optionally only those whose event matches the CEL expression in if.
Inngest cancels the matching queued and running runs asynchronously; ended runs are untouched. Preview the candidates first with list_runs (status queued and running, appId, from, until, and functionId WITHOUT the "<appId>-" prefix: list_runs takes the function's own id, this tool its app-prefixed slug).
Not idempotent: each call adds a cancellation (list_cancellations shows them). Cost: one request; irreversible for the runs it cancels.`,
  input: z.strictObject({
    appId,
    // pkg/cqrs/manager/cqrs.go GetFunctionByExternalID: the stored slug alone, which inngest-js apps prefix with the app id.
    functionId: z.string().check(z.minLength(1), z.describe("The function's slug as Inngest stores it: app-prefixed for apps served by inngest-js, e.g. \"my-app-send-email\" (a run's functionId is \"send-email\").")),
    startedBefore: z.string().check(z.minLength(1), z.describe("Cancel runs started before this time (not in the future). RFC 3339.")),
    startedAfter: time("Cancel only runs started after this time (default: no lower bound)."),
    if: z.optional(z.string().check(z.minLength(1), z.describe("A CEL expression on the triggering event, e.g. \"event.data.userId == 'u_1'\"."))),
  }),
  hints: { title: "Cancel runs in bulk", destructive: true, idempotent: false },
  call: async (a, client, signal) => {
    const cancellation = await client.cancellations.create(a, { signal });
    return { kind: "value", headline: `created cancellation ${cancellation.id}`, value: { cancellation } };
  },
});

export const deleteCancellation = writeTool({
  name: "delete_cancellation",
  description: `Delete a bulk cancellation: from then on it cancels no more runs (those it already cancelled stay cancelled). Cost: one request.`,
  input: z.strictObject({
    id: cancellationId,
  }),
  hints: { title: "Delete a bulk cancellation", destructive: true, idempotent: true },
  call: async (a, client, signal) => {
    await client.cancellations.delete(a.id, { signal });
    return { kind: "value", headline: `deleted cancellation ${a.id}`, value: { id: a.id, deleted: true } };
  },
});
