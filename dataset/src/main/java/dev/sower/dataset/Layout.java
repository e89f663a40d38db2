package dev.sower.dataset;

import java.util.OptionalLong;

/**
 * The dataset's layout: image trees bucketed by ID modulo 1000 into four-digit directories,
 * {@code original/0991/58991.png}, {@code 512px/0991/58991.jpg}, and the metadata tree.
 */
public final class Layout {
  /** Number of ID-mod buckets per image tree. */
  public static final int BUCKETS = 1000;
  /** The full-size image tree. */
  public static final String ORIGINAL = "original";
  /** The downscaled safe-for-work subset, always JPEG. */
  public static final String SUBSET_512 = "512px";
  /** Current and older releases' metadata. */
  public static final String METADATA = "metadata";
  /** Name of the metadata archive, in {@code metadata/} and in {@code metadata/YYYY/}. */
  public static final String METADATA_ARCHIVE = "metadata.json.tar.xz";

  private Layout() {}

  /** Bucket of an image ID. */
  public static int bucket(long id) {
    if (id < 0) {
      throw new IllegalArgumentException("negative id " + id);
    }
    return (int) (id % BUCKETS);
  }

  /** Directory name of a bucket, four digits zero-padded: {@code 0991}. */
  public static String bucketDir(int bucket) {
    if (bucket < 0 || bucket >= BUCKETS) {
      throw new IllegalArgumentException("bucket out of range: " + bucket);
    }
    return String.format("%04d", bucket);
  }

  /** Parses a bucket directory name ({@code 0000}-{@code 0999}); empty if it is not one. */
  public static OptionalLong parseBucketDir(String name) {
    if (name.length() != 4) {
      return OptionalLong.empty();
    }
    for (int i = 0; i < 4; i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return OptionalLong.empty();
      }
    }
    int b = Integer.parseInt(name);
    return b < BUCKETS ? OptionalLong.of(b) : OptionalLong.empty();
  }

  /** Dataset-relative path of an image: {@code tree/NNNN/ID.ext}. */
  public static String imagePath(String tree, long id, String ext) {
    return tree + "/" + bucketDir(bucket(id)) + "/" + id + "." + ext;
  }

  /**
   * The image ID a file name stands for ({@code 58991.png} gives 58991), or empty when the name is
   * not digits (no leading zero) followed by one extension.
   */
  public static OptionalLong parseId(byte[] fileName) {
    int dot = -1;
    for (int i = 0; i < fileName.length; i++) {
      if (fileName[i] == '.') {
        dot = i;
        break;
      }
    }
    if (dot <= 0 || dot > 18 || dot == fileName.length - 1) {
      return OptionalLong.empty();
    }
    if (fileName[0] == '0' && dot > 1) {
      return OptionalLong.empty();
    }
    long id = 0;
    for (int i = 0; i < dot; i++) {
      int c = fileName[i];
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
      id = id * 10 + (c - '0');
    }
    for (int i = dot + 1; i < fileName.length; i++) {
      int c = fileName[i];
      boolean alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!alnum) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.of(id);
  }

  /** {@link #parseId(byte[])} for a name given as text. */
  public static OptionalLong parseId(String fileName) {
    return parseId(fileName.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
