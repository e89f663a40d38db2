package dev.sower.rsync.daemon;

/** Compatibility flags (compat.c {@code CF_*}) and the client "-e" letter that enables each. */
public enum CompatFlag {
  INC_RECURSE(1, 'i'),
  SYMLINK_TIMES(1 << 1, 'L'),
  SYMLINK_ICONV(1 << 2, 's'),
  SAFE_FLIST(1 << 3, 'f'),
  AVOID_XATTR_OPTIM(1 << 4, 'x'),
  CHKSUM_SEED_FIX(1 << 5, 'C'),
  INPLACE_PARTIAL_DIR(1 << 6, 'I'),
  VARINT_FLIST_FLAGS(1 << 7, 'v'),
  ID0_NAMES(1 << 8, 'u');

  private final int bit;
  private final char letter;

  CompatFlag(int bit, char letter) {
    this.bit = bit;
    this.letter = letter;
  }

  public int bit() {
    return bit;
  }

  /**
   * The flags a 3.1.x daemon on Linux sets: SYMLINK_TIMES and SYMLINK_ICONV (its own
   * capabilities), plus SAFE_FLIST, AVOID_XATTR_OPTIM and CHKSUM_SEED_FIX when the client's
   * "-e" letters offer them; never INC_RECURSE, VARINT_FLIST_FLAGS or ID0_NAMES (so one
   * whole file list, byte flags, MD5).
   */
  public static int forClientInfo(String clientInfo) {
    int flags = SYMLINK_TIMES.bit | SYMLINK_ICONV.bit;
    for (CompatFlag f : new CompatFlag[] {SAFE_FLIST, AVOID_XATTR_OPTIM, CHKSUM_SEED_FIX}) {
      if (clientInfo.indexOf(f.letter) >= 0) {
        flags |= f.bit;
      }
    }
    return flags;
  }
}
