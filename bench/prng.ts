/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) and the samplers the generator needs.
 * Same seed, same store: nothing here reads the clock or Math.random.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** k distinct integers from [0, n), k ≤ n. */
  distinct(n: number, k: number): number[] {
    const out = new Set<number>();
    while (out.size < Math.min(k, n)) out.add(Math.floor(this.next() * n));
    return [...out];
  }

  /** A new generator for a sub-stream, so adding draws in one part of the build does not shift another. */
  fork(label: string): Rng {
    let h = 2166136261;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
    return new Rng((h ^ Math.floor(this.next() * 4294967296)) >>> 0);
  }
}

/**
 * Zipf-distributed picks from a ranked list: rank r has weight 1 / r^s. With s = 1 over a few
 * thousand words the first words land in a large share of rows and the tail in a handful, which is
 * what a search benchmark needs (and roughly how words spread in real text).
 */
export class Zipf<T> {
  private readonly cumulative: Float64Array;

  constructor(
    readonly items: readonly T[],
    s = 1,
  ) {
    this.cumulative = new Float64Array(items.length);
    let total = 0;
    for (let r = 0; r < items.length; r++) {
      total += 1 / (r + 1) ** s;
      this.cumulative[r] = total;
    }
    for (let r = 0; r < items.length; r++) this.cumulative[r]! /= total;
  }

  /** The probability of one draw landing on rank `r` (0-based). */
  probability(r: number): number {
    return (this.cumulative[r] ?? 0) - (r === 0 ? 0 : (this.cumulative[r - 1] ?? 0));
  }

  sample(rng: Rng): T {
    const u = rng.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }
}
