package dev.sower.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Multi-block xz files decoded on several threads give the same bytes as the streaming decoder. */
class ParallelXzTest {
  @TempDir Path tmp;

  /** {@code data} as xz with a new block every {@code blockBytes}. */
  static byte[] multiBlock(byte[] data, int blockBytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options(1))) {
      for (int at = 0; at < data.length; at += blockBytes) {
        xz.write(data, at, Math.min(blockBytes, data.length - at));
        xz.endBlock();
      }
    }
    return out.toByteArray();
  }

  static byte[] tar(int perEntry) throws Exception {
    try (InputStream in = new org.apache.commons.compress.compressors.xz.XZCompressorInputStream(
        new java.io.ByteArrayInputStream(BadInputTest.tarXz(perEntry)))) {
      return in.readAllBytes();
    }
  }

  @Test
  void decodesBlocksInOrderWhateverTheReadSizes() throws Exception {
    byte[] data = new byte[3_000_000];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ('a' + r.nextInt(4));
    }
    Path file = tmp.resolve("m.xz");
    Files.write(file, multiBlock(data, 100_000));
    try (InputStream in = ParallelXzInputStream.openIfWorthwhile(file, 3)) {
      assertThat(in).isNotNull();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[7777];
      got.write(in.read());
      for (int n; (n = in.read(buf, 0, 1 + r.nextInt(buf.length))) > 0; ) {
        got.write(buf, 0, n);
      }
      assertThat(Arrays.equals(got.toByteArray(), data)).isTrue();
    }
  }

  @Test
  void singleBlockFilesAndOneThreadAreLeftToTheStreamingDecoder() throws Exception {
    Path one = tmp.resolve("one.xz");
    Files.write(one, multiBlock(new byte[1000], 1 << 20));
    assertThat(ParallelXzInputStream.openIfWorthwhile(one, 4)).isNull();
    Path two = tmp.resolve("two.xz");
    Files.write(two, multiBlock(new byte[1000], 500));
    assertThat(ParallelXzInputStream.openIfWorthwhile(two, 1)).isNull();
  }

  @Test
  void multiBlockArchiveSelectsLikeTheSingleBlockOne() throws Exception {
    byte[] tar = tar(5000);
    Path multi = tmp.resolve("multi.tar.xz");
    Files.write(multi, multiBlock(tar, 64 * 1024));
    Path single = tmp.resolve("single.tar.xz");
    Files.write(single, BadInputTest.tarXz(5000));
    SelectOptions ids = new SelectOptions(OutputFormat.IDS, false, null);
    SelectRun a = SelectRun.of(Query.everything(), ids, new MetadataSource.File(multi));
    SelectRun b = SelectRun.of(Query.everything(), ids, new MetadataSource.File(single));
    assertThat(a.out()).hasSize(10_000).isEqualTo(b.out());
  }

  @Test
  void truncatedOrCorruptMultiBlockArchiveFails() throws Exception {
    byte[] xz = multiBlock(tar(5000), 64 * 1024);
    Path cut = tmp.resolve("cut.tar.xz");
    Files.write(cut, Arrays.copyOf(xz, xz.length * 2 / 3));
    assertThatThrownBy(() -> SelectRun.of(Query.everything(), new SelectOptions(OutputFormat.IDS, false, null),
        new MetadataSource.File(cut)))
        .isInstanceOf(SelectException.class).hasMessageContaining("truncated or corrupt");
    byte[] bad = xz.clone();
    for (int i = xz.length / 2; i < xz.length / 2 + 40; i++) {
      bad[i] ^= 0x33;
    }
    Path corrupt = tmp.resolve("corrupt.tar.xz");
    Files.write(corrupt, bad);
    assertThatThrownBy(() -> SelectRun.of(Query.everything(), new SelectOptions(OutputFormat.IDS, false, null),
        new MetadataSource.File(corrupt)))
        .isInstanceOf(SelectException.class).hasMessageContaining("corrupt");
  }
}
