package dev.sower.select;

/** What {@code sower select} prints for each selected image. */
public enum OutputFormat {
  /** Dataset-relative paths, one a line, for {@code rsync --files-from}. */
  PATHS,
  /** Image IDs, one a line. */
  IDS,
  /** The matching metadata lines, unchanged. */
  JSONL
}
