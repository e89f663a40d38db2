package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.server.SeedingService;
import dev.sower.server.testing.ManyFiles;
import dev.sower.server.testing.TestTorrents;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart on a 100k-file sample. The first start hashes everything once and saves the file
 * stamps; the restart trusts every file by its stamp, reads no data to start, keeps the heap per
 * file small and serves the first piece to an aria2c that was already waiting, reading only the
 * pieces it serves or hashes ahead. Bounds are
 * generous (goals: start under 2 s, under 300 B per file) so regressions show without flaking.
 */
class RestartIT {
  static final int FILES = 100_000;

  @TempDir
  Path tmp;

  @Test
  void restartServesTheFirstPieceQuicklyWithoutRereadingTheDataset() throws Exception {
    long t = System.nanoTime();
    Path dataset = tmp.resolve("dataset");
    List<String> paths = ManyFiles.create(dataset, FILES, 5);
    long datasetBytes = 0;
    for (String p : paths) {
      datasetBytes += Files.size(dataset.resolve(p));
    }
    Path torrents = Files.createDirectories(tmp.resolve("release"));
    Path state = tmp.resolve("state");
    try (SeedServer server = SeedServer.http(torrents)) {
      Path torrent = torrents.resolve("dataset.torrent");
      TestTorrents.write(dataset, paths, 1 << 20, server.announceUrl(), torrent);
      System.out.printf("restart: %d files, %d bytes and their torrent made in %d ms%n", FILES,
          datasetBytes, ms(t));

      t = System.nanoTime();
      SeedingService first = server.seed(dataset, torrents, state);
      System.out.printf("restart: first start (hashes everything) %d ms, read %d bytes%n", ms(t),
          first.datasetBytesRead());
      first.stop(Duration.ofSeconds(2));
      server.seeding = null;

      Path out = Files.createDirectories(tmp.resolve("aria2"));
      try (Proc aria2 = Proc.start(tmp.resolve("aria2.log"), tmp,
          Aria2.download(torrent, out, "--select-file=1"))) {
        awaitLeecher(server, aria2);
        long heapBefore = usedHeapAfterGc();
        long t0 = System.nanoTime();
        SeedingService seeding = server.seed(dataset, torrents, state);
        long startMillis = ms(t0);
        long heapPerFile = (usedHeapAfterGc() - heapBefore) / FILES;
        assertThat(seeding.startupBytesRead()).as("bytes read to start").isZero();
        assertThat(aria2.waitFor(Duration.ofSeconds(60))).as("aria2c exit code").isZero();
        long firstPieceMillis = (seeding.firstServedNanos() - t0) / 1_000_000;
        System.out.printf("restart: start %d ms, first piece served %d ms after start, heap %d B"
                + " per file, read %d of %d bytes%n", startMillis, firstPieceMillis, heapPerFile,
            seeding.datasetBytesRead(), datasetBytes);

        assertThat(Files.readAllBytes(out.resolve("dataset/original/0000/0.jpg")))
            .isEqualTo(Files.readAllBytes(dataset.resolve("original/0000/0.jpg")));
        assertThat(seeding.summaries().get(0).trusted())
            .isEqualTo(seeding.summaries().get(0).pieces());
        assertThat(firstPieceMillis).isBetween(0L, 10_000L);
        // Piece 0 hashed and served, two pieces hashed ahead: 4 pieces of 1 MiB at most.
        assertThat(seeding.datasetBytesRead()).isLessThanOrEqualTo(4L << 20);
        assertThat(heapPerFile).isLessThan(1000);
      }
    }
  }

  private static void awaitLeecher(SeedServer server, Proc aria2) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (server.tracker.counts().stream().noneMatch(c -> c.leechers() > 0)) {
      if (System.nanoTime() > deadline || !aria2.isAlive()) {
        throw new AssertionError("aria2c did not announce:\n" + aria2.output());
      }
      Thread.sleep(100);
    }
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
