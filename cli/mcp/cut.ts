/**
 * Cutting a JSON value to a size budget: the largest parts are shortened first (a long string to
 * its start, an object's or array's members each to a fair share of what is left), and each cut
 * leaves a marker saying how much was there. Small members are always kept whole.
 */

/** Size of a value as compact JSON text. */
export const sizeOf = (value: unknown): number => JSON.stringify(value)?.length ?? 0;

const marker = (size: number) => `[cut: ${size} chars]`;

/** `value` as JSON at most about `budget` characters; what was cut is marked `[cut: N chars]`. */
export function cutToFit(value: unknown, budget: number): unknown {
  const size = sizeOf(value);
  if (size <= budget) return value;
  if (typeof value === "string") return `${value.slice(0, Math.max(0, budget - 40))}…${marker(value.length)}`;
  if (value === null || typeof value !== "object") return marker(size);
  if (budget < 40) return marker(size);
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const shares = fairShares(
    entries.map(([k, v]) => ({ key: k, size: sizeOf(v) + k.length + 4 })),
    budget - 2,
  );
  const kept = entries.map(([k, v]): [string, unknown] => [k, cutToFit(v, shares.get(k)! - k.length - 4)]);
  return Array.isArray(value) ? kept.map(([, v]) => v) : Object.fromEntries(kept);
}

/**
 * Water-filling: members smaller than an equal share of what is left keep their size; the rest
 * split the remainder equally.
 */
function fairShares(members: { key: string; size: number }[], budget: number): Map<string, number> {
  const out = new Map<string, number>();
  let left = budget;
  const bySize = [...members].sort((a, b) => a.size - b.size);
  bySize.forEach((m, i) => {
    const share = Math.max(0, Math.floor(left / (bySize.length - i)));
    const given = Math.min(m.size, share);
    out.set(m.key, given);
    left -= given;
  });
  return out;
}
