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

  /** Parses {@code s}, {@code q} or {@code e} (either case). */
  public static Rating parse(String text) {
    String t = text.trim();
    for (Rating r : values()) {
      if (t.length() == 1 && Character.toLowerCase(t.charAt(0)) == r.code) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown rating '" + text + "' (expected s, q or e)");
  }

  /** The one-letter code used in the metadata. */
  public char code() {
    return code;
  }
}
