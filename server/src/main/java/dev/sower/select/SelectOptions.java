package dev.sower.select;

import java.nio.file.Path;

/**
 * How to run a selection, beyond what it selects.
 *
 * @param format what to print per selected image
 * @param skipBad skip (and count) bad lines instead of stopping at the first
 * @param verifyRoot dataset root whose files must exist for an entry to be kept; null for no check
 */
public record SelectOptions(OutputFormat format, boolean skipBad, Path verifyRoot) {
  public SelectOptions {
    if (format == null) {
      throw new IllegalArgumentException("format is required");
    }
  }

  /** Paths, stop at the first bad line, no check against a tree. */
  public static SelectOptions paths() {
    return new SelectOptions(OutputFormat.PATHS, false, null);
  }
}
