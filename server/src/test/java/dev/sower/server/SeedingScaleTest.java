package dev.sower.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.server.testing.ManyFiles;
import dev.sower.server.testing.TestTorrents;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 100k-file torrent: the first start hashes everything once, the restart trusts every file by
 * its stamp, reads no data, and keeps the heap per file small. Bounds are generous (goals: under
 * 2 s and 300 B per file) so that regressions show without flaking on a busy machine.
 */
class SeedingScaleTest {
  static final int FILES = 100_000;

  @TempDir
  Path tmp;

  @Test
  void restartOfA100kFileTorrentReadsNoDataAndStaysSmall() throws Exception {
    Path dataset = tmp.resolve("dataset");
    long t0 = System.nanoTime();
    List<String> paths = ManyFiles.create(dataset, FILES, 3);
    Path torrents = Files.createDirectories(tmp.resolve("release"));
    TestTorrents.write(dataset, paths, 256 * 1024, null,
        torrents.resolve("dataset.torrent"));
    long datasetBytes = 0;
    for (String p : paths) {
      datasetBytes += Files.size(dataset.resolve(p));
    }
    System.out.printf("scale: %d files, %d bytes made in %d ms%n", FILES, datasetBytes,
        (System.nanoTime() - t0) / 1_000_000);
    SeedingService.Options options = SeedingService.Options.defaults(dataset, torrents,
        tmp.resolve("state"), InetAddress.getLoopbackAddress(), 0);

    long first = System.nanoTime();
    try (SeedingService s = SeedingService.start(options)) {
      assertThat(s.summaries().get(0).hashed()).isEqualTo(s.summaries().get(0).pieces());
      assertThat(s.summaries().get(0).failed()).isZero();
      System.out.printf("scale: first start (full hash) %d ms, read %d bytes%n",
          (System.nanoTime() - first) / 1_000_000, s.datasetBytesRead());
    }

    long before = usedHeapAfterGc();
    long second = System.nanoTime();
    SeedingService s = SeedingService.start(options);
    try {
      long startMillis = (System.nanoTime() - second) / 1_000_000;
      long perFile = (usedHeapAfterGc() - before) / FILES;
      System.out.printf("scale: restart %d ms, read %d bytes, heap %d B/file (%s)%n",
          startMillis, s.datasetBytesRead(), perFile, s.summaries().get(0));
      assertThat(s.summaries().get(0).trusted()).isEqualTo(s.summaries().get(0).pieces());
      assertThat(s.datasetBytesRead()).isZero();
      assertThat(startMillis).isLessThan(Duration.ofSeconds(10).toMillis());
      assertThat(perFile).isLessThan(1000);
    } finally {
      s.stop(Duration.ofSeconds(1));
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
