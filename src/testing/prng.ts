/** A small seeded pseudo-random generator (mulberry32), so seeded worlds and chaos runs replay exactly. */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  bytes(count: number): number[];
  /** `count` random hex characters. */
  hex(count: number): string;
}

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError("pick from an empty list");
      return item;
    },
    // Plain arrays, not typed ones: a seeded world makes thousands of these, and typed arrays cost far more to GC.
    bytes: (count) => {
      const out: number[] = [];
      for (let i = 0; i < count; i++) out.push(Math.floor(next() * 256));
      return out;
    },
    hex: (count) => {
      let out = "";
      while (out.length < count) out += Math.floor(next() * 0x100000000).toString(16).padStart(8, "0");
      return out.slice(0, count);
    },
  };
}
