package dev.sower.dataset.sample;

import dev.sower.dataset.Layout;
import java.util.List;

/**
 * One image of a sample release: what the metadata says of it and how its file is odd.
 *
 * @param id image ID
 * @param createdAt seconds since the epoch, UTC; also the file's mtime
 * @param md5 hex MD5 of the full image bytes (of what the file should hold)
 * @param fileExt extension of the file on disk and in the metadata
 * @param format what the bytes really are: jpg, png or gif
 * @param fileSize size of the full image bytes
 * @param width pixel width
 * @param height pixel height
 * @param rating s, q or e
 * @param score user score
 * @param tags the image's tags
 * @param deleted whether the post is marked deleted
 * @param oddity how the file on disk departs from the metadata
 * @param quality JPEG quality the original was encoded with, in percent; changes on re-encode
 */
public record ImageRecord(
    long id,
    long createdAt,
    String md5,
    String fileExt,
    String format,
    long fileSize,
    int width,
    int height,
    char rating,
    int score,
    List<Tag> tags,
    boolean deleted,
    Oddity oddity,
    int quality) {

  /** Dataset-relative path of the original: {@code original/0991/58991.png}. */
  public String originalPath() {
    return Layout.imagePath(Layout.ORIGINAL, id, fileExt);
  }

  /** Dataset-relative path in the 512px subset; meaningful only when {@link #inSubset()}. */
  public String subsetPath() {
    return Layout.imagePath(Layout.SUBSET_512, id, "jpg");
  }

  /** The 512px subset holds the safe-rated images that are not deleted. */
  public boolean inSubset() {
    return rating == 's' && !deleted;
  }

  ImageRecord withFile(String md5, long fileSize, int quality, long createdAt) {
    return new ImageRecord(id, createdAt, md5, fileExt, format, fileSize, width, height, rating,
        score, tags, deleted, oddity, quality);
  }
}
