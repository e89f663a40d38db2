package dev.sower.rsync.filter;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the rules of a per-directory merge file (exclude.c {@code parse_filter_file} with
 * XFLG_ANCHORED2ABS, as the sending side does): lines (or words with 'w'/'C'), comments,
 * prefix-less files ('-', '+', 'C'), "!" clearing, anchored patterns made relative to the
 * directory holding the file, and rules meant only for the receiving side dropped.
 */
public final class MergeFileParser {
  private MergeFileParser() {}

  /**
   * @param content the file's bytes
   * @param merge the dir-merge rule that named the file (its modifiers are the template)
   * @param dirInModule the directory holding the file, inside the module ("" at the root)
   * @return the rules in file order; a {@link ParsedRule.Clear} resets what came before
   */
  public static List<ParsedRule> parse(byte[] content, FilterRule merge, byte[] dirInModule)
      throws FilterSyntaxException {
    boolean wordSplit = merge.has(RuleFlag.WORD_SPLIT);
    boolean noPrefixes = merge.has(RuleFlag.NO_PREFIXES);
    List<ParsedRule> out = new ArrayList<>();
    int i = 0;
    while (i < content.length) {
      int start = i;
      while (i < content.length && !isEnd(content[i], wordSplit)) {
        i++;
      }
      byte[] token = java.util.Arrays.copyOfRange(content, start, i);
      i++;
      if (token.length == 0) {
        continue;
      }
      if (!wordSplit && (token[0] == '#' || token[0] == ';')) {
        continue;
      }
      out.addAll(one(token, merge, noPrefixes, dirInModule));
    }
    return out;
  }

  private static boolean isEnd(byte b, boolean wordSplit) {
    if (b == '\n' || b == '\r') {
      return true;
    }
    return wordSplit && (b == ' ' || b == '\t' || b == '\f' || b == 0x0b);
  }

  private static List<ParsedRule> one(byte[] token, FilterRule merge, boolean noPrefixes,
      byte[] dir) throws FilterSyntaxException {
    List<ParsedRule> out = new ArrayList<>();
    if (noPrefixes) {
      if (token.length == 1 && token[0] == '!' && merge.has(RuleFlag.CVS_IGNORE)) {
        out.add(new ParsedRule.Clear());
        return out;
      }
      Set<RuleFlag> flags = EnumSet.noneOf(RuleFlag.class);
      if (merge.has(RuleFlag.INCLUDE)) {
        flags.add(RuleFlag.INCLUDE);
      }
      out.add(new ParsedRule.Match(anchor(token, flags, dir)));
      return out;
    }
    for (ParsedRule r : FilterRuleParser.parse(token, FilterRuleParser.Mode.CLIENT)) {
      if (r instanceof ParsedRule.Match m) {
        FilterRule rule = m.rule();
        if (rule.has(RuleFlag.RECEIVER_SIDE) && !rule.has(RuleFlag.SENDER_SIDE)) {
          continue;   // add_rule: a rule for the other side is dropped when read here
        }
        byte[] pat = rule.pattern();
        if (rule.has(RuleFlag.DIRECTORY)) {
          pat = java.util.Arrays.copyOf(pat, pat.length + 1);
          pat[pat.length - 1] = '/';
        }
        Set<RuleFlag> flags = EnumSet.noneOf(RuleFlag.class);
        flags.addAll(rule.flags());
        flags.removeAll(EnumSet.of(RuleFlag.DIRECTORY, RuleFlag.WILD, RuleFlag.WILD2,
            RuleFlag.WILD2_PREFIX, RuleFlag.WILD3_SUFFIX));
        out.add(new ParsedRule.Match(anchor(pat, flags, dir)));
      } else if (r instanceof ParsedRule.Clear) {
        out.add(r);
      } else {
        throw new FilterSyntaxException("merge rules inside a per-directory merge file are not"
            + " supported by this server");
      }
    }
    return out;
  }

  private static FilterRule anchor(byte[] pat, Set<RuleFlag> flags, byte[] dir) {
    if (pat.length > 0 && pat[0] == '/' && !flags.contains(RuleFlag.ABS_PATH)) {
      flags.add(RuleFlag.ABS_PATH);
      byte[] prefix = new byte[0];
      if (dir.length > 0) {
        prefix = new byte[dir.length + 1];
        prefix[0] = '/';
        System.arraycopy(dir, 0, prefix, 1, dir.length);
      }
      return FilterRuleParser.finish(pat, flags, false, prefix);
    }
    return FilterRuleParser.finish(pat, flags, false);
  }
}
