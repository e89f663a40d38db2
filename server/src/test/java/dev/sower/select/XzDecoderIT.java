package dev.sower.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The native {@code xz} decoder against xz-java: same selection from a whole archive, and a
 * truncated or corrupt archive reported the same way (archive, entry, last line) by both.
 */
class XzDecoderIT {
  @TempDir Path tmp;

  private static final SelectOptions IDS = new SelectOptions(OutputFormat.IDS, false, null);

  @Test
  void nativeXzIsInstalled() {
    assertThat(XzDecoder.nativeProgram()).as("xz on the PATH (Debian package xz-utils)").isNotNull();
  }

  @Test
  void bothDecodersSelectTheSameFromAWholeArchive() throws Exception {
    Path whole = tmp.resolve("whole.tar.xz");
    Files.write(whole, BadInputTest.tarXz(3000));
    SelectRun j = SelectRun.of(Query.everything(), IDS, new MetadataSource.File(whole, XzDecoder.JAVA));
    SelectRun n = SelectRun.of(Query.everything(), IDS, new MetadataSource.File(whole, XzDecoder.NATIVE));
    SelectRun a = SelectRun.of(Query.everything(), IDS, new MetadataSource.File(whole, XzDecoder.AUTO));
    assertThat(j.out()).hasSize(6000);
    assertThat(n.out()).isEqualTo(j.out());
    assertThat(a.out()).isEqualTo(j.out());
  }

  @ParameterizedTest
  @EnumSource(value = XzDecoder.class, names = {"JAVA", "NATIVE"})
  void truncatedArchiveNamesTheEntryAndLastLine(XzDecoder decoder) throws Exception {
    byte[] archive = BadInputTest.tarXz(2000);
    Path cut = tmp.resolve("cut.tar.xz");
    Files.write(cut, Arrays.copyOf(archive, archive.length * 3 / 4));
    assertThatThrownBy(() -> SelectRun.of(Query.everything(), IDS, new MetadataSource.File(cut, decoder)))
        .isInstanceOf(SelectException.class)
        .hasMessageMatching("cut\\.tar\\.xz: 2026/000001\\.json: input ends early \\(truncated or corrupt\\)"
            + " after line \\d+.*");
    if (decoder == XzDecoder.NATIVE) {
      assertThatThrownBy(() -> SelectRun.of(Query.everything(), IDS, new MetadataSource.File(cut, decoder)))
          .hasMessageEndingWith("xz exited with status 1 (Unexpected end of input)");
    }
    Path early = tmp.resolve("early.tar.xz");
    Files.write(early, Arrays.copyOf(archive, 100));
    assertThatThrownBy(() -> SelectRun.of(Query.everything(), IDS, new MetadataSource.File(early, decoder)))
        .isInstanceOf(SelectException.class)
        .hasMessageStartingWith("early.tar.xz: ")
        .hasMessageContaining("truncated or corrupt");
  }

  @ParameterizedTest
  @EnumSource(value = XzDecoder.class, names = {"JAVA", "NATIVE"})
  void corruptArchiveFails(XzDecoder decoder) throws Exception {
    byte[] archive = BadInputTest.tarXz(500);
    for (int i = 200; i < 260; i++) {
      archive[i] ^= 0x5a;
    }
    Path bad = tmp.resolve("bad.tar.xz");
    Files.write(bad, archive);
    assertThatThrownBy(() -> SelectRun.of(Query.everything(), IDS, new MetadataSource.File(bad, decoder)))
        .isInstanceOf(SelectException.class)
        .hasMessageStartingWith("bad.tar.xz: ")
        .hasMessageContaining("corrupt");
  }

  @Test
  void closingTheStreamEndsTheProcess() throws Exception {
    Path big = tmp.resolve("big.xz");
    // 64 MiB of zeros compresses to a few KB but takes xz a while to write through a pipe nobody reads.
    Process xz = new ProcessBuilder("sh", "-c", "head -c 67108864 /dev/zero | xz -0 > '" + big + "'")
        .inheritIO().start();
    assertThat(xz.waitFor(60, TimeUnit.SECONDS)).isTrue();
    NativeXzInputStream in = NativeXzInputStream.open(XzDecoder.nativeProgram(), big);
    byte[] buf = new byte[4096];
    assertThat(in.read(buf)).isPositive();
    List<ProcessHandle> children = ProcessHandle.current().children()
        .filter(p -> p.info().command().orElse("").endsWith("xz")).toList();
    assertThat(children).isNotEmpty();
    in.close();
    for (ProcessHandle c : children) {
      c.onExit().get(5, TimeUnit.SECONDS);
      assertThat(c.isAlive()).isFalse();
    }
  }

  @Test
  void nativeDecoderGivesTheBytesXzJavaGives() throws Exception {
    byte[] archive = BadInputTest.tarXz(1000);
    Path f = tmp.resolve("a.xz");
    Files.write(f, archive);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (InputStream in = NativeXzInputStream.open(XzDecoder.nativeProgram(), f)) {
      in.transferTo(got);
    }
    byte[] want;
    try (InputStream in = new org.apache.commons.compress.compressors.xz.XZCompressorInputStream(
        new java.io.ByteArrayInputStream(archive))) {
      want = in.readAllBytes();
    }
    assertThat(got.toByteArray()).isEqualTo(want);
  }
}
