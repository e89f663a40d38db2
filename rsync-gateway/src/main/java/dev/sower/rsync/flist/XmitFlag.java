package dev.sower.rsync.flist;

/** File-list entry flag bits (rsync.h {@code XMIT_*}) for protocol 31 without varint flags. */
public enum XmitFlag {
  TOP_DIR(1),
  SAME_MODE(1 << 1),
  EXTENDED_FLAGS(1 << 2),
  SAME_UID(1 << 3),
  SAME_GID(1 << 4),
  SAME_NAME(1 << 5),
  LONG_NAME(1 << 6),
  SAME_TIME(1 << 7),
  SAME_RDEV_MAJOR(1 << 8),
  NO_CONTENT_DIR(1 << 8),
  HLINKED(1 << 9),
  USER_NAME_FOLLOWS(1 << 10),
  GROUP_NAME_FOLLOWS(1 << 11),
  HLINK_FIRST(1 << 12),
  IO_ERROR_ENDLIST(1 << 12),
  MOD_NSEC(1 << 13),
  SAME_ATIME(1 << 14);

  private final int bit;

  XmitFlag(int bit) {
    this.bit = bit;
  }

  public int bit() {
    return bit;
  }
}
