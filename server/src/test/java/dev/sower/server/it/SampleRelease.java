package dev.sower.server.it;

import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import dev.sower.server.SeedingService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A sample dataset, its torrent (made by mktorrent, announcing to the embedded tracker) and the
 * seeder serving it on loopback.
 */
public final class SampleRelease implements AutoCloseable {
  public final Path dataset;
  public final Path torrents;
  public final Path torrent;
  public final SeedServer server;

  private SampleRelease(Path dataset, Path torrents, Path torrent, SeedServer server) {
    this.dataset = dataset;
    this.torrents = torrents;
    this.torrent = torrent;
    this.server = server;
  }

  /** Generates {@code images} sample images under {@code tmp} and starts seeding them. */
  public static SampleRelease start(Path tmp, int images, int pieceKib) throws Exception {
    return start(tmp, images, pieceKib, UnaryOperator.identity());
  }

  /** As {@link #start(Path, int, int)} with seeding options changed by {@code tune}. */
  public static SampleRelease start(Path tmp, int images, int pieceKib,
      UnaryOperator<SeedingService.Options> tune) throws Exception {
    Path dataset = tmp.resolve("sample");
    new SampleGenerator(s -> { }).generate(new SampleOptions(dataset, images, 7, 2026, 24));
    return seed(tmp, dataset, pieceKib, tune);
  }

  /** Makes a torrent of {@code dataset} and starts seeding it. */
  public static SampleRelease seed(Path tmp, Path dataset, int pieceKib) throws Exception {
    return seed(tmp, dataset, pieceKib, UnaryOperator.identity());
  }

  /** Makes a torrent of {@code dataset} and starts seeding it with options changed by tune. */
  public static SampleRelease seed(Path tmp, Path dataset, int pieceKib,
      UnaryOperator<SeedingService.Options> tune) throws Exception {
    Path torrents = Files.createDirectories(tmp.resolve("release"));
    SeedServer server = SeedServer.http(torrents);
    try {
      Path torrent = torrents.resolve("sample.torrent");
      int log2 = Integer.numberOfTrailingZeros(pieceKib * 1024);
      Proc.run(tmp.resolve("mktorrent.log"), tmp, Duration.ofSeconds(120), List.of("mktorrent",
          "-a", server.announceUrl(), "-l", Integer.toString(log2), "-o", torrent.toString(),
          dataset.toString()));
      server.seed(dataset, torrents, tmp.resolve("state"), tune);
      server.awaitSeederAnnounced(Duration.ofSeconds(20));
      return new SampleRelease(dataset, torrents, torrent, server);
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
