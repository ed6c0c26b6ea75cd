/**
 * A tool's answer or error as an MCP `CallToolResult`: `structuredContent` (the data) plus a text
 * rendering (a headline and the same data as compact JSON), held to the call's size budget. A
 * page that does not fit shows the items that do, with a cursor to the next one; a value that
 * does not fit is cut (cut.ts) with a note saying how to get the rest.
 */
import { PartialSendError } from "../../src/core/errors.js";
import { encodeCursor, type Position } from "./cursor.js";
import { cutToFit, sizeOf } from "./cut.js";
import type { Answer, PageAnswer, ValueAnswer } from "./tool.js";

export interface ToolResult {
  [key: string]: unknown;
  content: { type: "text"; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

const result = (headline: string, structured: Record<string, unknown>): ToolResult => ({
  content: [{ type: "text", text: `${headline}\n${JSON.stringify(structured)}` }],
  structuredContent: structured,
});

function valueResult(answer: ValueAnswer, maxChars: number): ToolResult {
  const room = maxChars - answer.headline.length - 400;
  if (sizeOf(answer.value) <= room) return result(answer.headline, answer.value);
  const note =
    `Cut to fit maxChars (${maxChars}): values marked "[cut: N chars]" were shortened.` +
    ` Call again with a larger maxChars (up to 1000000) to see them whole${answer.more ? `, or ${answer.more}` : ""}.`;
  const value = cutToFit(answer.value, room) as Record<string, unknown>;
  return result(`${answer.headline} (cut to fit)`, { ...value, note });
}

/** How many of `items` fit in `room` characters (at least one: a single large item is cut instead). */
function fitting(items: readonly unknown[], room: number): number {
  let used = 0;
  for (let i = 0; i < items.length; i++) {
    used += sizeOf(items[i]) + 1;
    if (used > room) return Math.max(i, 1);
  }
  return items.length;
}

function pageResult(answer: PageAnswer, maxChars: number): ToolResult {
  const room = maxChars - 600;
  const shown = fitting(answer.items, room);
  const items = answer.items.slice(0, shown).map((item) => cutToFit(item, room));
  const next: Position | undefined = shown < answer.items.length ? { c: answer.start.c, o: answer.start.o + shown } : answer.after;
  const structured: Record<string, unknown> = { [answer.noun]: items, count: items.length, hasMore: next !== undefined };
  if (next) structured["cursor"] = encodeCursor(next);
  if (shown < answer.items.length) {
    structured["note"] = `Showed ${shown} of the ${answer.items.length} ${answer.noun} on this page, to fit maxChars (${maxChars}); pass cursor for the rest, or a smaller limit.`;
  }
  const headline = `${items.length} ${answer.noun}${next ? "; more: call again with the cursor below" : "; end of list"}`;
  return result(headline, structured);
}

export function answerResult(answer: Answer, maxChars: number): ToolResult {
  return answer.kind === "page" ? pageResult(answer, maxChars) : valueResult(answer, maxChars);
}

/**
 * An error as a tool result (`isError: true`): the SDK's typed error, by class name, with its
 * status, code, message, attempts and (for a ValidationError) its issues. Keys never get here:
 * the SDK redacts its errors, and serve.ts redacts every result once more.
 */
export function errorResult(err: unknown): ToolResult {
  const e = (err ?? {}) as { name?: unknown; status?: unknown; code?: unknown; message?: unknown; attempts?: unknown; issues?: unknown };
  const error: Record<string, unknown> = {
    class: typeof e.name === "string" ? e.name : "Error",
    status: typeof e.status === "number" ? e.status : null,
    code: typeof e.code === "string" ? e.code : null,
    message: typeof e.message === "string" ? e.message : String(err),
    attempts: typeof e.attempts === "number" ? e.attempts : null,
  };
  if (Array.isArray(e.issues)) error["issues"] = e.issues.slice(0, 50);
  // A PartialSendError: which events were stored (their ids) and which were not (resend those).
  if (err instanceof PartialSendError) Object.assign(error, { ids: err.ids, failedIndexes: err.failedIndexes });
  return { content: [{ type: "text", text: `${String(error["class"])}: ${String(error["message"])}` }], structuredContent: { error }, isError: true };
}
