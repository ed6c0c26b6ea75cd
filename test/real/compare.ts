// Field-by-field comparison of two JSON answers, as the differential test (differential.test.ts) needs it: for
// every path in either answer, whether it is present, and its JSON kind; for a few keys whose value is the
// behaviour itself (a run's status, an error's class, status and message), the value.

/** One place where the emulator's answer differs from the real server's. */
export interface Difference {
  /** `<scenario step> <JSON path>`, array indexes as `[]`: `runs.get(sleep) .endedAt`. */
  readonly path: string;
  /** What the real server's answer has there: `absent`, `null`, a JSON kind, or a kind and value. */
  readonly real: string;
  /** What the emulator's answer has there. */
  readonly emulator: string;
}

// Keys compared by value, not only by kind: the behaviour a user acts on, and the scenario's own observations
// (a count, a header, whether a resend kept its ids), which it records under these names to be compared.
const VALUE_KEYS: ReadonlySet<string> = new Set(["status", "class", "message", "duplicate", "stepOp", "http", "sameIds", "runs", "listed", "contentType", "allow", "stepId", "outgoing", "dataKey"]);

/** The kind of a JSON value, or `absent`. */
export function kind(value: unknown): string {
  if (value === undefined) return "absent";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function describe(key: string, value: unknown): string {
  const k = kind(value);
  if (VALUE_KEYS.has(key) && (k === "string" || k === "number" || k === "boolean")) return `${k} ${JSON.stringify(value)}`;
  if (key === "http" && Array.isArray(value)) return `statuses ${JSON.stringify(value)}`;
  return k;
}

/** Every difference between `real` and `emulator`, step by step (both keyed by scenario step). */
export function compareAnswers(real: Record<string, unknown>, emulator: Record<string, unknown>): Difference[] {
  const out: Difference[] = [];
  for (const step of new Set([...Object.keys(real), ...Object.keys(emulator)])) {
    walk(step, "", "", real[step], emulator[step], out);
  }
  return out;
}

function walk(step: string, path: string, key: string, a: unknown, b: unknown, out: Difference[]): void {
  const [da, db] = [describe(key, a), describe(key, b)];
  if (da !== db) {
    out.push({ path: `${step} ${path || "."}`, real: da, emulator: db });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(step, `${path}[]`, key, a[i], b[i], out);
    return;
  }
  if (kind(a) !== "object" || kind(b) !== "object") return;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) walk(step, `${path}.${k}`, k, ra[k], rb[k], out);
}

/** The differences, one per (path, real, emulator): the same difference at each array index counts once. */
export function distinct(differences: readonly Difference[]): Difference[] {
  const seen = new Map<string, Difference>();
  for (const d of differences) seen.set(`${d.path}\u0000${d.real}\u0000${d.emulator}`, d);
  return [...seen.values()];
}
