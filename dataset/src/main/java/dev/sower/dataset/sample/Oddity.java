package dev.sower.dataset.sample;

/** The deliberately odd files a sample release contains, modelled on the real dataset's. */
public enum Oddity {
  /** An ordinary image. */
  NONE,
  /** PNG bytes in a file named {@code .jpg}. */
  WRONG_EXTENSION,
  /** The file stops part way; metadata still gives the full size and MD5. */
  TRUNCATED,
  /** A zero-byte file. */
  EMPTY
}
