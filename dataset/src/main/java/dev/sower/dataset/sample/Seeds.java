package dev.sower.dataset.sample;

/** Derives independent, reproducible random streams from a seed and a key. */
final class Seeds {
  private Seeds() {}

  /** A well-mixed 64-bit value of (seed, key): the SplitMix64 finaliser. */
  static long mix(long seed, long key) {
    long z = seed * 0x9E3779B97F4A7C15L + key + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
