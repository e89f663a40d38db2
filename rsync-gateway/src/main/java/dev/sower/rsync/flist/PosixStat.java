package dev.sower.rsync.flist;

/** The lstat fields the file list needs. */
public record PosixStat(int mode, long size, long mtime, int mtimeNsec, int uid, int gid,
    long rdev, long dev, long ino, int nlink, long atime) {
  public boolean isDir() {
    return (mode & FileEntry.S_IFMT) == FileEntry.S_IFDIR;
  }

  public boolean isSymlink() {
    return (mode & FileEntry.S_IFMT) == FileEntry.S_IFLNK;
  }

  public boolean isRegular() {
    return (mode & FileEntry.S_IFMT) == FileEntry.S_IFREG;
  }

  /** Linux dev_t major number (glibc encoding). */
  public int rdevMajor() {
    return (int) (((rdev >>> 8) & 0xFFF) | ((rdev >>> 32) & ~0xFFFL));
  }

  /** Linux dev_t minor number (glibc encoding). */
  public int rdevMinor() {
    return (int) ((rdev & 0xFF) | ((rdev >>> 12) & ~0xFFL));
  }
}
