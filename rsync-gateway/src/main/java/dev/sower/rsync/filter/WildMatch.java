package dev.sower.rsync.filter;

/**
 * rsync's wildcard matcher (lib/wildmatch.c semantics, re-implemented): {@code ?} and
 * {@code *} never match '/', {@code **} does, {@code [...]} classes with {@code !} or
 * {@code ^} negation, ranges and {@code [:class:]} names (ASCII), backslash escapes. All
 * comparisons are on unsigned bytes.
 */
public final class WildMatch {
  private static final int TRUE = 1;
  private static final int FALSE = 0;
  private static final int ABORT_ALL = -1;
  private static final int ABORT_TO_STARSTAR = -2;

  private WildMatch() {}

  /** Whether {@code pattern} matches all of {@code text}. */
  public static boolean matches(byte[] pattern, byte[] text) {
    return dowild(pattern, 0, text, 0) == TRUE;
  }

  /**
   * rsync's {@code wildmatch_array}: {@code where > 0} matches the last {@code where} path
   * elements only, {@code where < 0} also retries after every '/', 0 matches from the start.
   */
  public static boolean matchesAt(byte[] pattern, byte[] text, int where) {
    int start = 0;
    if (where > 0) {
      start = trailingElements(text, where);
      if (start < 0) {
        return false;
      }
    }
    int m = dowild(pattern, 0, text, start);
    if (m != TRUE && where < 0 && m != ABORT_ALL) {
      for (int t = start; t < text.length; ) {
        if (text[t++] == '/') {
          m = dowild(pattern, 0, text, t);
          if (m != FALSE && m != ABORT_TO_STARSTAR) {
            break;
          }
        }
      }
    }
    return m == TRUE;
  }

  /** rsync's {@code litmatch_array}: a literal comparison with the same {@code where} rules. */
  public static boolean literalAt(byte[] literal, byte[] text, int where) {
    int start = 0;
    if (where > 0) {
      start = trailingElements(text, where);
      if (start < 0) {
        return false;
      }
    }
    if (text.length - start != literal.length) {
      return false;
    }
    for (int i = 0; i < literal.length; i++) {
      if (literal[i] != text[start + i]) {
        return false;
      }
    }
    return true;
  }

  /** Start offset of the last {@code count} '/'-separated elements, or -1 if there are fewer. */
  static int trailingElements(byte[] text, int count) {
    for (int i = text.length - 1; i >= 0; i--) {
      if (text[i] == '/' && --count == 0) {
        return i + 1;
      }
    }
    return count == 1 ? 0 : -1;
  }

  private static int at(byte[] b, int i) {
    return i < b.length ? b[i] & 0xFF : 0;
  }

  private static int dowild(byte[] p, int pi, byte[] text, int ti) {
    for (; pi < p.length; ti++, pi++) {
      int pch = p[pi] & 0xFF;
      if (ti >= text.length && pch != '*') {
        return ABORT_ALL;
      }
      int tch = at(text, ti);
      switch (pch) {
        case '\\' -> {
          pi++;
          if (tch != at(p, pi)) {
            return FALSE;
          }
        }
        case '?' -> {
          if (tch == '/') {
            return FALSE;
          }
        }
        case '*' -> {
          boolean special;
          if (at(p, ++pi) == '*') {
            while (at(p, ++pi) == '*') {
              // skip the run of stars
            }
            special = true;
          } else {
            special = false;
          }
          if (pi >= p.length) {
            if (!special) {
              for (int k = ti; k < text.length; k++) {
                if (text[k] == '/') {
                  return FALSE;
                }
              }
            }
            return TRUE;
          }
          while (true) {
            if (ti >= text.length) {
              return ABORT_ALL;
            }
            int m = dowild(p, pi, text, ti);
            if (m != FALSE) {
              if (!special || m != ABORT_TO_STARSTAR) {
                return m;
              }
            } else if (!special && text[ti] == '/') {
              return ABORT_TO_STARSTAR;
            }
            ti++;
          }
        }
        case '[' -> {
          int r = matchClass(p, pi, tch);
          if (r < 0) {
            return ABORT_ALL;
          }
          if ((r & 1) == 0 || tch == '/') {
            return FALSE;
          }
          pi = r >>> 1;
        }
        default -> {
          if (tch != pch) {
            return FALSE;
          }
        }
      }
    }
    return ti >= text.length ? TRUE : FALSE;
  }

  /**
   * Evaluates the class starting at {@code p[open] == '['} against {@code tch}. Returns -1 for
   * a malformed class, else (index of the closing ']' << 1) | matched.
   */
  private static int matchClass(byte[] p, int open, int tch) {
    int pi = open + 1;
    int pch = at(p, pi);
    if (pch == '^') {
      pch = '!';
    }
    boolean negate = pch == '!';
    if (negate) {
      pch = at(p, ++pi);
    }
    int prev = 0;
    boolean matched = false;
    do {
      if (pch == 0) {
        return -1;
      }
      if (pch == '\\') {
        pch = at(p, ++pi);
        if (pch == 0) {
          return -1;
        }
        if (tch == pch) {
          matched = true;
        }
      } else if (pch == '-' && prev != 0 && at(p, pi + 1) != 0 && at(p, pi + 1) != ']') {
        pch = at(p, ++pi);
        if (pch == '\\') {
          pch = at(p, ++pi);
          if (pch == 0) {
            return -1;
          }
        }
        if (tch <= pch && tch >= prev) {
          matched = true;
        }
        pch = 0;
      } else if (pch == '[' && at(p, pi + 1) == ':') {
        int s = pi + 2;
        int q = s;
        while (at(p, q) != 0 && at(p, q) != ']') {
          q++;
        }
        if (at(p, q) == 0) {
          return -1;
        }
        int len = q - s - 1;
        if (len < 0 || at(p, q - 1) != ':') {
          // not "[:name:]": a literal '['
          pi = s - 2;
          pch = '[';
          if (tch == pch) {
            matched = true;
          }
        } else {
          String name = new String(p, s, len, java.nio.charset.StandardCharsets.ISO_8859_1);
          Boolean in = CharClass.test(name, tch);
          if (in == null) {
            return -1;
          }
          if (in) {
            matched = true;
          }
          pi = q;
          pch = 0;
        }
      } else if (tch == pch) {
        matched = true;
      }
      prev = pch;
      pch = at(p, ++pi);
    } while (pch != ']');
    return (pi << 1) | (matched != negate ? 1 : 0);
  }

  /** POSIX character classes in the C locale. */
  private static final class CharClass {
    static Boolean test(String name, int c) {
      boolean ascii = c < 0x80;
      boolean upper = c >= 'A' && c <= 'Z';
      boolean lower = c >= 'a' && c <= 'z';
      boolean digit = c >= '0' && c <= '9';
      boolean space = c == ' ' || (c >= '\t' && c <= '\r');
      boolean print = c >= 0x20 && c < 0x7F;
      return switch (name) {
        case "alnum" -> upper || lower || digit;
        case "alpha" -> upper || lower;
        case "blank" -> c == ' ' || c == '\t';
        case "cntrl" -> ascii && (c < 0x20 || c == 0x7F);
        case "digit" -> digit;
        case "graph" -> print && c != ' ';
        case "lower" -> lower;
        case "print" -> print;
        case "punct" -> print && c != ' ' && !(upper || lower || digit);
        case "space" -> space;
        case "upper" -> upper;
        case "xdigit" -> digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        default -> null;
      };
    }
  }
}
