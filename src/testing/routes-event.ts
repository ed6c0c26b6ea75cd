/** The Event API: `POST /e/{key}`, validated event by event like the OSS server (`pkg/api/api.go`). */

import { parseEventIdSeed, randomUlid, seededUlid } from "./ids.js";
import { quoteChar, scanValue, skipSpace } from "./json-scan.js";
import { goJson } from "./respond.js";
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
    return goJson(401, { status: 401, message: "", error: "Event key not found" });
  }
  // An invalid seed header is ignored, as on the server: the request then gets random ids.
  const seed = parseEventIdSeed(ctx.headers.get("x-inngest-event-id-seed"));
  const ids: string[] = [];
  const failure = readBody(ctx.body, (item, index) => {
    const event = readEvent(item);
    if (typeof event === "string") return event;
    // The i-th event of a request (from 1) gets the seed's id for i, so a retried request maps to the same ids.
    const id = seed ? seededUlid(seed, index + 1) : randomUlid(ctx.now);
    const stored = { ...event, id, ts: event.ts ?? ctx.now, receivedAt: ctx.now };
    if (ctx.store.event(id)) ctx.store.storeResentEvent(stored);
    else ctx.store.storeEvent(stored);
    ids.push(id);
    return undefined;
  });
  // ReceiveEvent answers ids[0:max+1] of a slice made with 5000 empty strings: with no event stored (an empty body,
  // an empty batch, a failure on the first event) that is [""], never [].
  const answered = ids.length > 0 ? ids : [""];
  // No Content-Type is set, so net/http sniffs the JSON as text.
  const headers = { "content-type": "text/plain; charset=utf-8" };
  if (failure !== undefined) return goJson(400, { ids: answered, status: 400, error: failure }, headers);
  return goJson(200, { ids: answered, status: 200 }, headers);
}

/**
 * Reads the body as eventstream.ParseStream does, handing each item to `handle` before it reads the next, so the
 * events before a bad one are stored. Returns the error that stopped it, if any.
 */
function readBody(body: string, handle: (item: unknown, index: number) => string | undefined): string | undefined {
  const start = skipSpace(body, 0);
  if (start === body.length) return undefined; // io.EOF on the first token: nothing to do, 200
  const first = body.charAt(start);
  if (first === "{") {
    // One object: the rest of the body, as sent, is the event (its size included trailing whitespace).
    const item = body.slice(start);
    const tooLarge = checkSize(item);
    if (tooLarge) return tooLarge;
    const scanned = scanValue(body, start);
    if ("error" in scanned) return scanned.eof ? "unexpected end of JSON input" : scanned.error;
    const after = skipSpace(body, scanned.end);
    if (after < body.length) return `invalid character ${quoteChar(body.charAt(after))} after top-level value`;
    return handle(JSON.parse(item), 0);
  }
  if (first !== "[") return "Request body must contain an event object or an array of event objects";
  let pos = start + 1;
  for (let index = 0; ; index++) {
    pos = skipSpace(body, pos);
    // Decoder.More(): the end of the input, or a closing bracket, ends the batch; the rest is never read.
    if (pos >= body.length || body.charAt(pos) === "]" || body.charAt(pos) === "}") return undefined;
    if (index === MAX_EVENTS) return `Cannot have more than ${MAX_EVENTS} events in a batch`;
    if (index > 0) {
      if (body.charAt(pos) !== ",") return "expected comma after array element";
      pos += 1;
    }
    const valueStart = skipSpace(body, pos);
    const scanned = scanValue(body, valueStart);
    // The Decoder reports a value cut short as io.ErrUnexpectedEOF.
    if ("error" in scanned) return scanned.eof ? "unexpected EOF" : scanned.error;
    const raw = body.slice(valueStart, scanned.end);
    const tooLarge = checkSize(raw);
    if (tooLarge) return tooLarge;
    const failure = handle(JSON.parse(raw), index);
    if (failure !== undefined) return failure;
    pos = scanned.end;
  }
}

/** The per-event size limit, on the raw JSON bytes of the event. */
function checkSize(raw: string): string | undefined {
  // A UTF-16 unit is at most 3 UTF-8 bytes: only a long event needs its exact size.
  const size = raw.length * 3 > MAX_EVENT_SIZE ? new TextEncoder().encode(raw).length : raw.length;
  if (size <= MAX_EVENT_SIZE) return undefined;
  return `Event is over the max size: Max ${MAX_EVENT_SIZE} bytes / Size ${size} bytes`;
}

type ReadEvent = Omit<EmulatorEvent, "id" | "ts" | "receivedAt"> & { ts?: number };

// event.Event's JSON fields and the Go type each decodes into.
const FIELD_TYPES: Readonly<Record<string, string>> = {
  id: "string",
  name: "string",
  data: "map[string]interface {}",
  ts: "int64",
  v: "string",
  user: "map[string]interface {}",
};

/**
 * The event's fields as Go's json.Unmarshal sees them: keys match case-insensitively, a later key wins, and the
 * first value of the wrong type (in document order) is the error.
 */
function decodeFields(item: Record<string, unknown>): Record<string, unknown> | string {
  const fields: Record<string, unknown> = {};
  let failure: string | undefined;
  for (const [key, value] of Object.entries(item)) {
    const field = key in FIELD_TYPES ? key : key.toLowerCase();
    const goType = FIELD_TYPES[field];
    if (goType === undefined) continue;
    if (value !== null && !fitsGoType(value, goType)) {
      const what = typeof value === "number" && goType === "int64" ? `number ${value}` : jsonType(value);
      failure ??= `json: cannot unmarshal ${what} into Go struct field Event.${field} of type ${goType}`;
      continue;
    }
    fields[field] = value;
  }
  return failure ?? fields;
}

function fitsGoType(value: unknown, goType: string): boolean {
  if (goType === "string") return typeof value === "string";
  if (goType === "int64") return Number.isSafeInteger(value);
  return isObject(value);
}

/** An event from its JSON, or the server's error message (decoding, then event.NormalizeInbound's checks). */
function readEvent(item: unknown): ReadEvent | string {
  if (!isObject(item)) return `json: cannot unmarshal ${jsonType(item)} into Go value of type event.Event`;
  const fields = decodeFields(item);
  if (typeof fields === "string") return fields;
  const { name = "", data, user, id, ts, v } = fields as Record<string, string | number | Record<string, unknown>>;
  if (typeof name !== "string" || name === "") return "event name is empty";
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
