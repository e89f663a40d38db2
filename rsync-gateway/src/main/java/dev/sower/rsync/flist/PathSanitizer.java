package dev.sower.rsync.flist;

/**
 * The one place that turns a client-supplied path into a path confined to the module, with
 * the semantics of rsync's {@code sanitize_path} for a daemon: a leading '/' means the module
 * root, ".." components are dropped (never climbing above the root), empty and (unless kept)
 * "." components vanish, and an empty result becomes ".".
 */
public final class PathSanitizer {
  private PathSanitizer() {}

  /**
   * @param keepDotDirs keep "." components (rsync keeps them with -R, where "/./" marks the
   *     start of the relative part)
   */
  public static byte[] sanitize(byte[] p, boolean keepDotDirs) {
    int i = 0;
    int n = p.length;
    // positions (in out) where each kept component starts, to back up over ".."
    int[] starts = new int[n / 2 + 2];
    int depth = 0;
    if (!keepDotDirs) {
      while (i + 1 < n && p[i] == '.' && p[i + 1] == '/') {
        i += 2;
      }
    }
    byte[] buf = new byte[n + 1];
    int len = 0;
    while (i < n) {
      if (p[i] == '/') {
        i++;
        continue;
      }
      if (!keepDotDirs && p[i] == '.' && (i + 1 == n || p[i + 1] == '/')) {
        i++;
        continue;
      }
      if (p[i] == '.' && i + 1 < n && p[i + 1] == '.' && (i + 2 == n || p[i + 2] == '/')) {
        i += 2;
        if (depth > 0) {
          len = starts[--depth];
        }
        continue;
      }
      starts[depth++] = len;
      while (i < n) {
        byte b = p[i++];
        buf[len++] = b;
        if (b == '/') {
          break;
        }
      }
    }
    if (len == 0) {
      buf[len++] = '.';
    }
    return java.util.Arrays.copyOf(buf, len);
  }

  /** Whether any component of {@code p} is "..". */
  public static boolean hasDotDot(byte[] p) {
    int start = 0;
    for (int i = 0; i <= p.length; i++) {
      if (i == p.length || p[i] == '/') {
        if (i - start == 2 && p[start] == '.' && p[start + 1] == '.') {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }
}
