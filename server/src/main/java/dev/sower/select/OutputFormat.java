package dev.sower.select;

/** What {@code sower select} prints for each selected image. */
public enum OutputFormat {
  /** Dataset-relative paths, one a line, for {@code rsync --files-from}. */
  PATHS,
  /** Image IDs, one a line. */
  IDS,
  /** The matching metadata lines, unchanged. */
  JSONL;

  /** Parses {@code paths}, {@code ids} or {@code jsonl} (either case). */
  public static OutputFormat parse(String text) {
    for (OutputFormat f : values()) {
      if (f.name().equalsIgnoreCase(text.trim())) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + text + "' (expected paths, ids or jsonl)");
  }
}
