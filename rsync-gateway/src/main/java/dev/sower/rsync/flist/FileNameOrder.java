package dev.sower.rsync.flist;

import java.util.Comparator;

/**
 * The order rsync sorts a file list in (flist.c {@code f_name_cmp}, protocol >= 29): the
 * top "." first; component by component; at the first differing component a file sorts
 * before a directory, two directories compare as if each ended in '/', two files byte-wise
 * (unsigned); a directory sorts before its own contents.
 */
public final class FileNameOrder implements Comparator<FileEntry> {
  public static final FileNameOrder INSTANCE = new FileNameOrder();

  private FileNameOrder() {}

  @Override
  public int compare(FileEntry a, FileEntry b) {
    return compare(a.name(), a.isDir(), b.name(), b.isDir());
  }

  private static boolean isDot(byte[] n) {
    return n.length == 1 && n[0] == '.';
  }

  /** Compares two names given whether each entry is a directory. */
  public static int compare(byte[] a, boolean aDir, byte[] b, boolean bDir) {
    boolean aDot = isDot(a) && aDir;
    boolean bDot = isDot(b) && bDir;
    if (aDot || bDot) {
      return aDot && bDot ? 0 : aDot ? -1 : 1;
    }
    int ai = 0;
    int bi = 0;
    while (true) {
      int aEnd = next(a, ai);
      int bEnd = next(b, bi);
      boolean aLast = aEnd == a.length;
      boolean bLast = bEnd == b.length;
      boolean aCompDir = !aLast || aDir;
      boolean bCompDir = !bLast || bDir;
      int c = compareBytes(a, ai, aEnd, b, bi, bEnd);
      if (c != 0 || aCompDir != bCompDir) {
        if (aCompDir != bCompDir) {
          return aCompDir ? 1 : -1;
        }
        if (aCompDir) {
          return compareWithSlash(a, ai, aEnd, b, bi, bEnd);
        }
        return c;
      }
      if (aLast || bLast) {
        return aLast && bLast ? 0 : aLast ? -1 : 1;
      }
      ai = aEnd + 1;
      bi = bEnd + 1;
    }
  }

  private static int next(byte[] n, int from) {
    for (int i = from; i < n.length; i++) {
      if (n[i] == '/') {
        return i;
      }
    }
    return n.length;
  }

  private static int compareBytes(byte[] a, int as, int ae, byte[] b, int bs, int be) {
    int la = ae - as;
    int lb = be - bs;
    int n = Math.min(la, lb);
    for (int i = 0; i < n; i++) {
      int d = (a[as + i] & 0xFF) - (b[bs + i] & 0xFF);
      if (d != 0) {
        return d;
      }
    }
    return la - lb;
  }

  private static int compareWithSlash(byte[] a, int as, int ae, byte[] b, int bs, int be) {
    int la = ae - as + 1;
    int lb = be - bs + 1;
    int n = Math.min(la, lb);
    for (int i = 0; i < n; i++) {
      int ca = as + i < ae ? a[as + i] & 0xFF : '/';
      int cb = bs + i < be ? b[bs + i] & 0xFF : '/';
      if (ca != cb) {
        return ca - cb;
      }
    }
    return la - lb;
  }
}
