// The accepted differences between the emulator and Inngest's real dev server, each with why the emulator differs
// and where the server does what it does. differential.test.ts fails on a difference not listed here and on a row
// that no longer differs. Paths are `<scenario step> <JSON path>` with array indexes as `[]` (compare.ts).
import type { Difference } from "./compare.js";

/** One accepted difference. */
export interface AcceptedDifference extends Difference {
  /** Why the emulator answers otherwise. */
  readonly reason: string;
  /** The server's source (inngest/inngest at the dev server's commit) or what was watched on it. */
  readonly source: string;
}

export const DIFFERENCES: readonly AcceptedDifference[] = [];
