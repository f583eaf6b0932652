/**
 * Scores and 95% confidence intervals. Proportions: the Wilson score interval (Wilson 1927;
 * recommended over the Wald interval for small denominators by Brown, Cai & DasGupta 2001).
 * Rates per member-month: the Poisson interval by Byar's approximation (Breslow & Day 1987,
 * vol. II, p. 69). Means: the normal approximation (mean ± 1.96·s/√n).
 */
const Z = 1.959964;

export interface Interval {
  score: number | null;
  low: number | null;
  high: number | null;
}

export function proportion(numerator: number, denominator: number): Interval {
  if (denominator <= 0) return { score: null, low: null, high: null };
  const p = numerator / denominator;
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * denominator)) / (1 + z2 / denominator);
  const half =
    (Z / (1 + z2 / denominator)) *
    Math.sqrt((p * (1 - p)) / denominator + z2 / (4 * denominator * denominator));
  return {
    score: p,
    low: numerator === 0 ? 0 : Math.max(0, centre - half),
    high: numerator === denominator ? 1 : Math.min(1, centre + half),
  };
}

/** Events per `per` units of exposure (member-months), with Byar's Poisson interval. */
export function rate(events: number, exposure: number, per: number): Interval {
  if (exposure <= 0) return { score: null, low: null, high: null };
  const k = events;
  const low = k === 0 ? 0 : k * Math.pow(1 - 1 / (9 * k) - Z / (3 * Math.sqrt(k)), 3);
  const k1 = k + 1;
  const high = k1 * Math.pow(1 - 1 / (9 * k1) + Z / (3 * Math.sqrt(k1)), 3);
  return {
    score: (k / exposure) * per,
    low: (low / exposure) * per,
    high: (high / exposure) * per,
  };
}

export function mean(values: readonly number[]): Interval {
  const n = values.length;
  if (n === 0) return { score: null, low: null, high: null };
  const m = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { score: m, low: null, high: null };
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - m) * (b - m), 0) / (n - 1));
  const half = (Z * sd) / Math.sqrt(n);
  return { score: m, low: m - half, high: m + half };
}
