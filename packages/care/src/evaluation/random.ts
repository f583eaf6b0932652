/**
 * A small seeded generator (mulberry32, Tommy Ettinger's public-domain 32-bit generator) so that
 * a bootstrap or a sample drawn twice from the same data gives the same numbers: an evaluation a
 * board reads must not change when it is run again.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
