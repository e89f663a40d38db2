package dev.sower.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each filter, then combinations, against the hand-written fixture (fixture.jsonl). */
class FilterTest {
  private static Query.Builder q() {
    return Query.builder();
  }

  @Test
  void noConditionSelectsEveryImageButTheDeletedOne() throws Exception {
    assertThat(SelectRun.ids(q().build()))
        .containsExactly(1001L, 1002L, 1003L, 1005L, 2000L, 2001L, 2002L, 58991L);
  }

  @Test
  void includeDeletedKeepsTheDeletedImage() throws Exception {
    assertThat(SelectRun.ids(q().includeDeleted(true).build()))
        .containsExactly(1001L, 1002L, 1003L, 1004L, 1005L, 2000L, 2001L, 2002L, 58991L);
  }

  @Test
  void tagRequiresTheTagFromObjectsStringsOrTagString() throws Exception {
    assertThat(SelectRun.ids(q().allTags("1girl").build()))
        .containsExactly(1001L, 1002L, 1005L, 2001L, 58991L);
    assertThat(SelectRun.ids(q().allTags("highres").build())).containsExactly(1005L, 2000L);
  }

  @Test
  void repeatedTagRequiresAllOfThem() throws Exception {
    assertThat(SelectRun.ids(q().allTags("1girl", "solo").build()))
        .containsExactly(1001L, 1005L, 58991L);
    assertThat(SelectRun.ids(q().allTags("1girl", "solo", "smile", "long_hair").build()))
        .containsExactly(58991L);
  }

  @Test
  void anyTagRequiresOneOfThem() throws Exception {
    assertThat(SelectRun.ids(q().anyTags("smile", "landscape").build()))
        .containsExactly(1002L, 1003L, 1005L, 2000L, 58991L);
    assertThat(SelectRun.ids(q().anyTags("no_such_tag").build())).isEmpty();
  }

  @Test
  void notTagExcludesImagesWithAnyOfThem() throws Exception {
    assertThat(SelectRun.ids(q().notTags("1girl").build())).containsExactly(1003L, 2000L, 2002L);
    assertThat(SelectRun.ids(q().notTags("1girl", "smile").build())).containsExactly(2000L, 2002L);
  }

  @Test
  void tagNamesMatchExactly() throws Exception {
    assertThat(SelectRun.ids(q().allTags("girl").build())).isEmpty();
    assertThat(SelectRun.ids(q().allTags("1GIRL").build())).isEmpty();
  }

  @Test
  void nonAsciiAndEscapedTagNamesMatch() throws Exception {
    byte[] in = ("{\"id\":\"1\",\"is_deleted\":false,\"tags\":[{\"name\":\"caf\\u00e9\"}]}\n"
        + "{\"id\":\"2\",\"is_deleted\":false,\"tags\":[\"café\",\"東方\"]}\n"
        + "{\"id\":\"3\",\"is_deleted\":false,\"tag_string\":\"東方 a\\\"b\"}\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    SelectOptions ids = new SelectOptions(OutputFormat.IDS, false, null);
    assertThat(SelectRun.of(q().allTags("café").build(), ids, in).out()).containsExactly("1", "2");
    assertThat(SelectRun.of(q().allTags("東方").build(), ids, in).out()).containsExactly("2", "3");
    assertThat(SelectRun.of(q().allTags("a\"b").build(), ids, in).out()).containsExactly("3");
  }

  @Test
  void rating() throws Exception {
    assertThat(SelectRun.ids(q().ratings(Rating.S).build()))
        .containsExactly(1001L, 1005L, 2000L, 2002L, 58991L);
    assertThat(SelectRun.ids(q().ratings(Rating.Q, Rating.E).build()))
        .containsExactly(1002L, 1003L, 2001L);
  }

  @Test
  void minScoreAcceptsNumbersAndStrings() throws Exception {
    assertThat(SelectRun.ids(q().minScore(12).build())).containsExactly(1002L, 1003L, 1005L, 58991L);
    assertThat(SelectRun.ids(q().minScore(-2).includeDeleted(true).build())).contains(1004L);
    assertThat(SelectRun.ids(q().minScore(-1).includeDeleted(true).build())).doesNotContain(1004L);
  }

  @Test
  void extensionIgnoresCaseAndLeadingDot() throws Exception {
    assertThat(SelectRun.ids(q().extensions("png").build())).containsExactly(1002L, 1003L, 2002L, 58991L);
    assertThat(SelectRun.ids(q().extensions(".JPG").build())).containsExactly(1001L, 1005L, 2001L);
    assertThat(SelectRun.ids(q().extensions("gif", "webm").build())).containsExactly(2000L);
  }

  @Test
  void idRangeIsInclusiveAndMayBeOpen() throws Exception {
    assertThat(SelectRun.ids(q().ids(IdRange.parse("1002-2000")).build()))
        .containsExactly(1002L, 1003L, 1005L, 2000L);
    assertThat(SelectRun.ids(q().ids(IdRange.parse("2001-")).build())).containsExactly(2001L, 2002L, 58991L);
    assertThat(SelectRun.ids(q().ids(IdRange.parse("-1002")).build())).containsExactly(1001L, 1002L);
    assertThat(SelectRun.ids(q().ids(IdRange.parse("58991-58991")).build())).containsExactly(58991L);
  }

  @Test
  void sinceAndUntilTakeDatesAsWholeUtcDays() throws Exception {
    assertThat(SelectRun.ids(q().since(Timestamps.sinceBound("2019-01-01")).build()))
        .containsExactly(1005L, 2000L, 2001L);
    assertThat(SelectRun.ids(q().until(Timestamps.untilBound("2005-05-24")).build())).containsExactly(1001L);
    assertThat(SelectRun.ids(q().until(Timestamps.untilBound("2005-05-23")).build())).isEmpty();
    // 2001 was created 2019-06-30T20:00-05:00, which is 2019-07-01 01:00:00 UTC.
    assertThat(SelectRun.ids(q().since(Timestamps.sinceBound("2019-07-01 01:00:00")).build()))
        .containsExactly(1005L, 2001L);
    assertThat(SelectRun.ids(q().since(Timestamps.sinceBound("2019-07-01 01:00:01")).build()))
        .containsExactly(1005L);
    assertThat(SelectRun.ids(q().since(Timestamps.sinceBound("2019-06-01"))
        .until(Timestamps.untilBound("2019-06-30")).build())).isEmpty();
    assertThat(SelectRun.ids(q().until(Timestamps.untilBound("2018-12-31 23:59:59")).build()))
        .containsExactly(1001L, 1002L, 1003L, 2002L, 58991L);
  }

  @Test
  void subsetTreeKeepsSafeNotDeletedImagesEvenWithIncludeDeleted() throws Exception {
    assertThat(SelectRun.ids(q().tree(Tree.SUBSET_512).build()))
        .containsExactly(1001L, 1005L, 2000L, 2002L, 58991L);
    assertThat(SelectRun.ids(q().tree(Tree.SUBSET_512).includeDeleted(true).build()))
        .containsExactly(1001L, 1005L, 2000L, 2002L, 58991L);
    assertThat(SelectRun.ids(q().tree(Tree.SUBSET_512).ratings(Rating.Q).build())).isEmpty();
  }

  @Test
  void combinations() throws Exception {
    assertThat(SelectRun.ids(q().allTags("1girl").ratings(Rating.S).minScore(10).build()))
        .containsExactly(1005L, 58991L);
    assertThat(SelectRun.ids(q().anyTags("smile").notTags("1girl").extensions("png").build()))
        .containsExactly(1003L);
    assertThat(SelectRun.ids(q().since(Timestamps.sinceBound("2010-01-01"))
        .until(Timestamps.untilBound("2018-12-31")).tree(Tree.SUBSET_512).build()))
        .containsExactly(2002L, 58991L);
    assertThat(SelectRun.ids(q().allTags("long_hair").anyTags("smile", "solo").notTags("2girls")
        .ids(IdRange.parse("1000-3000")).build()))
        .containsExactly(1001L);
    assertThat(SelectRun.ids(q().allTags("solo").includeDeleted(true).extensions("gif")
        .ratings(Rating.S).minScore(-5).until(Timestamps.untilBound("2015-03-01")).build()))
        .containsExactly(1004L);
  }

  @Test
  void pathsUseTheRecordsExtensionAndBucket() throws Exception {
    SelectRun r = SelectRun.of(q().build(), SelectOptions.paths(), SelectRun.fixture());
    assertThat(r.out()).containsExactly(
        "original/0001/1001.jpg", "original/0002/1002.png", "original/0003/1003.png",
        "original/0005/1005.jpg", "original/0000/2000.webm", "original/0001/2001.JPG",
        "original/0002/2002.png", "original/0991/58991.png");
  }

  @Test
  void subsetPathsAreAlwaysJpg() throws Exception {
    SelectRun r = SelectRun.of(q().tree(Tree.SUBSET_512).build(), SelectOptions.paths(), SelectRun.fixture());
    assertThat(r.out()).containsExactly("512px/0001/1001.jpg", "512px/0005/1005.jpg",
        "512px/0000/2000.jpg", "512px/0002/2002.jpg", "512px/0991/58991.jpg");
  }

  @Test
  void jsonlRepeatsTheSelectedLinesUnchanged() throws Exception {
    SelectRun r = SelectRun.of(q().ratings(Rating.Q).build(),
        new SelectOptions(OutputFormat.JSONL, false, null), SelectRun.fixture());
    List<String> all = SelectRun.lines(new String(SelectRun.fixture(), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(r.out()).containsExactly(all.get(1), all.get(6));
  }

  @Test
  void summaryCountsRecordsAndMatches() throws Exception {
    SelectRun r = SelectRun.of(q().ratings(Rating.S).build(), SelectOptions.paths(), SelectRun.fixture());
    assertThat(r.summary().records()).isEqualTo(9);
    assertThat(r.summary().matched()).isEqualTo(5);
    assertThat(r.summary().written()).isEqualTo(5);
    assertThat(r.summary().missingTotal()).isZero();
    assertThat(r.diagnostics()).isEmpty();
  }
}
