package dev.sower.select;

import java.util.List;
import java.util.Set;

/** Decides, for one parsed record, whether a {@link Query} selects it. */
public final class RecordFilter {
  private final Query query;
  private final Set<Field> needed;
  private final int[] allTags;
  private final int[] anyTags;
  private final int[] notTags;
  private final boolean ratingS;
  private final boolean ratingQ;
  private final boolean ratingE;

  /** A filter for {@code query} whose records were parsed with {@code needed} fields. */
  public RecordFilter(Query query, Set<Field> needed) {
    this.query = query;
    this.needed = needed.isEmpty() ? Set.of()
        : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(needed));
    List<String> mentioned = query.mentionedTags();
    this.allTags = indexes(mentioned, query.allTags());
    this.anyTags = indexes(mentioned, query.anyTags());
    this.notTags = indexes(mentioned, query.notTags());
    this.ratingS = query.ratings().contains(Rating.S);
    this.ratingQ = query.ratings().contains(Rating.Q);
    this.ratingE = query.ratings().contains(Rating.E);
  }

  private static int[] indexes(List<String> mentioned, Set<String> tags) {
    return tags.stream().mapToInt(mentioned::indexOf).sorted().toArray();
  }

  /** The fields a record must have; parse records with exactly these. */
  public Set<Field> needed() {
    return needed;
  }

  /**
   * The first needed field (in {@link Field} order) {@code r} lacks, or null. A record lacking a
   * needed field cannot be judged and is left out; it is counted once, under that field.
   */
  public Field missing(ParsedRecord r) {
    return r.firstMissing(needed);
  }

  /** True when {@code r}, which has every needed field, is selected. */
  public boolean matches(ParsedRecord r) {
    Query q = query;
    if (!q.ids().contains(r.id()) && needed.contains(Field.ID)) {
      return false;
    }
    if (!q.ratings().isEmpty() && !ratingAllowed(r.rating())) {
      return false;
    }
    if (q.tree() == Tree.SUBSET_512 && (r.rating() != Rating.S.code() || r.deleted())) {
      return false;
    }
    if (!q.includeDeleted() && r.deleted()) {
      return false;
    }
    if (r.score() < q.minScore() && q.minScore() != Long.MIN_VALUE) {
      return false;
    }
    if (!q.extensions().isEmpty() && !q.extensions().contains(Query.normalizeExtension(r.fileExt()))) {
      return false;
    }
    if (r.createdAt() < q.since() && q.since() != Long.MIN_VALUE) {
      return false;
    }
    if (r.createdAt() > q.until() && q.until() != Long.MAX_VALUE) {
      return false;
    }
    return tagsMatch(r.tagsSeen());
  }

  private boolean ratingAllowed(char rating) {
    return switch (rating) {
      case 's' -> ratingS;
      case 'q' -> ratingQ;
      case 'e' -> ratingE;
      default -> false;
    };
  }

  private boolean tagsMatch(boolean[] seen) {
    for (int i : allTags) {
      if (!seen[i]) {
        return false;
      }
    }
    for (int i : notTags) {
      if (seen[i]) {
        return false;
      }
    }
    if (anyTags.length == 0) {
      return true;
    }
    for (int i : anyTags) {
      if (seen[i]) {
        return true;
      }
    }
    return false;
  }
}
