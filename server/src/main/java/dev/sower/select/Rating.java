package dev.sower.select;

/** Danbooru's explicitness rating, as the metadata's {@code rating} field spells it. */
public enum Rating {
  /** Safe. */
  S('s'),
  /** Questionable. */
  Q('q'),
  /** Explicit. */
  E('e');

  private final char code;

  Rating(char code) {
    this.code = code;
  }

  /** The one-letter code used in the metadata. */
  public char code() {
    return code;
  }
}
