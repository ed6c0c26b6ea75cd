/** The Event API: `POST /e/{key}`, validated event by event like the OSS server (`pkg/api/api.go`). */

import { parseEventIdSeed, randomUlid, seededUlid } from "./ids.js";
import { json } from "./respond.js";
import type { Route, RouteContext } from "./router.js";
import { compact } from "./store.js";
import type { EmulatorEvent } from "./types.js";

const MAX_EVENTS = 5_000; // consts.MaxEvents
const MAX_EVENT_SIZE = 3 * 1024 * 1024; // consts.AbsoluteMaxEventSize, checked per event
const MIN_TS = Date.UTC(1980, 0, 1);
const MAX_TS = Date.UTC(2100, 0, 1);

/** The Event API's routes; with `eventKeys`, other keys get 401 as on self-hosted Inngest. */
export function eventRoutes(eventKeys: readonly string[] | undefined): Route[] {
  return [{ method: "POST", pattern: "/e/:key", handler: (ctx) => receive(ctx, eventKeys) }];
}

function receive(ctx: RouteContext, eventKeys: readonly string[] | undefined): Response {
  const key = ctx.params["key"] ?? "";
  // Key errors use another body than event errors (`pkg/api/util.go`): { status, message, error }.
  if (eventKeys !== undefined && !eventKeys.includes(key)) {
    return json(401, { status: 401, message: "", error: "Event key not found" });
  }
  const first = ctx.body.trimStart().charAt(0);
  if (first !== "{" && first !== "[") {
    return rejected([], "Request body must contain an event object or an array of event objects");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.body);
  } catch (error) {
    return rejected([], `Unable to parse request body: ${error instanceof Error ? error.message : String(error)}`);
  }
  const items: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  // An invalid seed header is ignored, as on the server: the request then gets random ids.
  const seed = parseEventIdSeed(ctx.headers.get("x-inngest-event-id-seed"));
  const ids: string[] = [];
  const encoder = new TextEncoder();
  for (const [index, item] of items.entries()) {
    // The server streams the body and publishes each event as it is parsed, so events before a bad one are
    // already stored: a 400 on a batch can be partial, and `ids` lists what was accepted.
    if (index >= MAX_EVENTS) return rejected(ids, `Cannot have more than ${MAX_EVENTS} events in a batch`);
    const text = JSON.stringify(item);
    // A UTF-16 unit is at most 3 UTF-8 bytes: only a long event needs its exact size.
    const size = text.length * 3 > MAX_EVENT_SIZE ? encoder.encode(text).length : text.length;
    if (size > MAX_EVENT_SIZE) {
      return rejected(ids, `Event is over the max size: Max ${MAX_EVENT_SIZE} bytes / Size ${size} bytes`);
    }
    const event = readEvent(item);
    if (typeof event === "string") return rejected(ids, event);
    // The i-th event of a request (from 1) gets the seed's id for i, so a retried request maps to the same ids.
    const id = seed ? seededUlid(seed, index + 1) : randomUlid(ctx.now);
    if (!ctx.store.event(id)) {
      ctx.store.storeEvent({ ...event, id, ts: event.ts ?? ctx.now, receivedAt: ctx.now });
    }
    ids.push(id);
  }
  return json(200, { ids, status: 200 });
}

function rejected(ids: string[], error: string): Response {
  return json(400, { ids, status: 400, error });
}

type ReadEvent = Omit<EmulatorEvent, "id" | "ts" | "receivedAt"> & { ts?: number };

/** An event from its JSON, or the server's error message. Go's decoder errors are mimicked for wrong types. */
function readEvent(item: unknown): ReadEvent | string {
  if (!isObject(item)) return `json: cannot unmarshal ${jsonType(item)} into Go value of type event.Event`;
  const wrong = (field: string, goType: string): string =>
    `json: cannot unmarshal ${jsonType(item[field])} into Go struct field Event.${field} of type ${goType}`;
  const { name = "", data, user, id, ts, v } = item;
  if (typeof name !== "string") return wrong("name", "string");
  if (data != null && !isObject(data)) return wrong("data", "map[string]interface {}");
  if (user != null && !isObject(user)) return wrong("user", "map[string]interface {}");
  if (id != null && typeof id !== "string") return wrong("id", "string");
  if (v != null && typeof v !== "string") return wrong("v", "string");
  if (ts != null && !Number.isInteger(ts)) return wrong("ts", "int64");
  if (name === "") return "event name is empty";
  if (name.toLowerCase().startsWith("inngest/")) return `event name is reserved for internal use: ${name}`;
  const time = typeof ts === "number" && ts !== 0 ? ts : undefined;
  if (time !== undefined && time < MIN_TS) return "timestamp is before Jan 1, 1980";
  if (time !== undefined && time > MAX_TS) return "timestamp is after Jan 1, 2100";
  // The server drops the reserved `data._inngest` key.
  const { _inngest: _reserved, ...cleanData } = isObject(data) ? data : {};
  return {
    name,
    data: cleanData,
    ...compact({
      user: isObject(user) ? user : undefined,
      ts: time,
      v: typeof v === "string" ? v : undefined,
      idempotencyKey: typeof id === "string" && id !== "" ? id : undefined,
    }),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (typeof value === "boolean") return "bool";
  return typeof value;
}
