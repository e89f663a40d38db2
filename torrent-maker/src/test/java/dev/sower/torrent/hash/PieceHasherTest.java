package dev.sower.torrent.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sower.torrent.MakeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceHasherTest {
  @TempDir Path tmp;

  /** Files of awkward sizes (empty, one byte, piece-sized, multi-unit) across piece boundaries. */
  @Test
  void hashesPiecesAcrossFileBoundariesLikeOneConcatenatedStream() throws Exception {
    int[] sizes = {0, 1, 16383, 16384, 16385, 0, 5, 40 << 20, 3, 0};
    SplittableRandom rnd = new SplittableRandom(9);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<HashJob.PayloadFile> files = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      byte[] b = new byte[sizes[i]];
      rnd.nextBytes(b);
      Files.write(tmp.resolve("f" + i), b);
      all.writeBytes(b);
      files.add(new HashJob.PayloadFile(("f" + i).getBytes(StandardCharsets.UTF_8), b.length));
    }
    byte[] data = all.toByteArray();
    for (long pl : new long[] {16384, 1 << 20, 32 << 20}) {
      byte[] want = reference(data, pl);
      LongAdder progress = new LongAdder();
      List<HashResult> r = new PieceHasher(3, false, progress)
          .hash(List.of(new HashJob(tmp, files, pl, 0), new HashJob(tmp, files, pl, 2)));
      assertThat(r.get(0).pieces()).as("piece length %d", pl).isEqualTo(want);
      // the second job skipped its first two pieces: zeros there, the rest equal
      byte[] skipped = r.get(1).pieces();
      assertThat(Arrays.copyOfRange(skipped, 0, 40)).containsOnly(0);
      assertThat(Arrays.copyOfRange(skipped, 40, skipped.length))
          .isEqualTo(Arrays.copyOfRange(want, 40, want.length));
      assertThat(progress.sum()).isEqualTo(2L * data.length - Math.min(data.length, 2 * pl));
    }
  }

  @Test
  void strictModeNamesAMissingFile() throws Exception {
    Files.write(tmp.resolve("a"), new byte[100]);
    List<HashJob.PayloadFile> files = List.of(
        new HashJob.PayloadFile("a".getBytes(StandardCharsets.UTF_8), 100),
        new HashJob.PayloadFile("gone".getBytes(StandardCharsets.UTF_8), 100));
    assertThatThrownBy(() -> new PieceHasher(2, false, new LongAdder())
        .hash(List.of(new HashJob(tmp, files, 16384, 0))))
        .isInstanceOf(MakeException.class).hasMessage("gone vanished during the make");
  }

  @Test
  void tolerantModeMarksThePiecesOfAShortFile() throws Exception {
    Files.write(tmp.resolve("a"), new byte[20000]);
    Files.write(tmp.resolve("b"), new byte[100]); // torrent says 40000
    Files.write(tmp.resolve("c"), new byte[10000]);
    List<HashJob.PayloadFile> files = List.of(
        new HashJob.PayloadFile("a".getBytes(StandardCharsets.UTF_8), 20000),
        new HashJob.PayloadFile("b".getBytes(StandardCharsets.UTF_8), 40000),
        new HashJob.PayloadFile("c".getBytes(StandardCharsets.UTF_8), 10000));
    HashResult r = new PieceHasher(2, true, new LongAdder())
        .hash(List.of(new HashJob(tmp, files, 16384, 0))).get(0);
    // b's missing bytes are payload 20100..59999: pieces 1, 2, 3
    assertThat(r.unreadable().stream().boxed().toList()).containsExactly(1, 2, 3);
    assertThat(r.problems()).containsExactly("b is shorter than 40000 bytes (ends at byte 100)");
  }

  private static byte[] reference(byte[] data, long pl) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long off = 0; off < data.length; off += pl) {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      md.update(data, (int) off, (int) Math.min(pl, data.length - off));
      out.writeBytes(md.digest());
    }
    return out.toByteArray();
  }
}
