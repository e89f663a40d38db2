package dev.sower.rsync.filter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Parses filter rules the way rsync's exclude.c does ({@code parse_rule_tok} then
 * {@code add_rule}): long and short prefixes, modifiers, trailing '/' for directories, and
 * the wildcard classification. Rules from the client arrive one per string; module rules
 * ("exclude = ...") are word-split and anchored at the module root.
 */
public final class FilterRuleParser {
  /** Longest pattern rsync keeps (MAXPATHLEN). */
  public static final int MAX_PATTERN = 1024;

  private FilterRuleParser() {}

  /** How the text is read. */
  public enum Mode {
    /** A rule sent by the client: full prefix syntax, one rule. */
    CLIENT,
    /** rsyncd.conf "exclude": bare patterns separated by spaces, '/' anchors to the module,
     *  "dir/" also excludes everything below (XFLG_ANCHORED2ABS | XFLG_DIR2WILD3). */
    MODULE_EXCLUDE,
    /** The CVS default ignore list: bare, word-split exclude patterns. */
    CVS_WORDS
  }

  /** Parses a rule string into its rules. */
  public static List<ParsedRule> parse(byte[] text, Mode mode) throws FilterSyntaxException {
    List<ParsedRule> out = new ArrayList<>();
    int[] pos = {0};
    while (true) {
      ParsedRule r = next(text, pos, mode);
      if (r == null) {
        return out;
      }
      out.add(r);
    }
  }

  public static List<ParsedRule> parse(String text, Mode mode) throws FilterSyntaxException {
    return parse(text.getBytes(StandardCharsets.UTF_8), mode);
  }

  private static boolean isSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private static int at(byte[] b, int i) {
    return i < b.length ? b[i] & 0xFF : 0;
  }

  /** Matches a long rule name: returns the index of its last char, or -1. */
  private static int longName(byte[] s, int i, String name) {
    int n = name.length();
    for (int k = 0; k < n; k++) {
      if (at(s, i + k) != name.charAt(k)) {
        return -1;
      }
    }
    int c = at(s, i + n);
    if (isSpace(c) || c == '_' || c == 0) {
      return i + n - 1;
    }
    if (c == ',') {
      return i + n;
    }
    return -1;
  }

  private static String show(byte[] text, int from) {
    return new String(text, from, text.length - from, StandardCharsets.UTF_8);
  }

  private static ParsedRule next(byte[] s, int[] pos, Mode mode) throws FilterSyntaxException {
    boolean wordSplit = mode != Mode.CLIENT;
    int i = pos[0];
    int start = i;
    if (wordSplit) {
      while (i < s.length && isSpace(s[i] & 0xFF)) {
        i++;
      }
      start = i;
    }
    if (i >= s.length || s[i] == 0) {
      return null;
    }
    EnumSet<RuleFlag> flags = EnumSet.noneOf(RuleFlag.class);
    boolean clear = false;
    if (mode != Mode.CLIENT) {
      // FILTRULE_NO_PREFIXES templates: a bare pattern, exclude unless the template says so.
      if (s[i] == '!' && mode == Mode.CVS_WORDS) {
        clear = true;
      } else if (mode == Mode.MODULE_EXCLUDE && (s[i] == '-' || s[i] == '+')
          && at(s, i + 1) == ' ') {
        // XFLG_OLD_PREFIXES: an optional "- " or "+ " before the pattern
        if (s[i] == '+') {
          flags.add(RuleFlag.INCLUDE);
        }
        i += 2;
      }
    } else {
      int ch;
      int j;
      switch (s[i]) {
        case 'c' -> { j = longName(s, i, "clear"); ch = j < 0 ? 0 : '!'; }
        case 'd' -> { j = longName(s, i, "dir-merge"); ch = j < 0 ? 0 : ':'; }
        case 'e' -> { j = longName(s, i, "exclude"); ch = j < 0 ? 0 : '-'; }
        case 'h' -> { j = longName(s, i, "hide"); ch = j < 0 ? 0 : 'H'; }
        case 'i' -> { j = longName(s, i, "include"); ch = j < 0 ? 0 : '+'; }
        case 'm' -> { j = longName(s, i, "merge"); ch = j < 0 ? 0 : '.'; }
        case 'p' -> { j = longName(s, i, "protect"); ch = j < 0 ? 0 : 'P'; }
        case 'r' -> { j = longName(s, i, "risk"); ch = j < 0 ? 0 : 'R'; }
        case 's' -> { j = longName(s, i, "show"); ch = j < 0 ? 0 : 'S'; }
        default -> {
          ch = s[i] & 0xFF;
          j = at(s, i + 1) == ',' ? i + 1 : i;
        }
      }
      if (j < 0) {
        throw new FilterSyntaxException("Unknown filter rule: `" + show(s, start) + "'");
      }
      i = j;
      boolean sideFromPrefix = false;
      switch (ch) {
        case ':' -> {
          flags.add(RuleFlag.PERDIR_MERGE);
          flags.add(RuleFlag.MERGE_FILE);
        }
        case '.' -> flags.add(RuleFlag.MERGE_FILE);
        case '+' -> flags.add(RuleFlag.INCLUDE);
        case '-' -> { }
        case 'S' -> {
          flags.add(RuleFlag.INCLUDE);
          flags.add(RuleFlag.SENDER_SIDE);
          sideFromPrefix = true;
        }
        case 'H' -> {
          flags.add(RuleFlag.SENDER_SIDE);
          sideFromPrefix = true;
        }
        case 'R' -> {
          flags.add(RuleFlag.INCLUDE);
          flags.add(RuleFlag.RECEIVER_SIDE);
          sideFromPrefix = true;
        }
        case 'P' -> {
          flags.add(RuleFlag.RECEIVER_SIDE);
          sideFromPrefix = true;
        }
        case '!' -> clear = true;
        default -> throw new FilterSyntaxException(
            "Unknown filter rule: `" + show(s, start) + "'");
      }
      while (!clear) {
        int c = at(s, ++i);
        if (c == 0 || c == ' ' || c == '_') {
          break;
        }
        boolean merge = flags.contains(RuleFlag.MERGE_FILE);
        boolean ok = switch (c) {
          case '-' -> merge && !flags.contains(RuleFlag.NO_PREFIXES)
              && flags.add(RuleFlag.NO_PREFIXES);
          case '+' -> merge && !flags.contains(RuleFlag.NO_PREFIXES)
              && flags.add(RuleFlag.NO_PREFIXES) && flags.add(RuleFlag.INCLUDE);
          case '/' -> flags.add(RuleFlag.ABS_PATH) || true;
          case '!' -> !merge && (flags.add(RuleFlag.NEGATE) || true);
          case 'C' -> !flags.contains(RuleFlag.NO_PREFIXES) && !sideFromPrefix
              && (flags.addAll(EnumSet.of(RuleFlag.NO_PREFIXES, RuleFlag.WORD_SPLIT,
                  RuleFlag.NO_INHERIT, RuleFlag.CVS_IGNORE)) || true);
          case 'e' -> merge && (flags.add(RuleFlag.EXCLUDE_SELF) || true);
          case 'n' -> merge && (flags.add(RuleFlag.NO_INHERIT) || true);
          case 'p' -> flags.add(RuleFlag.PERISHABLE) || true;
          case 'r' -> !sideFromPrefix && (flags.add(RuleFlag.RECEIVER_SIDE) || true);
          case 's' -> !sideFromPrefix && (flags.add(RuleFlag.SENDER_SIDE) || true);
          case 'w' -> merge && (flags.add(RuleFlag.WORD_SPLIT) || true);
          case 'x' -> flags.add(RuleFlag.XATTR) || true;
          default -> false;
        };
        if (!ok) {
          throw new FilterSyntaxException("invalid modifier '" + (char) c + "' at position "
              + (i - start) + " in filter rule: " + show(s, start));
        }
      }
      if (i < s.length) {
        i++;
      }
    }
    int patStart = i;
    int end;
    if (wordSplit) {
      end = patStart;
      while (end < s.length && !isSpace(s[end] & 0xFF) && s[end] != 0) {
        end++;
      }
    } else {
      end = s.length;
    }
    pos[0] = end;
    int len = end - patStart;
    if (clear) {
      if (mode == Mode.CLIENT && len > 0) {
        throw new FilterSyntaxException("'!' rule has trailing characters: " + show(s, start));
      }
      if (len <= 1) {
        return new ParsedRule.Clear();
      }
    } else if (len == 0 && !flags.contains(RuleFlag.CVS_IGNORE)) {
      throw new FilterSyntaxException("unexpected end of filter rule: " + show(s, start));
    }
    if (len >= MAX_PATTERN) {
      throw new FilterSyntaxException("over-long filter rule (" + len + " bytes)");
    }
    byte[] pat = Arrays.copyOfRange(s, patStart, end);
    if (flags.contains(RuleFlag.MERGE_FILE)) {
      if (pat.length == 0) {
        pat = ".cvsignore".getBytes(StandardCharsets.US_ASCII);
      }
      return new ParsedRule.Merge(new FilterRule(pat, flags, 0));
    }
    return new ParsedRule.Match(finish(pat, flags, mode == Mode.MODULE_EXCLUDE));
  }

  /** {@code add_rule}: directory flag, anchoring, "/***" for module dir rules, wildcard flags. */
  static FilterRule finish(byte[] pat, Set<RuleFlag> inFlags, boolean moduleRule) {
    return finish(pat, inFlags, moduleRule, new byte[0]);
  }

  /**
   * {@code add_rule} with a directory prefix: a per-directory merge file's anchored pattern
   * "/x" read in directory "d" becomes "/d/x" (XFLG_ANCHORED2ABS), matched against paths
   * inside the module.
   */
  static FilterRule finish(byte[] pat, Set<RuleFlag> inFlags, boolean moduleRule,
      byte[] prefix) {
    if (prefix.length > 0) {
      byte[] q = new byte[prefix.length + pat.length];
      System.arraycopy(prefix, 0, q, 0, prefix.length);
      System.arraycopy(pat, 0, q, prefix.length, pat.length);
      pat = q;
    }
    EnumSet<RuleFlag> flags = inFlags.isEmpty() ? EnumSet.noneOf(RuleFlag.class)
        : EnumSet.copyOf(inFlags);
    int len = pat.length;
    if (len > 1 && pat[len - 1] == '/') {
      len--;
      flags.add(RuleFlag.DIRECTORY);
    }
    int slashes = 0;
    for (int k = 0; k < len; k++) {
      if (pat[k] == '/') {
        slashes++;
      }
    }
    if (moduleRule && !flags.contains(RuleFlag.ABS_PATH) && (pat[0] == '/' || slashes > 0)) {
      flags.add(RuleFlag.ABS_PATH);
    }
    byte[] p = Arrays.copyOf(pat, len);
    if (moduleRule && flags.contains(RuleFlag.DIRECTORY) && !flags.contains(RuleFlag.INCLUDE)) {
      flags.remove(RuleFlag.DIRECTORY);
      byte[] q = Arrays.copyOf(p, p.length + 4);
      q[p.length] = '/';
      q[p.length + 1] = '*';
      q[p.length + 2] = '*';
      q[p.length + 3] = '*';
      p = q;
      slashes++;
    }
    if (indexOfAny(p, "*[?") >= 0) {
      flags.add(RuleFlag.WILD);
      int ss = indexOf(p, (byte) '*', (byte) '*');
      if (ss >= 0) {
        flags.add(RuleFlag.WILD2);
        if (ss == 0) {
          flags.add(RuleFlag.WILD2_PREFIX);
        }
        int n = p.length;
        if (n >= 3 && p[n - 3] == '*' && p[n - 2] == '*' && p[n - 1] == '*') {
          flags.add(RuleFlag.WILD3_SUFFIX);
        }
      }
    }
    return new FilterRule(p, flags, slashes);
  }

  private static int indexOfAny(byte[] b, String chars) {
    for (int i = 0; i < b.length; i++) {
      if (chars.indexOf(b[i] & 0xFF) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] b, byte x, byte y) {
    for (int i = 0; i + 1 < b.length; i++) {
      if (b[i] == x && b[i + 1] == y) {
        return i;
      }
    }
    return -1;
  }
}
