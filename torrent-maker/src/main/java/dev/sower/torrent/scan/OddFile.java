package dev.sower.torrent.scan;

import dev.sower.dataset.RawPaths;

/**
 * Something the scan found worth telling the operator about.
 *
 * @param path dataset-relative path bytes
 * @param kind what is odd
 */
public record OddFile(byte[] path, Kind kind) {
  /** What is odd about a file. */
  public enum Kind {
    /** A symbolic link; never followed, left out of the torrents. */
    SYMLINK("symbolic link, not followed, left out"),
    /** A device, FIFO or socket; left out. */
    SPECIAL("not a regular file, left out"),
    /** The name is not valid UTF-8; kept as bytes. */
    NON_UTF8_NAME("name is not valid UTF-8, kept as bytes"),
    /** A zero-byte file. */
    EMPTY("zero-byte file"),
    /** A file in an image tree whose name is not {@code ID.ext}. */
    NOT_AN_ID_NAME("not an ID.ext name, ordered after the IDs"),
    /** An ID file in a bucket directory that is not {@code ID mod 1000}. */
    WRONG_BUCKET("ID does not belong to this bucket directory"),
    /** A file of an image tree outside the bucket directories; put in the metadata torrent. */
    OUTSIDE_BUCKETS("outside the bucket directories, put in the metadata torrent");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  public String printable() {
    return RawPaths.printable(path) + ": " + kind.description();
  }
}
