package dev.sower.server.seed;

import java.util.Arrays;

/**
 * The files of one torrent in a few flat arrays: about 12 bytes plus the path bytes per file, no
 * object per file. Paths are relative to the dataset root, elements joined by {@code '/'}, exactly
 * the bytes the .torrent holds. Files are numbered in torrent order; file {@code i} covers the
 * torrent's byte range {@code [start(i), start(i + 1))}.
 */
public final class FileTable {
  private final byte[] paths;
  private final int[] pathStarts;
  private final long[] starts;

  FileTable(byte[] paths, int[] pathStarts, long[] starts) {
    if (pathStarts.length != starts.length || starts.length == 0) {
      throw new IllegalArgumentException("inconsistent file table");
    }
    this.paths = paths;
    this.pathStarts = pathStarts;
    this.starts = starts;
  }

  public int count() {
    return starts.length - 1;
  }

  public long totalSize() {
    return starts[starts.length - 1];
  }

  public long size(int file) {
    return starts[file + 1] - starts[file];
  }

  /** Offset of the file's first byte in the torrent's byte stream. */
  public long start(int file) {
    return starts[file];
  }

  /** The file's path relative to the dataset root (a copy). */
  public byte[] path(int file) {
    return Arrays.copyOfRange(paths, pathStarts[file], pathStarts[file + 1]);
  }

  /**
   * The non-empty file holding the torrent byte at {@code offset} (0 <= offset < totalSize): the
   * last file whose start is <= offset and whose size is > 0.
   */
  public int fileAt(long offset) {
    if (offset < 0 || offset >= totalSize()) {
      throw new IndexOutOfBoundsException("offset " + offset + " outside 0.." + totalSize());
    }
    int lo = 0;
    int hi = count() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    // Empty files share their start with the next file; binary search lands on the last of them.
    while (size(lo) == 0) {
      lo++;
    }
    return lo;
  }

  /** Approximate heap bytes held by this table. */
  public long heapBytes() {
    return 16L + paths.length + 16L + 4L * pathStarts.length + 16L + 8L * starts.length;
  }

  /** Collects a table file by file, growing its arrays geometrically. */
  public static final class Builder {
    private byte[] paths = new byte[4096];
    private int pathLength;
    private int[] pathStarts = new int[257];
    private long[] starts = new long[257];
    private int count;

    public Builder add(byte[] path, long size) {
      if (size < 0) {
        throw new IllegalArgumentException("negative file size " + size);
      }
      if (count + 2 > starts.length) {
        int n = starts.length * 2;
        pathStarts = Arrays.copyOf(pathStarts, n);
        starts = Arrays.copyOf(starts, n);
      }
      if (pathLength + path.length > paths.length) {
        paths = Arrays.copyOf(paths, Math.max(paths.length * 2, pathLength + path.length));
      }
      System.arraycopy(path, 0, paths, pathLength, path.length);
      pathLength += path.length;
      count++;
      pathStarts[count] = pathLength;
      starts[count] = Math.addExact(starts[count - 1], size);
      return this;
    }

    public int count() {
      return count;
    }

    public FileTable build() {
      return new FileTable(Arrays.copyOf(paths, pathLength), Arrays.copyOf(pathStarts, count + 1),
          Arrays.copyOf(starts, count + 1));
    }
  }
}
