package dev.sower.rsync.flist;

/**
 * Which optional fields the entries carry, from the client's options.
 *
 * @param uids {@code -o}; {@code gids} {@code -g}; {@code links} {@code -l} (targets);
 *     {@code devices} {@code -D} (rdev of device files); {@code checksums} {@code -c} (MD5)
 */
public record ListFormat(boolean uids, boolean gids, boolean links, boolean devices,
    boolean checksums, boolean nanoseconds, boolean hardLinks, boolean atimes) {
  /** Without -H and -U. */
  public ListFormat(boolean uids, boolean gids, boolean links, boolean devices,
      boolean checksums, boolean nanoseconds) {
    this(uids, gids, links, devices, checksums, nanoseconds, false, false);
  }

  /** Without -U. */
  public ListFormat(boolean uids, boolean gids, boolean links, boolean devices,
      boolean checksums, boolean nanoseconds, boolean hardLinks) {
    this(uids, gids, links, devices, checksums, nanoseconds, hardLinks, false);
  }
}
