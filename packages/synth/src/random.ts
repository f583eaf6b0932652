/**
 * Seeded pseudo-random numbers. Generation must be byte-for-byte reproducible from (seed, N), so
 * nothing here touches Math.random or crypto: every stream is derived by hashing its name.
 */

/** 32-bit FNV-1a of a string; used to turn stream labels into numbers once. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: a cheap, well-mixed 32-bit avalanche. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a list of numbers and strings into one 32-bit value (order matters). */
export function hashParts(parts: readonly (number | string)[], salt = 0): number {
  let h = mix32(0x9e3779b9 ^ salt);
  for (const part of parts) {
    const k = typeof part === 'number' ? part >>> 0 : hashString(part);
    h = mix32(h ^ k) + 0x6d2b79f5;
    // Numbers above 2^32 (large seeds) must not collide with their low bits alone.
    if (typeof part === 'number' && part > 0xffffffff) {
      h = mix32(h ^ Math.floor(part / 0x100000000));
    }
  }
  return h >>> 0;
}

/**
 * A small, fast, seedable generator (sfc32, from PractRand's test suite; passes BigCrush) with the
 * distributions the generator needs. One instance per independent stream.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  /** Creates a stream named by `parts` (e.g. `[seed, 'person', 17]`). */
  constructor(parts: readonly (number | string)[]) {
    this.a = hashParts(parts, 1);
    this.b = hashParts(parts, 2);
    this.c = hashParts(parts, 3);
    this.d = 1;
    // Warm up so that similar labels diverge immediately.
    for (let i = 0; i < 12; i++) {
      this.uint32();
    }
  }

  /** Next raw 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer uniform in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element, uniformly. Throws on an empty array because that is always a programming error. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) {
      throw new Error('Rng.pick on an empty array');
    }
    return item;
  }

  /** One value, with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) {
      total += w;
    }
    let r = this.next() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) {
        return value;
      }
    }
    const last = items[items.length - 1];
    if (last === undefined) {
      throw new Error('Rng.weighted on an empty array');
    }
    return last[0];
  }

  /** Normal deviate (Box-Muller, caching the second value). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) {
      u = this.next();
    }
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /** Exponential waiting time with the given rate (events per unit). */
  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /** Poisson count (Knuth for small means, normal approximation above 30; means here are small). */
  poisson(mean: number): number {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    }
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** Logistic function. */
export function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Inverse of {@link expit}. */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** Clamps a number into [lo, hi]. */
export function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value;
}
