package dev.sower.torrent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.torrent.scan.ScannedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FileListWriterTest {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  @Test
  void linesMatchTheFormatterForAnyTime() throws IOException {
    Random r = new Random(11);
    List<ScannedFile> files = new ArrayList<>();
    StringBuilder want = new StringBuilder();
    // mtimes in nanoseconds span 1677-2262
    long[] seconds = {0, -1, 1, 1_700_000_000L, 951_782_400L, 4_107_456_000L, -9_000_000_000L,
        9_200_000_000L};
    for (int i = 0; i < 2000; i++) {
      long s = i < seconds.length ? seconds[i] : r.nextLong() % 9_000_000_000L;
      long nanos = s * 1_000_000_000L + (i % 3 == 0 ? 0 : r.nextInt(1_000_000_000));
      long size = i % 5 == 0 ? 0 : r.nextLong() >>> (1 + r.nextInt(63));
      String name = "original/0001/" + i + (i % 7 == 0 ? "\t\\a\nb\rc" : "") + ".jpg";
      files.add(new ScannedFile(name.getBytes(StandardCharsets.UTF_8), size, nanos, i, -1));
      want.append(size).append('\t')
          .append(TIME.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L))))
          .append('\t')
          .append(name.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
              .replace("\r", "\\r"))
          .append('\n');
    }
    assertThat(new String(FileListWriter.text(files).bytes(), StandardCharsets.UTF_8))
        .isEqualTo(want.toString());
  }
}
