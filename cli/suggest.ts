/**
 * "did you mean --limit": the known flag nearest to an unknown one, by edit distance (at most 2,
 * or a prefix of it), so a typo is one glance to fix.
 */

/** Levenshtein distance between two short strings. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

/** The nearest of `known` to `name`, or undefined when none is near. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const candidate of known) {
    const d = candidate.startsWith(name) && name.length >= 2 ? 0.5 : distance(name, candidate);
    if (d <= 2 && (!best || d < best.d)) best = { name: candidate, d };
  }
  return best?.name;
}

/** The first `--flag` of `argv` (before a `--`) that is not in `known`, or undefined. */
export function unknownFlag(argv: readonly string[], known: readonly string[]): string | undefined {
  for (const arg of argv) {
    if (arg === "--") return undefined;
    if (!arg.startsWith("--")) continue;
    const name = arg.slice(2).split("=")[0]!;
    if (!known.includes(name)) return name;
  }
  return undefined;
}
