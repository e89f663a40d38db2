package dev.sower.select;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to select. Empty sets mean "no condition".
 *
 * @param allTags the image has every one of these tags ({@code --tag})
 * @param anyTags the image has at least one of these ({@code --any-tag})
 * @param notTags the image has none of these ({@code --not-tag})
 * @param ratings the image's rating is one of these ({@code --rating})
 * @param minScore the score is at least this; Long.MIN_VALUE for no condition ({@code --min-score})
 * @param extensions the original's extension is one of these, lower case ({@code --ext})
 * @param ids the ID lies in this range ({@code --id-range})
 * @param since created at or after this second; Long.MIN_VALUE for none ({@code --since})
 * @param until created at or before this second; Long.MAX_VALUE for none ({@code --until})
 * @param includeDeleted keep images marked deleted ({@code --include-deleted})
 * @param tree the tree paths are named in; the 512px subset holds only safe, not deleted images
 */
public record Query(
    Set<String> allTags,
    Set<String> anyTags,
    Set<String> notTags,
    Set<Rating> ratings,
    long minScore,
    Set<String> extensions,
    IdRange ids,
    long since,
    long until,
    boolean includeDeleted,
    Tree tree) {

  public Query {
    allTags = Set.copyOf(allTags);
    anyTags = Set.copyOf(anyTags);
    notTags = Set.copyOf(notTags);
    ratings = ratings.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(ratings));
    TreeSet<String> exts = new TreeSet<>();
    for (String e : extensions) {
      exts.add(normalizeExtension(e));
    }
    extensions = Set.copyOf(exts);
    if (since > until) {
      throw new IllegalArgumentException("--since is after --until");
    }
  }

  /** Every non-deleted image of the original tree. */
  public static Query everything() {
    return builder().build();
  }

  /** A builder starting from {@link #everything()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code .JPG} and {@code jpg} both mean {@code jpg}. */
  public static String normalizeExtension(String ext) {
    String e = ext.trim().toLowerCase(Locale.ROOT);
    return e.startsWith(".") ? e.substring(1) : e;
  }

  /** True when some condition looks at tags. */
  public boolean usesTags() {
    return !allTags.isEmpty() || !anyTags.isEmpty() || !notTags.isEmpty();
  }

  /** Every tag name any condition mentions, sorted. */
  public List<String> mentionedTags() {
    TreeSet<String> all = new TreeSet<>(allTags);
    all.addAll(anyTags);
    all.addAll(notTags);
    return List.copyOf(all);
  }

  /**
   * The fields a record must have to be judged and written: a record lacking one is excluded and
   * counted. {@code needsPath} is true when the output or a check names the image's file.
   */
  public Set<Field> neededFields(boolean needsId, boolean needsPath) {
    EnumSet<Field> f = EnumSet.noneOf(Field.class);
    if (needsId || needsPath || !ids.equals(IdRange.ALL)) {
      f.add(Field.ID);
    }
    if (!extensions.isEmpty() || (needsPath && tree == Tree.ORIGINAL)) {
      f.add(Field.FILE_EXT);
    }
    if (!ratings.isEmpty() || tree == Tree.SUBSET_512) {
      f.add(Field.RATING);
    }
    if (!includeDeleted || tree == Tree.SUBSET_512) {
      f.add(Field.IS_DELETED);
    }
    if (minScore != Long.MIN_VALUE) {
      f.add(Field.SCORE);
    }
    if (since != Long.MIN_VALUE || until != Long.MAX_VALUE) {
      f.add(Field.CREATED_AT);
    }
    if (usesTags()) {
      f.add(Field.TAGS);
    }
    return java.util.Collections.unmodifiableSet(f);
  }

  /** Assembles a {@link Query}; every setter replaces what it sets. */
  public static final class Builder {
    private Set<String> allTags = Set.of();
    private Set<String> anyTags = Set.of();
    private Set<String> notTags = Set.of();
    private Set<Rating> ratings = Set.of();
    private long minScore = Long.MIN_VALUE;
    private Set<String> extensions = Set.of();
    private IdRange ids = IdRange.ALL;
    private long since = Long.MIN_VALUE;
    private long until = Long.MAX_VALUE;
    private boolean includeDeleted;
    private Tree tree = Tree.ORIGINAL;

    private Builder() {}

    public Builder allTags(String... tags) {
      this.allTags = Set.of(tags);
      return this;
    }

    public Builder allTags(java.util.Collection<String> tags) {
      this.allTags = Set.copyOf(tags);
      return this;
    }

    public Builder anyTags(String... tags) {
      this.anyTags = Set.of(tags);
      return this;
    }

    public Builder anyTags(java.util.Collection<String> tags) {
      this.anyTags = Set.copyOf(tags);
      return this;
    }

    public Builder notTags(String... tags) {
      this.notTags = Set.of(tags);
      return this;
    }

    public Builder notTags(java.util.Collection<String> tags) {
      this.notTags = Set.copyOf(tags);
      return this;
    }

    public Builder ratings(Rating... ratings) {
      this.ratings = Set.of(ratings);
      return this;
    }

    public Builder ratings(java.util.Collection<Rating> ratings) {
      this.ratings = Set.copyOf(ratings);
      return this;
    }

    public Builder minScore(long minScore) {
      this.minScore = minScore;
      return this;
    }

    public Builder extensions(String... extensions) {
      this.extensions = Set.of(extensions);
      return this;
    }

    public Builder extensions(java.util.Collection<String> extensions) {
      this.extensions = Set.copyOf(extensions);
      return this;
    }

    public Builder ids(IdRange ids) {
      this.ids = ids;
      return this;
    }

    public Builder since(long epochSecond) {
      this.since = epochSecond;
      return this;
    }

    public Builder until(long epochSecond) {
      this.until = epochSecond;
      return this;
    }

    public Builder includeDeleted(boolean includeDeleted) {
      this.includeDeleted = includeDeleted;
      return this;
    }

    public Builder tree(Tree tree) {
      this.tree = tree;
      return this;
    }

    public Query build() {
      return new Query(allTags, anyTags, notTags, ratings, minScore, extensions, ids, since, until,
          includeDeleted, tree);
    }
  }
}
