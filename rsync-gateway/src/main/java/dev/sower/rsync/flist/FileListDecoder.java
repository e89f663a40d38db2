package dev.sower.rsync.flist;

import java.util.Arrays;

/**
 * Reads entries written by {@link FileListEncoder} (flist.c {@code recv_file_entry} for the
 * same dialect) from a complete in-memory buffer. Used to keep cached lists compact: the
 * encoded bytes are the storage, entries are rebuilt on demand. Fields the format does not
 * carry (owner without -o, device numbers without -D, ...) come back as 0 or null. With -H
 * the device/inode pair is not on the wire: a decoded first link has {@code linkDev} -2, a
 * later link has {@code linkDev} set to the index of the first.
 */
public final class FileListDecoder {
  /** The state that carries over from one entry to the next. */
  record State(byte[] lastName, int mode, long mtime, int uid, int gid, int rdevMajor,
      boolean first, long atime) {
    static final State INITIAL = new State(new byte[0], 0, 0, 0, 0, 0, true, 0);
  }

  private final ListFormat format;
  private final byte[] buf;
  private int pos;
  private byte[] lastName;
  private int mode;
  private long mtime;
  private int uid;
  private int gid;
  private int rdevMajor;
  private long atime;

  public FileListDecoder(ListFormat format, byte[] buf, int pos, State state) {
    this.format = format;
    this.buf = buf;
    this.pos = pos;
    this.lastName = state.lastName();
    this.mode = state.mode();
    this.mtime = state.mtime();
    this.uid = state.uid();
    this.gid = state.gid();
    this.rdevMajor = state.rdevMajor();
    this.atime = state.atime();
  }

  public int position() {
    return pos;
  }

  State state() {
    return new State(lastName, mode, mtime, uid, gid, rdevMajor, false, atime);
  }

  private int u8() {
    return buf[pos++] & 0xFF;
  }

  private int int32() {
    int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16
        | (buf[pos + 3] & 0xFF) << 24;
    pos += 4;
    return v;
  }

  private long var(int minBytes, int width) {
    int lead = u8();
    int extra = 0;
    for (int mask = 0x80; extra < 6 && (lead & mask) != 0; mask >>>= 1) {
      extra++;
    }
    int nbytes = minBytes - 1 + extra;
    long v = 0;
    for (int i = 0; i < nbytes; i++) {
      v |= (long) u8() << (8 * i);
    }
    if (nbytes < width) {
      v |= (long) (lead & ((1 << (8 - extra)) - 1) & 0x7F) << (8 * nbytes);
    }
    return v;
  }

  private int varint() {
    return (int) var(1, 4);
  }

  /** The next entry, or null at the end-of-list marker (which is consumed). */
  public FileEntry next(byte[] rootInModule) {
    return next(rootInModule, null);
  }

  /**
   * The next entry; a later link of a hard-linked inode (-H) is completed from the entry it
   * points to, fetched with {@code earlier}.
   */
  public FileEntry next(byte[] rootInModule, java.util.function.IntFunction<FileEntry> earlier) {
    int x = u8();
    if (x == 0) {
      return null;
    }
    if ((x & XmitFlag.EXTENDED_FLAGS.bit()) != 0) {
      x |= u8() << 8;
      if ((x & XmitFlag.IO_ERROR_ENDLIST.bit()) != 0 && (x & 0xFF) == XmitFlag.EXTENDED_FLAGS
          .bit()) {
        varint();
        return null;
      }
    }
    int l1 = (x & XmitFlag.SAME_NAME.bit()) != 0 ? u8() : 0;
    int l2 = (x & XmitFlag.LONG_NAME.bit()) != 0 ? varint() : u8();
    byte[] name = Arrays.copyOf(lastName, l1 + l2);
    System.arraycopy(buf, pos, name, l1, l2);
    pos += l2;
    if (format.hardLinks() && (x & XmitFlag.HLINKED.bit()) != 0
        && (x & XmitFlag.HLINK_FIRST.bit()) == 0) {
      int firstNdx = varint();
      FileEntry f = earlier.apply(firstNdx);
      lastName = name;
      mtime = f.mtime();
      mode = f.mode();
      uid = f.uid();
      gid = f.gid();
      if (format.atimes() && (f.mode() & FileEntry.S_IFMT) != FileEntry.S_IFDIR) {
        atime = f.atime();
      }
      return new FileEntry(name, rootInModule, f.mode(), f.size(), f.mtime(), f.mtimeNsec(),
          f.uid(), f.gid(), f.rdevMajor(), f.rdevMinor(), f.linkTarget(), f.md5(), 0,
          firstNdx, 0, f.atime());
    }
    boolean linked = format.hardLinks() && (x & XmitFlag.HLINKED.bit()) != 0;
    long size = var(3, 8);
    if ((x & XmitFlag.SAME_TIME.bit()) == 0) {
      mtime = var(4, 8);
    }
    int nsec = (x & XmitFlag.MOD_NSEC.bit()) != 0 ? varint() : 0;
    if ((x & XmitFlag.SAME_MODE.bit()) == 0) {
      mode = int32();
    }
    boolean dirEntry = (mode & FileEntry.S_IFMT) == FileEntry.S_IFDIR;
    if (format.atimes() && !dirEntry && (x & XmitFlag.SAME_ATIME.bit()) == 0) {
      atime = var(4, 8);
    }
    if (format.uids() && (x & XmitFlag.SAME_UID.bit()) == 0) {
      uid = varint();
    }
    if (format.gids() && (x & XmitFlag.SAME_GID.bit()) == 0) {
      gid = varint();
    }
    int t = mode & FileEntry.S_IFMT;
    boolean device = t == FileEntry.S_IFCHR || t == FileEntry.S_IFBLK;
    int minor = 0;
    if (format.devices() && device) {
      if ((x & XmitFlag.SAME_RDEV_MAJOR.bit()) == 0) {
        rdevMajor = varint();
      }
      minor = varint();
    }
    byte[] target = null;
    if (format.links() && t == FileEntry.S_IFLNK) {
      int n = varint();
      target = Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
    }
    byte[] md5 = null;
    if (format.checksums() && t == FileEntry.S_IFREG) {
      md5 = Arrays.copyOfRange(buf, pos, pos + 16);
      pos += 16;
    }
    int flags = 0;
    if (t == FileEntry.S_IFDIR) {
      boolean top = (x & XmitFlag.TOP_DIR.bit()) != 0;
      boolean noContent = (x & XmitFlag.NO_CONTENT_DIR.bit()) != 0;
      if (top && noContent) {
        flags = FileEntry.IMPLIED_DIR;
      } else if (!noContent) {
        flags = FileEntry.CONTENT_DIR | (top ? FileEntry.TOP_DIR : 0);
      }
    }
    lastName = name;
    return new FileEntry(name, rootInModule, mode, size, mtime, nsec, uid, gid,
        format.devices() && device ? rdevMajor : 0, minor, target, md5, flags,
        linked ? -2 : -1, 0, format.atimes() && !dirEntry ? atime : 0);
  }
}
