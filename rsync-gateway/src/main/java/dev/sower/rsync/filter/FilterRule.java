package dev.sower.rsync.filter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One parsed include/exclude rule: its pattern (trailing '/' removed, see
 * {@link RuleFlag#DIRECTORY}), its flags and the number of '/' in the pattern.
 */
public record FilterRule(byte[] pattern, Set<RuleFlag> flags, int slashCount) {
  public FilterRule {
    pattern = pattern.clone();
    EnumSet<RuleFlag> copy = EnumSet.noneOf(RuleFlag.class);
    copy.addAll(flags);
    flags = Collections.unmodifiableSet(copy);   // EnumSet order: stable toString and keys
  }

  @Override
  public byte[] pattern() {
    return pattern.clone();
  }

  public boolean has(RuleFlag f) {
    return flags.contains(f);
  }

  public boolean include() {
    return flags.contains(RuleFlag.INCLUDE);
  }

  byte[] rawPattern() {
    return pattern;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FilterRule r && Arrays.equals(pattern, r.pattern) && flags.equals(r.flags)
        && slashCount == r.slashCount;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(pattern) * 31 + flags.hashCode();
  }

  @Override
  public String toString() {
    return (include() ? "+ " : "- ") + new String(pattern, StandardCharsets.ISO_8859_1)
        + (has(RuleFlag.DIRECTORY) ? "/" : "") + " " + flags;
  }
}
