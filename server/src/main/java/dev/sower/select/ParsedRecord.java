package dev.sower.select;

import java.util.Set;

/**
 * The fields of one metadata record that a query looks at. A field the parser was not asked for,
 * or that the record lacks (absent or {@code null}), is not {@link #has present}.
 *
 * @param present bit {@code 1 << field.ordinal()} set for each field read
 * @param id image ID
 * @param createdAt upload time, seconds since the epoch (UTC)
 * @param rating {@code s}, {@code q} or {@code e} (whatever the record says, lower case)
 * @param score user score
 * @param fileExt the original's extension, as the record spells it
 * @param deleted whether the post is marked deleted
 * @param tagsSeen for each of the query's {@link Query#mentionedTags() mentioned tags}, in that
 *     order, whether the record has it
 */
public record ParsedRecord(
    int present,
    long id,
    long createdAt,
    char rating,
    long score,
    String fileExt,
    boolean deleted,
    boolean[] tagsSeen) {

  /** True when the record gave {@code field}. */
  public boolean has(Field field) {
    return (present & (1 << field.ordinal())) != 0;
  }

  /** The first of {@code needed} the record lacks, or null when it has them all. */
  public Field firstMissing(Set<Field> needed) {
    for (Field f : needed) {
      if (!has(f)) {
        return f;
      }
    }
    return null;
  }
}
