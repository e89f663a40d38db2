package dev.sower.rsync.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * An ordered rule list; the first matching rule decides (exclude.c {@code check_filter} and
 * {@code rule_matches}). Names are paths relative to the transfer root; rules flagged
 * {@link RuleFlag#ABS_PATH} see them prefixed with the transfer root's path inside the module.
 */
public final class FilterList {
  /** The outcome of {@link #check}. */
  public enum Verdict { INCLUDED, EXCLUDED, NO_MATCH }

  private final List<FilterRule> rules;

  public FilterList(List<FilterRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static FilterList empty() {
    return new FilterList(List.of());
  }

  /** Builds a list from parsed rules, applying '!' clears; merge rules are not allowed here. */
  public static FilterList of(List<ParsedRule> parsed) {
    List<FilterRule> out = new ArrayList<>();
    for (ParsedRule p : parsed) {
      if (p instanceof ParsedRule.Match m) {
        out.add(m.rule());
      } else if (p instanceof ParsedRule.Clear) {
        out.clear();
      } else {
        throw new IllegalArgumentException(
            "merge rules must be expanded before building a list: " + p);
      }
    }
    return new FilterList(out);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  public List<FilterRule> rules() {
    return rules;
  }

  /**
   * Checks {@code name} (relative to the transfer root, no leading '/').
   *
   * @param rootInModule the transfer root's path inside the module ("" at the module root),
   *     used only by {@link RuleFlag#ABS_PATH} rules
   */
  public Verdict check(byte[] name, boolean isDir, byte[] rootInModule) {
    for (FilterRule r : rules) {
      if (matches(r, name, isDir, rootInModule)) {
        return r.include() ? Verdict.INCLUDED : Verdict.EXCLUDED;
      }
    }
    return Verdict.NO_MATCH;
  }

  public boolean excludes(byte[] name, boolean isDir, byte[] rootInModule) {
    return check(name, isDir, rootInModule) == Verdict.EXCLUDED;
  }

  static boolean matches(FilterRule r, byte[] fname, boolean isDir, byte[] rootInModule) {
    boolean ret = !r.has(RuleFlag.NEGATE);
    int off = fname.length > 0 && fname[0] == '/' ? 1 : 0;
    if (fname.length - off == 0) {
      return false;
    }
    if (r.has(RuleFlag.XATTR)) {
      return false;
    }
    byte[] name = off == 0 ? fname : java.util.Arrays.copyOfRange(fname, 1, fname.length);
    byte[] text;
    if (r.slashCount() == 0 && !r.has(RuleFlag.WILD2)) {
      int slash = lastSlash(name);
      text = slash < 0 ? name : java.util.Arrays.copyOfRange(name, slash + 1, name.length);
    } else if (r.has(RuleFlag.ABS_PATH) && off == 0 && rootInModule.length > 0) {
      text = concat(rootInModule, new byte[] {'/'}, name);
    } else if (r.has(RuleFlag.WILD2_PREFIX) && off == 0) {
      text = concat(new byte[] {'/'}, name);
    } else {
      text = name;
    }
    int strCount = text == name ? 1 : 2;
    if (isDir) {
      if (r.has(RuleFlag.WILD3_SUFFIX)) {
        text = concat(text, new byte[] {'/'});
        strCount++;
      }
    } else if (r.has(RuleFlag.DIRECTORY)) {
      return !ret;
    }
    byte[] pattern = r.rawPattern();
    boolean anchored = pattern.length > 0 && pattern[0] == '/';
    if (anchored) {
      pattern = java.util.Arrays.copyOfRange(pattern, 1, pattern.length);
    }
    int where;
    if (!anchored && r.slashCount() > 0 && !r.has(RuleFlag.WILD2)) {
      where = r.slashCount() + 1;
    } else if (!anchored && !r.has(RuleFlag.WILD2_PREFIX) && r.has(RuleFlag.WILD2)) {
      where = -1;
    } else {
      where = 0;
    }
    boolean hit;
    if (r.has(RuleFlag.WILD)) {
      hit = WildMatch.matchesAt(pattern, text, where);
    } else if (strCount > 1) {
      hit = WildMatch.literalAt(pattern, text, where);
    } else if (anchored) {
      hit = java.util.Arrays.equals(text, pattern);
    } else {
      int l1 = text.length;
      int l2 = pattern.length;
      hit = l2 <= l1
          && java.util.Arrays.equals(text, l1 - l2, l1, pattern, 0, l2)
          && (l1 == l2 || text[l1 - l2 - 1] == '/');
    }
    return hit ? ret : !ret;
  }

  private static int lastSlash(byte[] b) {
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] == '/') {
        return i;
      }
    }
    return -1;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }
}
