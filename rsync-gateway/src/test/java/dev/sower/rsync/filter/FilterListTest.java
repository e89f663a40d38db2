package dev.sower.rsync.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** exclude.c rule_matches/check_filter semantics on transfer-relative names. */
class FilterListTest {
  private static FilterList rules(String... texts) throws FilterSyntaxException {
    List<ParsedRule> all = new ArrayList<>();
    for (String t : texts) {
      all.addAll(FilterRuleParser.parse(t, FilterRuleParser.Mode.CLIENT));
    }
    return FilterList.of(all);
  }

  @ParameterizedTest(name = "[{0}] on {1} (dir={2}) -> {3}")
  @CsvSource(delimiter = ';', value = {
      // unanchored, no slash: matches the last component anywhere
      "- *.o;          a/b/c.o;   false; EXCLUDED",
      "- *.o;          c.o.txt;   false; NO_MATCH",
      // anchored: from the transfer root only
      "- /a;           a;         true;  EXCLUDED",
      "- /a;           x/a;       true;  NO_MATCH",
      // trailing slash: directories only
      "- a/;           a;         false; NO_MATCH",
      "- a/;           x/a;       true;  EXCLUDED",
      // infix slash: the last N+1 components
      "- l1/l2;        deep/l1/l2; true; EXCLUDED",
      "- l1/l2;        deep/xl1/l2; true; NO_MATCH",
      // * stops at '/', ** does not
      "- deep/*;       deep/l1/l2; true; NO_MATCH",
      "- deep/*;       deep/l1;   true;  EXCLUDED",
      "- deep/**;      deep/l1/l2; true; EXCLUDED",
      "- **/l2;        l2;        true;  EXCLUDED",
      "- **/l2;        deep/l1/l2; true; EXCLUDED",
      // *** covers the directory itself and everything below
      "- deep/***;     deep;      true;  EXCLUDED",
      "- deep/***;     deep/l1/x; false; EXCLUDED",
      "- deep/***;     deeper;    true;  NO_MATCH",
      // ? and classes never match '/'
      "- a?b;          a/b;       false; NO_MATCH",
      "- a?b;          axb;       false; EXCLUDED",
      "- [ab];         b;         false; EXCLUDED",
      "- [!ab];        b;         false; NO_MATCH",
      "- [^ab];        c;         false; EXCLUDED",
      "- *[[:digit:]]*; x7.jpg;   false; EXCLUDED",
      "- *[[:digit:]]*; xy.jpg;   false; NO_MATCH",
      "- [a-c]x;       bx;        false; EXCLUDED",
      "- a\\*;         a*;        false; EXCLUDED",
      "- a\\*;         ab;        false; NO_MATCH",
      // negation: applies when the pattern does NOT match
      "-! */;          f;         false; EXCLUDED",
      "-! */;          d;         true;  NO_MATCH",
      // include wins when first
      "+ *.jpg;        x.jpg;     false; INCLUDED",
      // xattr rules never match file names
      "-x *;           a;         false; NO_MATCH",
  })
  void matches(String rule, String name, boolean dir, FilterList.Verdict verdict)
      throws Exception {
    assertThat(rules(rule).check(name.getBytes(StandardCharsets.UTF_8), dir, new byte[0]))
        .isEqualTo(verdict);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "a/x.jpg;  false; INCLUDED",
      "a;        true;  INCLUDED",
      "a/x.png;  false; EXCLUDED",
  })
  void firstMatchWins(String name, boolean dir, FilterList.Verdict verdict) throws Exception {
    FilterList l = rules("+ */", "+ *.jpg", "- *");
    assertThat(l.check(name.getBytes(StandardCharsets.UTF_8), dir, new byte[0]))
        .isEqualTo(verdict);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "sub;      secret;    true;  EXCLUDED",
      "'';       sub/secret; true; EXCLUDED",
      "other;    sub/secret; true; NO_MATCH",
      "'';       secret;    true;  NO_MATCH",
  })
  void moduleRulesAnchorAtTheModuleRoot(String root, String name, boolean dir,
      FilterList.Verdict verdict) throws Exception {
    FilterList l = FilterList.of(FilterRuleParser.parse("/sub/secret",
        FilterRuleParser.Mode.MODULE_EXCLUDE));
    assertThat(l.check(name.getBytes(StandardCharsets.UTF_8), dir,
        root.getBytes(StandardCharsets.UTF_8))).isEqualTo(verdict);
  }

  @org.junit.jupiter.api.Test
  void clearEmptiesTheList() throws Exception {
    assertThat(rules("- a", "!", "- b").rules()).hasSize(1);
  }
}
