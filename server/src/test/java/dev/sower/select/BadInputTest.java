package dev.sower.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated archives, malformed lines, unknown and missing fields. */
class BadInputTest {
  private static final String GOOD_A =
      "{\"id\":\"1\",\"rating\":\"s\",\"file_ext\":\"jpg\",\"is_deleted\":false,\"score\":\"1\",\"tags\":[]}";
  private static final String GOOD_B =
      "{\"id\":\"2\",\"rating\":\"q\",\"file_ext\":\"png\",\"is_deleted\":false,\"score\":\"2\",\"tags\":[]}";

  @TempDir Path tmp;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static SelectOptions ids(boolean skipBad) {
    return new SelectOptions(OutputFormat.IDS, skipBad, null);
  }

  @Test
  void malformedLineFailsWithItsLineNumber() {
    byte[] in = utf8(GOOD_A + "\n\n{\"id\":\"3\",\"rating\":\n" + GOOD_B + "\n");
    assertThatThrownBy(() -> SelectRun.of(Query.everything(), ids(false), in))
        .isInstanceOf(SelectException.class)
        .hasMessageContaining("<test> line 3: malformed JSON")
        .hasMessageContaining("--skip-bad");
  }

  @Test
  void skipBadSkipsAndReportsEachBadLine() throws Exception {
    byte[] in = utf8(GOOD_A + "\nnot json\n[1,2]\n{\"id\":\"x\"}\n{\"id\":\"5\"} trailing\n" + GOOD_B + "\n");
    SelectRun r = SelectRun.of(Query.everything(), ids(true), in);
    assertThat(r.out()).containsExactly("1", "2");
    assertThat(r.summary().badLines()).isEqualTo(4);
    assertThat(r.diagnostics()).hasSize(4);
    assertThat(r.diagnostics().get(0)).startsWith("skipped <test> line 2: malformed JSON");
    assertThat(r.diagnostics().get(1)).startsWith("skipped <test> line 3: not a JSON object");
    assertThat(r.diagnostics().get(2)).isEqualTo("skipped <test> line 4: field id: 'x' is not an integer");
    assertThat(r.diagnostics().get(3)).startsWith("skipped <test> line 5: malformed JSON");
  }

  @Test
  void wrongTypeOfANeededFieldIsABadLine() {
    byte[] in = utf8("{\"id\":\"1\",\"is_deleted\":false,\"score\":\"many\"}\n");
    assertThatThrownBy(() -> SelectRun.of(Query.builder().minScore(1).build(), ids(false), in))
        .hasMessageContaining("line 1: field score: 'many' is not an integer");
    byte[] deleted = utf8("{\"id\":\"1\",\"is_deleted\":\"maybe\"}\n");
    assertThatThrownBy(() -> SelectRun.of(Query.everything(), ids(false), deleted))
        .hasMessageContaining("field is_deleted: expected true or false");
    byte[] tags = utf8("{\"id\":\"1\",\"is_deleted\":false,\"tags\":{\"name\":\"a\"}}\n");
    assertThatThrownBy(() -> SelectRun.of(Query.builder().allTags("a").build(), ids(false), tags))
        .hasMessageContaining("field tags: expected an array");
  }

  @Test
  void anExtensionThatIsNotOneIsABadLine() {
    byte[] in = utf8("{\"id\":\"1\",\"is_deleted\":false,\"file_ext\":\"../../etc/passwd\"}\n");
    assertThatThrownBy(() -> SelectRun.of(Query.everything(), SelectOptions.paths(), in))
        .hasMessageContaining("field file_ext: '../../etc/passwd' is not a file extension");
  }

  @Test
  void unknownFieldsAreIgnored() throws Exception {
    byte[] in = utf8("{\"zzz\":[{\"a\":{\"b\":[null,true,1.5e10]}}],\"id\":\"7\",\"file_ext\":\"png\","
        + "\"new\":\"id\",\"is_deleted\":false,\"id_extra\":\"9\"}\n");
    assertThat(SelectRun.of(Query.everything(), SelectOptions.paths(), in).out())
        .containsExactly("original/0007/7.png");
  }

  @Test
  void recordMissingAFieldTheQueryNeedsIsExcludedAndCounted() throws Exception {
    String noRating = "{\"id\":\"3\",\"file_ext\":\"jpg\",\"is_deleted\":false,\"score\":\"9\"}";
    String nullRating = "{\"id\":\"4\",\"rating\":null,\"file_ext\":\"jpg\",\"is_deleted\":false}";
    byte[] in = utf8(GOOD_A + "\n" + noRating + "\n" + nullRating + "\n" + GOOD_B + "\n");
    SelectRun r = SelectRun.of(Query.builder().ratings(Rating.S, Rating.Q).build(), ids(false), in);
    assertThat(r.out()).containsExactly("1", "2");
    assertThat(r.summary().missing()).containsExactly(java.util.Map.entry(Field.RATING, 2L));
    assertThat(r.summary().firstMissing().get(Field.RATING)).isEqualTo("<test> line 2");
    assertThat(r.summary().describe(Query.builder().ratings(Rating.S).build(), null))
        .contains("  2 excluded: no rating field (needed by --rating); first at <test> line 2");
    // Not needed: not excluded.
    assertThat(SelectRun.of(Query.everything(), ids(false), in).out()).containsExactly("1", "3", "4", "2");
  }

  @Test
  void missingExtensionMattersOnlyForOriginalPathsAndExt() throws Exception {
    byte[] in = utf8("{\"id\":\"3\",\"rating\":\"s\",\"is_deleted\":false}\n" + GOOD_A + "\n");
    assertThat(SelectRun.of(Query.everything(), ids(false), in).out()).containsExactly("3", "1");
    SelectRun paths = SelectRun.of(Query.everything(), SelectOptions.paths(), in);
    assertThat(paths.out()).containsExactly("original/0001/1.jpg");
    assertThat(paths.summary().missing()).containsEntry(Field.FILE_EXT, 1L);
    assertThat(SelectRun.of(Query.builder().tree(Tree.SUBSET_512).build(), SelectOptions.paths(), in).out())
        .containsExactly("512px/0003/3.jpg", "512px/0001/1.jpg");
  }

  @Test
  void missingDeletedFlagExcludesUnlessDeletedImagesAreWanted() throws Exception {
    byte[] in = utf8("{\"id\":\"3\",\"file_ext\":\"jpg\"}\n" + GOOD_A + "\n");
    SelectRun r = SelectRun.of(Query.everything(), ids(false), in);
    assertThat(r.out()).containsExactly("1");
    assertThat(r.summary().missing()).containsEntry(Field.IS_DELETED, 1L);
    assertThat(SelectRun.of(Query.builder().includeDeleted(true).build(), ids(false), in).out())
        .containsExactly("3", "1");
  }

  @Test
  void missingIdTagsScoreAndTimeAreCountedPerField() throws Exception {
    byte[] in = utf8("{\"rating\":\"s\",\"is_deleted\":false}\n"
        + "{\"id\":\"5\",\"is_deleted\":false}\n" + GOOD_A + "\n");
    SelectRun r = SelectRun.of(Query.builder().allTags("x").build(), ids(false), in);
    assertThat(r.summary().missing()).containsEntry(Field.ID, 1L).containsEntry(Field.TAGS, 1L);
    SelectRun s = SelectRun.of(Query.builder().minScore(0).build(), ids(false), in);
    assertThat(s.summary().missing()).containsExactlyEntriesOf(
        new java.util.EnumMap<>(java.util.Map.of(Field.ID, 1L, Field.SCORE, 1L)));
    assertThat(s.out()).containsExactly("1");
    SelectRun t = SelectRun.of(Query.builder().minScore(0).since(0).build(), ids(false), in);
    assertThat(t.summary().missing()).containsExactlyEntriesOf(
        new java.util.EnumMap<>(java.util.Map.of(Field.ID, 1L, Field.CREATED_AT, 2L)));
  }

  @Test
  void truncatedArchiveFailsNamingTheEntry() throws Exception {
    byte[] archive = tarXz(2000);
    Path cut = tmp.resolve("cut.tar.xz");
    Files.write(cut, Arrays.copyOf(archive, archive.length * 3 / 4));
    assertThatThrownBy(() -> SelectRun.of(Query.everything(), ids(false), new MetadataSource.File(cut)))
        .isInstanceOf(SelectException.class)
        .hasMessageMatching("cut\\.tar\\.xz: 2026/000001\\.json: input ends early \\(truncated or corrupt\\)"
            + " after line \\d+.*");
    Path early = tmp.resolve("early.tar.xz");
    Files.write(early, Arrays.copyOf(archive, 100));
    assertThatThrownBy(() -> SelectRun.of(Query.everything(), ids(false), new MetadataSource.File(early)))
        .isInstanceOf(SelectException.class)
        .hasMessageStartingWith("early.tar.xz: ")
        .hasMessageContaining("truncated or corrupt");
    Path whole = tmp.resolve("whole.tar.xz");
    Files.write(whole, archive);
    assertThat(SelectRun.of(Query.everything(), ids(false), new MetadataSource.File(whole)).out())
        .hasSize(4000);
  }

  @Test
  void archiveCutInsideTheXzHeaderFails() throws Exception {
    byte[] archive = tarXz(10);
    Path cut = tmp.resolve("head.tar.xz");
    Files.write(cut, Arrays.copyOf(archive, 20));
    assertThatThrownBy(() -> SelectRun.of(Query.everything(), ids(false), new MetadataSource.File(cut)))
        .isInstanceOf(SelectException.class)
        .hasMessageContaining("head.tar.xz");
  }

  @Test
  void corruptXzDataFails() throws Exception {
    byte[] archive = tarXz(500);
    for (int i = 200; i < 260; i++) {
      archive[i] ^= 0x5a;
    }
    Path bad = tmp.resolve("bad.tar.xz");
    Files.write(bad, archive);
    assertThatThrownBy(() -> SelectRun.of(Query.everything(), ids(false), new MetadataSource.File(bad)))
        .isInstanceOf(SelectException.class)
        .hasMessageContaining("bad.tar.xz");
  }

  @Test
  void overlongLineIsRefused() {
    byte[] in = new byte[LineReader.MAX_LINE + 10];
    Arrays.fill(in, (byte) 'x');
    assertThatThrownBy(() -> SelectRun.of(Query.everything(), ids(true), in))
        .hasMessageContaining("<test> line 1: line longer than 64 MiB");
  }

  /** A tar.xz of two entries of {@code perEntry} records each, ids 1.. */
  static byte[] tarXz(int perEntry) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (XZCompressorOutputStream xz = new XZCompressorOutputStream(bytes, 1);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
      long id = 1;
      java.util.SplittableRandom rnd = new java.util.SplittableRandom(perEntry);
      for (int e = 0; e < 2; e++) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < perEntry; i++, id++) {
          sb.append("{\"id\":\"").append(id).append("\",\"file_ext\":\"jpg\",\"is_deleted\":false,\"md5\":\"")
              .append(Long.toHexString(rnd.nextLong())).append(Long.toHexString(rnd.nextLong()))
              .append("\"}\n");
        }
        byte[] body = utf8(sb.toString());
        TarArchiveEntry entry = new TarArchiveEntry(String.format("2026/%06d.json", e));
        entry.setSize(body.length);
        tar.putArchiveEntry(entry);
        tar.write(body);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}
