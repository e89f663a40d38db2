package dev.sower.dataset.sample;

import java.nio.file.Path;

/**
 * What {@code sower sample} generates.
 *
 * @param out directory to create; must not exist or be empty
 * @param images number of images in the release
 * @param seed the random seed: same seed, same bytes
 * @param year the release year (images dated up to its end)
 * @param meanKib rough mean size of an original image in KiB (long-tailed around it)
 */
public record SampleOptions(Path out, int images, long seed, int year, int meanKib) {
  public static final int DEFAULT_IMAGES = 3000;
  public static final long DEFAULT_SEED = 1;
  public static final int DEFAULT_YEAR = 2026;
  public static final int DEFAULT_MEAN_KIB = 24;

  public SampleOptions {
    if (images < 1 || images > 50_000_000) {
      throw new IllegalArgumentException("--images must be between 1 and 50000000, got " + images);
    }
    if (year < 2006 || year > 9999) {
      throw new IllegalArgumentException("--year must be between 2006 and 9999, got " + year);
    }
    if (meanKib < 1 || meanKib > 65_536) {
      throw new IllegalArgumentException("--mean-kib must be between 1 and 65536, got " + meanKib);
    }
  }
}
