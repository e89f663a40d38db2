package dev.sower.select;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a selection saw.
 *
 * @param records non-blank lines read
 * @param badLines lines skipped as malformed (only with --skip-bad)
 * @param missing for each field, records excluded because they lack it although the query needs it
 * @param firstMissing for each such field, where it was first found missing
 * @param matched records the query selected
 * @param notInRoot selected records dropped because their file is not under --verify-root
 * @param written entries printed
 */
public record SelectionSummary(
    long records,
    long badLines,
    Map<Field, Long> missing,
    Map<Field, String> firstMissing,
    long matched,
    long notInRoot,
    long written) {

  public SelectionSummary {
    missing = Collections.unmodifiableMap(missing.isEmpty()
        ? new EnumMap<>(Field.class) : new EnumMap<>(missing));
    firstMissing = Collections.unmodifiableMap(firstMissing.isEmpty()
        ? new EnumMap<>(Field.class) : new EnumMap<>(firstMissing));
  }

  /** Records excluded for lacking a needed field, all fields together. */
  public long missingTotal() {
    return missing.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The summary as lines for standard error. */
  public List<String> describe(Query query, java.nio.file.Path verifyRoot) {
    List<String> out = new ArrayList<>();
    out.add(String.format("%d records read, %d selected, %d written", records, matched, written));
    for (Map.Entry<Field, Long> e : missing.entrySet()) {
      out.add(String.format("  %d excluded: no %s field (%s); first at %s", e.getValue(),
          e.getKey().jsonName(), why(e.getKey(), query), firstMissing.get(e.getKey())));
    }
    if (badLines > 0) {
      out.add(String.format("  %d bad lines skipped (--skip-bad)", badLines));
    }
    if (notInRoot > 0) {
      out.add(String.format("  %d dropped: file not under %s (--verify-root)", notInRoot, verifyRoot));
    }
    return out;
  }

  private static String why(Field f, Query q) {
    return switch (f) {
      case ID -> "the output names images by ID";
      case FILE_EXT -> q.extensions().isEmpty() ? "original/ paths need the extension" : "needed by --ext";
      case RATING -> q.ratings().isEmpty() ? "needed by --tree 512px" : "needed by --rating";
      case IS_DELETED -> q.tree() == Tree.SUBSET_512 ? "needed by --tree 512px"
          : "deleted images are left out unless --include-deleted";
      case SCORE -> "needed by --min-score";
      case CREATED_AT -> "needed by --since/--until";
      case TAGS -> "needed by --tag/--any-tag/--not-tag";
    };
  }
}
