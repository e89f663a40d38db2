package dev.sower.rsync.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Per-directory merge files as the sender reads them. */
class MergeFileParserTest {
  private static FilterRule merge(String text) throws FilterSyntaxException {
    return ((ParsedRule.Merge) FilterRuleParser.parse(text, FilterRuleParser.Mode.CLIENT)
        .get(0)).rule();
  }

  private static List<String> parse(String content, String mergeRule, String dir)
      throws FilterSyntaxException {
    List<String> out = new ArrayList<>();
    for (ParsedRule r : MergeFileParser.parse(content.getBytes(StandardCharsets.UTF_8),
        merge(mergeRule), dir.getBytes(StandardCharsets.UTF_8))) {
      out.add(r instanceof ParsedRule.Match m ? m.rule().toString() : "CLEAR");
    }
    return out;
  }

  @Test
  void linesCommentsCrLfAndAnchoring() throws Exception {
    assertThat(parse("# c\r\n; c\r\n- *.tmp\r\n+ /keep\n- /sub/x/\nP prot\n-r recv\n",
        ": .rsync-filter", "deep/l1")).containsExactly(
        "- *.tmp [WILD]",
        "+ /deep/l1/keep [INCLUDE, ABS_PATH]",
        "- /deep/l1/sub/x/ [DIRECTORY, ABS_PATH]");
    assertThat(parse("- /top\n", ": /.rsync-filter", "")).containsExactly(
        "- /top [ABS_PATH]");
  }

  @Test
  void bareWordsForCvsAndPrefixlessFiles() throws Exception {
    assertThat(parse("a.o  b.tmp\n!\ncore", ":C", "x")).containsExactly(
        "- a.o []", "- b.tmp []", "CLEAR", "- core []");
    // comments are skipped in line files, prefix-less or not; words are never comments
    assertThat(parse("*.jpg\n# a comment\n", ":+ .inc", ""))
        .containsExactly("+ *.jpg [INCLUDE, WILD]");
    assertThat(parse("#x", ":w- .words", "")).containsExactly("- #x []");
  }

  @Test
  void deeperFilesWinAndNoInheritDropsParents() throws Exception {
    Map<String, String> files = new HashMap<>();
    files.put(".f", "- a\n");
    files.put("d/.f", "+ a\n");
    MergeFileSource src = p -> Optional.ofNullable(files.get(new String(p,
        StandardCharsets.UTF_8))).map(s -> s.getBytes(StandardCharsets.UTF_8));
    List<String> errors = new ArrayList<>();
    ClientFilter inherit = ClientFilter.of(FilterRuleParser.parse(": /.f",
        FilterRuleParser.Mode.CLIENT), false);
    ClientFilter.Scope root = inherit.firstScope(new byte[0], src, errors);
    ClientFilter.Scope d = inherit.enter(root, "d".getBytes(), src, errors);
    assertThat(inherit.check(root, "a".getBytes(), false, new byte[0]))
        .isEqualTo(FilterList.Verdict.EXCLUDED);
    assertThat(inherit.check(d, "d/a".getBytes(), false, new byte[0]))
        .isEqualTo(FilterList.Verdict.INCLUDED);
    assertThat(inherit.check(d, "d/b".getBytes(), false, new byte[0]))
        .isEqualTo(FilterList.Verdict.NO_MATCH);
    // a listing starting in "d" still reads the root's file first (leading '/')
    ClientFilter.Scope first = inherit.firstScope("d".getBytes(), src, errors);
    assertThat(first.lists().get(0)).hasSize(2);
    ClientFilter noInherit = ClientFilter.of(FilterRuleParser.parse(":n .f",
        FilterRuleParser.Mode.CLIENT), false);
    ClientFilter.Scope nd = noInherit.enter(noInherit.firstScope(new byte[0], src, errors),
        "d".getBytes(), src, errors);
    assertThat(nd.lists().get(0)).hasSize(1);
    assertThat(errors).isEmpty();
  }

  @Test
  void excludeSelfAndCvsDefaults() throws Exception {
    ClientFilter f = ClientFilter.of(FilterRuleParser.parse(":e .f",
        FilterRuleParser.Mode.CLIENT), true);
    ClientFilter.Scope s = f.emptyScope();
    assertThat(f.excludes(s, "x/.f".getBytes(), false, new byte[0])).isTrue();
    assertThat(f.excludes(s, "x/core".getBytes(), false, new byte[0])).isTrue();
    assertThat(f.excludes(s, "x/a.o".getBytes(), false, new byte[0])).isTrue();
    assertThat(f.excludes(s, ".git".getBytes(), true, new byte[0])).isTrue();
    assertThat(f.excludes(s, ".git".getBytes(), false, new byte[0])).isFalse();
    assertThat(f.excludes(s, "x/a.c".getBytes(), false, new byte[0])).isFalse();
  }
}
