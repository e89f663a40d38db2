package dev.sower.rsync.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rule text as the client sends it (exclude.c parse_rule_tok + add_rule). */
class FilterRuleParserTest {
  private static FilterRule one(String text) throws FilterSyntaxException {
    List<ParsedRule> r = FilterRuleParser.parse(text, FilterRuleParser.Mode.CLIENT);
    assertThat(r).hasSize(1);
    return ((ParsedRule.Match) r.get(0)).rule();
  }

  private static String pat(FilterRule r) {
    return new String(r.pattern(), StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "- *.o;                *.o;      0; WILD",
      "+ */;                 *;        0; INCLUDE DIRECTORY WILD",
      "exclude /tmp/;        /tmp;     1; DIRECTORY",
      "include foo/**/bar;   foo/**/bar; 2; INCLUDE WILD WILD2",
      "- **/x;               **/x;     1; WILD WILD2 WILD2_PREFIX",
      "- deep/***;           deep/***; 1; WILD WILD2 WILD3_SUFFIX",
      "-! */;                *;        0; NEGATE DIRECTORY WILD",
      "-s *.png;             *.png;    0; SENDER_SIDE WILD",
      "+s keep;              keep;     0; INCLUDE SENDER_SIDE",
      "H secret;             secret;   0; SENDER_SIDE",
      "S shown;              shown;    0; INCLUDE SENDER_SIDE",
      "P prot;               prot;     0; RECEIVER_SIDE",
      "R risky;              risky;    0; INCLUDE RECEIVER_SIDE",
      "-p tmp;               tmp;      0; PERISHABLE",
      "-/ /abs;              /abs;     1; ABS_PATH",
      "-x user.*;            user.*;   0; XATTR WILD",
      "+,s x;                x;        0; INCLUDE SENDER_SIDE",
      "-_a b;                a b;      0; ''",
      "hide,! y;             y;        0; SENDER_SIDE NEGATE",
      "- [a-c]?;             [a-c]?;   0; WILD",
      "- a\\*b;              a\\*b;    0; WILD",
  })
  void parsesRule(String text, String pattern, int slashes, String flags) throws Exception {
    FilterRule r = one(text);
    assertThat(pat(r)).isEqualTo(pattern);
    assertThat(r.slashCount()).isEqualTo(slashes);
    Set<RuleFlag> want = EnumSet.noneOf(RuleFlag.class);
    for (String f : flags.trim().split(" +")) {
      if (!f.isEmpty()) {
        want.add(RuleFlag.valueOf(f));
      }
    }
    assertThat(r.flags()).isEqualTo(want);
  }

  @Test
  void clearAndMergeRules() throws Exception {
    assertThat(FilterRuleParser.parse("!", FilterRuleParser.Mode.CLIENT))
        .containsExactly(new ParsedRule.Clear());
    assertThat(FilterRuleParser.parse("clear", FilterRuleParser.Mode.CLIENT))
        .containsExactly(new ParsedRule.Clear());
    ParsedRule m = FilterRuleParser.parse(": /.rsync-filter", FilterRuleParser.Mode.CLIENT)
        .get(0);
    assertThat(m).isInstanceOf(ParsedRule.Merge.class);
    assertThat(((ParsedRule.Merge) m).rule().flags()).contains(RuleFlag.PERDIR_MERGE);
    ParsedRule c = FilterRuleParser.parse(":C", FilterRuleParser.Mode.CLIENT).get(0);
    assertThat(pat(((ParsedRule.Merge) c).rule())).isEqualTo(".cvsignore");
    ParsedRule dm = FilterRuleParser.parse("dir-merge,-n .ex", FilterRuleParser.Mode.CLIENT)
        .get(0);
    assertThat(((ParsedRule.Merge) dm).rule().flags()).contains(RuleFlag.NO_PREFIXES,
        RuleFlag.NO_INHERIT);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "x foo;     Unknown filter rule",
      "-z foo;    invalid modifier 'z'",
      "-e foo;    invalid modifier 'e'",
      "+!;        unexpected end of filter rule",
      "! x;       '!' rule has trailing characters",
      "Hs x;      invalid modifier 's'",
  })
  void rejectsLikeRsync(String text, String message) {
    assertThatThrownBy(() -> FilterRuleParser.parse(text, FilterRuleParser.Mode.CLIENT))
        .isInstanceOf(FilterSyntaxException.class).hasMessageContaining(message);
  }

  @Test
  void moduleExcludesAreWordSplitAnchoredAndCoverDirectoryContents() throws Exception {
    List<ParsedRule> r = FilterRuleParser.parse("/private/ *.tmp sub/x - y",
        FilterRuleParser.Mode.MODULE_EXCLUDE);
    assertThat(r).hasSize(4);
    FilterRule priv = ((ParsedRule.Match) r.get(0)).rule();
    assertThat(pat(priv)).isEqualTo("/private/***");
    assertThat(priv.flags()).contains(RuleFlag.ABS_PATH, RuleFlag.WILD3_SUFFIX)
        .doesNotContain(RuleFlag.DIRECTORY);
    assertThat(((ParsedRule.Match) r.get(2)).rule().flags()).contains(RuleFlag.ABS_PATH);
    assertThat(pat(((ParsedRule.Match) r.get(3)).rule())).isEqualTo("y");
  }
}
