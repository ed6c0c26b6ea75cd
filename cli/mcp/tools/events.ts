/** The read tools of received events: list_events, get_event, list_event_runs. */
import * as z from "zod/mini";
import { decodeCursor } from "../cursor.js";
import { READ, tool } from "../tool.js";
import { cursor, eventId, limit, maxChars, time } from "./fields.js";
import { apiPage } from "./page.js";
import { MAX_EVENT_RUNS, MAX_EVENTS } from "../../../src/resources/event-lookups.js";

export const listEvents = tool({
  name: "list_events",
  description: `List events Inngest received, newest first, one page per call (default 20, up to ${MAX_EVENTS}): internal id, name, data, received time. Inngest's own inngest/ events are left out.
Use it to check that an event arrived, or to find the event behind a run. The server looks back one hour unless from says otherwise (also when until is earlier): pass from with until.
Cost: one API request per call.`,
  input: z.strictObject({
    name: z.optional(z.string().check(z.minLength(1), z.describe("Only events with exactly this name, e.g. \"app/user.signup\"."))),
    from: time("Only events received at or after this time (default: one hour ago)."),
    until: time("Only events received at or before this time (default: now)."),
    limit: limit(MAX_EVENTS),
    cursor,
    maxChars,
  }),
  annotations: READ("List received events"),
  run: (a, ctx) => {
    const params = { name: a.name, from: a.from, until: a.until, limit: a.limit };
    return apiPage("events", decodeCursor(a.cursor), (c) => ctx.client.events.list({ ...params, cursor: c }, { signal: ctx.signal }));
  },
});

export const getEvent = tool({
  name: "get_event",
  description: `Get one received event by its internal id: name, data, user, its own id, ts and when it was received.
Use it after send_events (which returns these ids) or on a run's eventId. Cost: one API request (cached by the API for 5 s).`,
  input: z.strictObject({ eventId, maxChars }),
  annotations: READ("Get a received event"),
  run: async (a, ctx) => {
    const event = await ctx.client.events.get(a.eventId, { signal: ctx.signal });
    return { kind: "value", headline: `event ${a.eventId}: ${event.name}`, value: { event } };
  },
});

export const listEventRuns = tool({
  name: "list_event_runs",
  description: `List the runs an event triggered, one page per call (default 20, up to ${MAX_EVENT_RUNS}), with their status (and output with includeOutput).
Use it to go from a sent event (send_events returns its ids) to what it started. A run shows once Inngest has scheduled it, so right after sending the list may still be short.
Cost: one API request per call.`,
  input: z.strictObject({
    eventId,
    includeOutput: z.optional(z.boolean().check(z.describe("Include each run's output (default false)."))),
    limit: limit(MAX_EVENT_RUNS),
    cursor,
    maxChars,
  }),
  annotations: READ("List an event's runs"),
  run: (a, ctx) => {
    const params = { limit: a.limit, includeOutput: a.includeOutput };
    return apiPage("runs", decodeCursor(a.cursor), (c) => ctx.client.events.runs(a.eventId, { ...params, cursor: c }, { signal: ctx.signal }));
  },
});
