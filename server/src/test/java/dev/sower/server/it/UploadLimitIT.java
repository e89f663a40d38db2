package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.server.SeedingService;
import dev.sower.server.bt.SwarmSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * aria2c downloads a 10 MiB torrent from Sower alone with and without upload rate limits: at
 * 2 MB/s the transfer cannot take less than the bytes over the rate, minus the limiter's burst.
 */
class UploadLimitIT {
  private static final int FILES = 10;
  private static final int FILE_BYTES = 1 << 20;
  private static final long TOTAL = (long) FILES * FILE_BYTES;
  private static final long RATE = 2_000_000;
  /** The limiter's burst at 2 MB/s (a quarter second) plus one 16 KiB block. */
  private static final long BURST = RATE / 4 + 16 * 1024;

  @TempDir
  Path tmp;
  Path dataset;

  @BeforeEach
  void writeDataset() throws Exception {
    dataset = Files.createDirectories(tmp.resolve("data"));
    Random random = new Random(42);
    byte[] bytes = new byte[FILE_BYTES];
    for (int i = 0; i < FILES; i++) {
      random.nextBytes(bytes);
      Files.write(dataset.resolve("file-" + i + ".bin"), bytes);
    }
  }

  /** Seconds from the first block served to aria2c's exit, after checking the bytes. */
  private double download(String run, UnaryOperator<SeedingService.Options> tune)
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(run));
    try (SampleRelease release = SampleRelease.seed(dir, dataset, 256, tune)) {
      Path out = Files.createDirectories(dir.resolve("aria2"));
      long start = System.nanoTime();
      Proc.run(dir.resolve("aria2.log"), dir, Duration.ofSeconds(120),
          Aria2.download(release.torrent, out));
      long end = System.nanoTime();
      assertThat(Trees.differences(dataset, out.resolve("data"))).isEmpty();
      long first = release.server.seeding.firstServedNanos();
      assertThat(first).isBetween(start, end);
      double seconds = (end - first) / 1e9;
      System.out.printf("%s: %d bytes in %.2f s after the first block (%.2f MB/s), aria2c ran"
          + " %.2f s%n", run, TOTAL, seconds, TOTAL / seconds / 1e6, (end - start) / 1e9);
      return seconds;
    }
  }

  private static UnaryOperator<SeedingService.Options> limits(long global, long perTorrent) {
    return o -> o.withSwarm(new SwarmSettings(SwarmSettings.Dht.OFF, global, perTorrent));
  }

  @Test
  void theGlobalAndPerTorrentLimitsHoldAndWithoutThemItIsMuchFaster() throws Exception {
    double floor = (TOTAL - BURST) / (double) RATE;
    double global = download("global", limits(RATE, 0));
    double perTorrent = download("per-torrent", limits(0, RATE));
    double free = download("unlimited", UnaryOperator.identity());
    assertThat(global).as("global limit").isGreaterThanOrEqualTo(floor)
        .isLessThan(floor * 2.5);
    assertThat(perTorrent).as("per-torrent limit").isGreaterThanOrEqualTo(floor)
        .isLessThan(floor * 2.5);
    // Loopback without a limit runs at tens of MB/s when the machine is idle; under load the
    // fixed costs (first-serve hashing, aria2c finishing) dominate, so compare with the limited.
    assertThat(free).as("unlimited").isLessThan(Math.min(global, perTorrent) / 2);
  }
}
