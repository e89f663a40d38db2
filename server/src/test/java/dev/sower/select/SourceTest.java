package dev.sower.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input forms: tar.xz, plain tar, xz JSON lines, plain JSON lines, directories, stdin. */
class SourceTest {
  @TempDir Path tmp;

  private static SelectOptions ids() {
    return new SelectOptions(OutputFormat.IDS, false, null);
  }

  @Test
  void readsTarXzPlainTarAndXzCompressedLinesByContent() throws Exception {
    byte[] tarXz = BadInputTest.tarXz(3);
    Path a = tmp.resolve("metadata.json.tar.xz");
    Files.write(a, tarXz);
    assertThat(SelectRun.of(Query.everything(), ids(), new MetadataSource.File(a)).out())
        .containsExactly("1", "2", "3", "4", "5", "6");
    Path plainTar = tmp.resolve("named-anything");
    try (InputStream in = new org.apache.commons.compress.compressors.xz.XZCompressorInputStream(
        new ByteArrayInputStream(tarXz))) {
      Files.write(plainTar, in.readAllBytes());
    }
    assertThat(SelectRun.of(Query.everything(), ids(), new MetadataSource.File(plainTar)).out())
        .containsExactly("1", "2", "3", "4", "5", "6");
    ByteArrayOutputStream xzLines = new ByteArrayOutputStream();
    try (XZCompressorOutputStream xz = new XZCompressorOutputStream(xzLines)) {
      xz.write(SelectRun.fixture());
    }
    assertThat(SelectRun.of(Query.everything(), ids(), xzLines.toByteArray()).out()).hasSize(8);
  }

  @Test
  void directoryIsReadInPathOrderSkippingOtherFiles() throws Exception {
    Path dir = tmp.resolve("metadata");
    Files.createDirectories(dir.resolve("2019"));
    Files.createDirectories(dir.resolve("2018"));
    Files.writeString(dir.resolve("2019/000001.json"), "{\"id\":\"30\",\"is_deleted\":false}\n");
    Files.writeString(dir.resolve("2019/000000.jsonl"), "{\"id\":\"20\",\"is_deleted\":false}\n");
    Files.writeString(dir.resolve("2018/000000.json"), "{\"id\":\"10\",\"is_deleted\":false}");
    Files.writeString(dir.resolve("README.txt"), "not metadata\n");
    Files.writeString(dir.resolve(".hidden.json"), "not metadata\n");
    Files.write(dir.resolve("metadata.json.tar.xz"), BadInputTest.tarXz(3));
    SelectRun r = SelectRun.of(Query.everything(), ids(), MetadataSource.of(dir.toString(), null));
    assertThat(r.out()).containsExactly("10", "20", "30");
  }

  @Test
  void directoryErrorsNameTheFileAndLine() throws Exception {
    Path dir = tmp.resolve("m");
    Files.createDirectories(dir.resolve("2019"));
    Files.writeString(dir.resolve("2019/a.json"), "{\"id\":\"1\",\"is_deleted\":false}\n\n{oops\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SelectRun.of(Query.everything(), ids(), MetadataSource.of(dir.toString(), null)))
        .hasMessageStartingWith("2019/a.json line 3: malformed JSON");
  }

  @Test
  void dashMeansStdin() throws Exception {
    MetadataSource s = MetadataSource.of("-", new ByteArrayInputStream(SelectRun.fixture()));
    assertThat(s.name()).isEqualTo("<stdin>");
    assertThat(SelectRun.of(Query.everything(), ids(), s).out()).hasSize(8);
  }

  @Test
  void crlfBlankLinesAndAMissingFinalNewlineAreFine() throws Exception {
    byte[] in = ("\r\n{\"id\":\"1\",\"is_deleted\":false}\r\n   \n\t\n{\"id\":\"2\",\"is_deleted\":false}")
        .getBytes(StandardCharsets.UTF_8);
    assertThat(SelectRun.of(Query.everything(), ids(), in).out()).containsExactly("1", "2");
  }

  @Test
  void lineNumbersCountBlankLines() throws Exception {
    List<Long> seen = new ArrayList<>();
    new LineReader().read(new ByteArrayInputStream("a\n\nb\r\n \nc".getBytes(StandardCharsets.UTF_8)),
        "x", (src, no, buf, off, len) -> seen.add(no));
    assertThat(seen).containsExactly(1L, 3L, 5L);
  }

  @Test
  void sameResultWhenFedOneByteAtATime() throws Exception {
    byte[] fixture = SelectRun.fixture();
    InputStream trickle = new InputStream() {
      int pos;

      @Override
      public int read() {
        return pos < fixture.length ? fixture[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= fixture.length) {
          return -1;
        }
        b[off] = fixture[pos++];
        return 1;
      }
    };
    SelectRun whole = SelectRun.of(Query.builder().allTags("1girl").build(), SelectOptions.paths(), fixture);
    SelectRun bytes = SelectRun.of(Query.builder().allTags("1girl").build(), SelectOptions.paths(),
        new MetadataSource.Input(trickle, "<trickle>"));
    assertThat(bytes.out()).isEqualTo(whole.out()).hasSize(5);
  }

  @Test
  void manyChunksAndALineLongerThanAChunkKeepOrderAndLineNumbers() throws Exception {
    StringBuilder sb = new StringBuilder();
    int n = 60_000;
    for (int i = 1; i <= n; i++) {
      sb.append("{\"id\":\"").append(i).append("\",\"is_deleted\":false,\"pad\":\"")
          .append("x".repeat(i % 50)).append("\"}\n");
      if (i == 30_000) {
        sb.append("{\"id\":\"0\",\"is_deleted\":false,\"pad\":\"")
            .append("y".repeat(Pipeline.CHUNK_BYTES + 5)).append("\"}\n");
      }
    }
    sb.append("{broken\n");
    byte[] in = sb.toString().getBytes(StandardCharsets.UTF_8);
    SelectRun r = SelectRun.of(Query.everything(), new SelectOptions(OutputFormat.IDS, true, null), in);
    assertThat(r.out()).hasSize(n + 1);
    assertThat(r.out().get(29_999)).isEqualTo("30000");
    assertThat(r.out().get(30_000)).isEqualTo("0");
    assertThat(r.out().get(n)).isEqualTo(String.valueOf(n));
    assertThat(r.diagnostics()).singleElement().asString().startsWith("skipped <test> line " + (n + 2) + ":");
  }
}
