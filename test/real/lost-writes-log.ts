// Reading the dev server's log for the span writes it lost (lost-writes.ts says why that matters).
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";

/** The line this dev server logs for each span it failed to store. */
export const LOST_SPAN_LINE = "failed to insert span into database";
/** What a failed test's error gets when span writes were lost while it ran; the config's retry condition matches it. */
export function lostWritesNote(lost: number): string {
  return `the dev server lost ${lost} span writes during this test ("database table is locked: spans" in its log); a failure of that kind is retried`;
}

/** How many lost-span lines the log has past byte `from`. */
export function countLostWrites(path: string, from: number): number {
  const text = readFrom(path, from);
  let count = 0;
  for (let at = text.indexOf(LOST_SPAN_LINE); at !== -1; at = text.indexOf(LOST_SPAN_LINE, at + 1)) count++;
  return count;
}

export function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

function readFrom(path: string, from: number): string {
  const size = sizeOf(path);
  if (size <= from) return "";
  const buffer = new Uint8Array(size - from);
  const fd = openSync(path, "r");
  try {
    readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    closeSync(fd);
  }
  return new TextDecoder().decode(buffer);
}
