package dev.sower.torrent.scan;

import dev.sower.dataset.RawPaths;
import java.nio.file.Path;

/**
 * One regular file of the dataset as the scan saw it.
 *
 * @param path dataset-relative path, components joined by {@code /}, exact bytes (not copied: do
 *     not modify)
 * @param size length in bytes
 * @param mtimeNanos modification time, nanoseconds since the epoch
 * @param inode inode number
 * @param id numeric image ID from the file name, or -1 when the name is not an ID name
 */
public record ScannedFile(byte[] path, long size, long mtimeNanos, long inode, long id) {
  /** The file on disk under {@code root}. */
  public Path resolve(Path root) {
    return RawPaths.resolve(root, path);
  }

  /** True when size, mtime and inode all match {@code other}'s: the file is taken as unchanged. */
  public boolean sameFacts(long size, long mtimeNanos, long inode) {
    return this.size == size && this.mtimeNanos == mtimeNanos && this.inode == inode;
  }

  /** The path for messages. */
  public String printable() {
    return RawPaths.printable(path);
  }
}
