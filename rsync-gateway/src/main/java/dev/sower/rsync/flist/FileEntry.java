package dev.sower.rsync.flist;

/**
 * One file-list entry as the sender knows it.
 *
 * @param name path relative to the transfer root, as sent ("." for the root itself)
 * @param rootInModule the transfer root's path inside the module ("" at the module root);
 *     shared by all entries of one source argument
 * @param mode full st_mode (type and permission bits)
 * @param linkTarget symlink target bytes, or null
 * @param md5 whole-file MD5 with {@code -c}, or null
 * @param flags {@link #TOP_DIR}, {@link #CONTENT_DIR}, {@link #IMPLIED_DIR}
 * @param linkDev device of a hard-linked non-directory (with -H), else -1
 * @param linkIno its inode
 * @param atime access time in seconds (sent with -U)
 */
public record FileEntry(byte[] name, byte[] rootInModule, int mode, long size, long mtime,
    int mtimeNsec, int uid, int gid, int rdevMajor, int rdevMinor, byte[] linkTarget,
    byte[] md5, int flags, long linkDev, long linkIno, long atime) {
  /** An entry that is not hard-linked ({@code linkDev} -1). */
  public FileEntry(byte[] name, byte[] rootInModule, int mode, long size, long mtime,
      int mtimeNsec, int uid, int gid, int rdevMajor, int rdevMinor, byte[] linkTarget,
      byte[] md5, int flags) {
    this(name, rootInModule, mode, size, mtime, mtimeNsec, uid, gid, rdevMajor, rdevMinor,
        linkTarget, md5, flags, -1, 0, 0);
  }

  /** Whether -H must mark this entry (a non-directory with more than one link). */
  public boolean hardLinked() {
    return linkDev != -1;
  }

  /** A source argument named this directory itself (rsync FLAG_TOP_DIR). */
  public static final int TOP_DIR = 1;
  /** The directory's content is part of the list (FLAG_CONTENT_DIR). */
  public static final int CONTENT_DIR = 1 << 1;
  /** A parent sent only so that -R can recreate the path (FLAG_IMPLIED_DIR). */
  public static final int IMPLIED_DIR = 1 << 2;

  public static final int S_IFMT = 0170000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFLNK = 0120000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFIFO = 0010000;
  public static final int S_IFSOCK = 0140000;

  public boolean isDir() {
    return (mode & S_IFMT) == S_IFDIR;
  }

  public boolean isRegular() {
    return (mode & S_IFMT) == S_IFREG;
  }

  public boolean isSymlink() {
    return (mode & S_IFMT) == S_IFLNK;
  }

  public boolean isDevice() {
    int t = mode & S_IFMT;
    return t == S_IFCHR || t == S_IFBLK;
  }

  public boolean isSpecial() {
    int t = mode & S_IFMT;
    return t == S_IFIFO || t == S_IFSOCK;
  }

  public FileEntry withFlags(int newFlags) {
    return new FileEntry(name, rootInModule, mode, size, mtime, mtimeNsec, uid, gid, rdevMajor,
        rdevMinor, linkTarget, md5, newFlags, linkDev, linkIno, atime);
  }

  public FileEntry withMd5(byte[] sum) {
    return new FileEntry(name, rootInModule, mode, size, mtime, mtimeNsec, uid, gid, rdevMajor,
        rdevMinor, linkTarget, sum, flags, linkDev, linkIno, atime);
  }

  /** The entry's path inside the module. */
  public byte[] pathInModule() {
    boolean dot = name.length == 1 && name[0] == '.';
    if (rootInModule.length == 0) {
      return dot ? new byte[0] : name;
    }
    if (dot) {
      return rootInModule;
    }
    byte[] out = new byte[rootInModule.length + 1 + name.length];
    System.arraycopy(rootInModule, 0, out, 0, rootInModule.length);
    out[rootInModule.length] = '/';
    System.arraycopy(name, 0, out, rootInModule.length + 1, name.length);
    return out;
  }
}
