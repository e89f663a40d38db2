package dev.sower.rsync.flist;

import dev.sower.rsync.wire.WireBuffer;

/**
 * Encodes entries the way flist.c {@code send_file_entry} does at protocol 31 (no varint
 * flags, no incremental recursion): each field compared with the previous entry sent, the
 * name prefix-compressed against the previous name (at most 255 shared bytes). Like rsync,
 * mode, mtime and device major start out compared with 0; owner and group always go out with
 * the first entry.
 */
public final class FileListEncoder {
  private final ListFormat format;
  private byte[] lastName = new byte[0];
  private int lastMode;
  private long lastMtime;
  private long lastAtime;
  private int lastUid;
  private int lastGid;
  private int lastRdevMajor;
  private boolean first = true;
  private int ndx;
  private final java.util.Map<Long, java.util.Map<Long, Integer>> firstLinks =
      new java.util.HashMap<>();

  public FileListEncoder(ListFormat format) {
    this.format = format;
  }

  /** Appends one entry. */
  public void encode(WireBuffer out, FileEntry f) {
    int x;
    if (f.isDir()) {
      if ((f.flags() & FileEntry.CONTENT_DIR) != 0) {
        x = (f.flags() & FileEntry.TOP_DIR) != 0 ? XmitFlag.TOP_DIR.bit() : 0;
      } else if ((f.flags() & FileEntry.IMPLIED_DIR) != 0) {
        x = XmitFlag.TOP_DIR.bit() | XmitFlag.NO_CONTENT_DIR.bit();
      } else {
        x = XmitFlag.NO_CONTENT_DIR.bit();
      }
    } else {
      x = 0;
    }
    if (f.mode() == lastMode) {
      x |= XmitFlag.SAME_MODE.bit();
    } else {
      lastMode = f.mode();
    }
    boolean device = format.devices() && f.isDevice();
    if (device) {
      if (f.rdevMajor() == lastRdevMajor) {
        x |= XmitFlag.SAME_RDEV_MAJOR.bit();
      } else {
        lastRdevMajor = f.rdevMajor();
      }
    }
    if (!format.uids() || (!first && f.uid() == lastUid)) {
      x |= XmitFlag.SAME_UID.bit();
    } else {
      lastUid = f.uid();
    }
    if (!format.gids() || (!first && f.gid() == lastGid)) {
      x |= XmitFlag.SAME_GID.bit();
    } else {
      lastGid = f.gid();
    }
    if (f.mtime() == lastMtime) {
      x |= XmitFlag.SAME_TIME.bit();
    } else {
      lastMtime = f.mtime();
    }
    if (format.nanoseconds() && f.mtimeNsec() != 0) {
      x |= XmitFlag.MOD_NSEC.bit();
    }
    if (format.atimes() && !f.isDir()) {
      if (f.atime() == lastAtime) {
        x |= XmitFlag.SAME_ATIME.bit();
      } else {
        lastAtime = f.atime();
      }
    }
    int firstLink = -1;
    if (format.hardLinks() && f.hardLinked()) {
      java.util.Map<Long, Integer> byIno = firstLinks.computeIfAbsent(f.linkDev(),
          k -> new java.util.HashMap<>());
      Integer prev = byIno.get(f.linkIno());
      if (prev == null) {
        byIno.put(f.linkIno(), ndx);
        x |= XmitFlag.HLINK_FIRST.bit();
      } else {
        firstLink = prev;
      }
      x |= XmitFlag.HLINKED.bit();
    }
    byte[] name = f.name();
    int l1 = 0;
    while (l1 < lastName.length && l1 < name.length && l1 < 255 && name[l1] == lastName[l1]) {
      l1++;
    }
    int l2 = name.length - l1;
    if (l1 > 0) {
      x |= XmitFlag.SAME_NAME.bit();
    }
    if (l2 > 255) {
      x |= XmitFlag.LONG_NAME.bit();
    }
    if (x == 0 && !f.isDir()) {
      x |= XmitFlag.TOP_DIR.bit();
    }
    if ((x & 0xFF00) != 0 || x == 0) {
      x |= XmitFlag.EXTENDED_FLAGS.bit();
      out.putShort(x);
    } else {
      out.putByte(x);
    }
    if ((x & XmitFlag.SAME_NAME.bit()) != 0) {
      out.putByte(l1);
    }
    if ((x & XmitFlag.LONG_NAME.bit()) != 0) {
      out.putVarint(l2);
    } else {
      out.putByte(l2);
    }
    out.putBytes(name, l1, l2);
    lastName = name;
    first = false;
    ndx++;
    if (firstLink >= 0) {
      // a later link of an inode already listed: only its index; the rest is the first's
      out.putVarint(firstLink);
      return;
    }
    out.putVarlong(f.size(), 3);
    if ((x & XmitFlag.SAME_TIME.bit()) == 0) {
      out.putVarlong(f.mtime(), 4);
    }
    if ((x & XmitFlag.MOD_NSEC.bit()) != 0) {
      out.putVarint(f.mtimeNsec());
    }
    if ((x & XmitFlag.SAME_MODE.bit()) == 0) {
      out.putInt(f.mode());
    }
    if (format.atimes() && !f.isDir() && (x & XmitFlag.SAME_ATIME.bit()) == 0) {
      out.putVarlong(f.atime(), 4);
    }
    if (format.uids() && (x & XmitFlag.SAME_UID.bit()) == 0) {
      out.putVarint(f.uid());
    }
    if (format.gids() && (x & XmitFlag.SAME_GID.bit()) == 0) {
      out.putVarint(f.gid());
    }
    if (device) {
      if ((x & XmitFlag.SAME_RDEV_MAJOR.bit()) == 0) {
        out.putVarint(f.rdevMajor());
      }
      out.putVarint(f.rdevMinor());
    }
    if (format.links() && f.isSymlink() && f.linkTarget() != null) {
      out.putVarint(f.linkTarget().length);
      out.putBytes(f.linkTarget());
    }
    if (format.checksums() && f.isRegular()) {
      byte[] sum = f.md5() != null ? f.md5() : new byte[16];
      out.putBytes(sum, 0, 16);
    }
  }

  /** The end-of-list marker: a 0 byte, or (protocol 31, safe flist) the I/O-error form. */
  public static void end(WireBuffer out, int ioError) {
    if (ioError == 0) {
      out.putByte(0);
    } else {
      out.putShort(XmitFlag.EXTENDED_FLAGS.bit() | XmitFlag.IO_ERROR_ENDLIST.bit());
      out.putVarint(ioError);
    }
  }
}
