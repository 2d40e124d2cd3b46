// A seeded 64-bit generator: the same seed gives the same values anywhere (the model's
// validation split, the sentences its calibration is fitted on, the benchmarks' corpora).
const MASK = (1n << 64n) - 1n;

/** splitmix64 (Steele, Lea, Flood 2014): returns a function giving the next 64-bit value as a BigInt. */
export function splitmix64(seed) {
  let state = BigInt.asUintN(64, BigInt(seed));
  return () => {
    state = (state + 0x9E3779B97F4A7C15n) & MASK;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & MASK;
    return z ^ (z >> 31n);
  };
}
