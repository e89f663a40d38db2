package dev.sower.select;

/** An inclusive range of image IDs, from {@code A-B}, {@code A-} or {@code -B}. */
public record IdRange(long from, long to) {
  /** Every ID. */
  public static final IdRange ALL = new IdRange(0, Long.MAX_VALUE);

  public IdRange {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("empty or negative ID range " + from + "-" + to);
    }
  }

  /** True when {@code id} lies in the range. */
  public boolean contains(long id) {
    return id >= from && id <= to;
  }

  /** Parses {@code A-B} (both inclusive), {@code A-} (A and up) or {@code -B} (up to B). */
  public static IdRange parse(String text) {
    String t = text.trim();
    int dash = t.indexOf('-');
    if (dash < 0 || t.indexOf('-', dash + 1) >= 0 || t.length() == 1) {
      throw new IllegalArgumentException("ID range '" + text + "' is not A-B, A- or -B");
    }
    try {
      long from = dash == 0 ? 0 : Long.parseLong(t.substring(0, dash).trim());
      long to = dash == t.length() - 1 ? Long.MAX_VALUE : Long.parseLong(t.substring(dash + 1).trim());
      if (to < from) {
        throw new IllegalArgumentException("ID range '" + text + "' ends before it starts");
      }
      return new IdRange(from, to);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ID range '" + text + "' is not A-B, A- or -B");
    }
  }
}
