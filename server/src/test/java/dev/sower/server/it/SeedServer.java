package dev.sower.server.it;

import dev.sower.server.SeedingService;
import dev.sower.server.http.HttpListener;
import dev.sower.server.seed.SeedTorrent;
import dev.sower.server.seed.TorrentFileReader;
import dev.sower.server.testing.SeederFixture;
import dev.sower.server.tracker.EmbeddedTracker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The seeding half of {@code sower serve} as the lead will wire it, for tests: HTTP listener with
 * the embedded tracker on loopback, then the seeding service announcing to it.
 */
public final class SeedServer implements AutoCloseable {
  public final EmbeddedTracker tracker;
  public final HttpListener http;
  public SeedingService seeding;

  private SeedServer(EmbeddedTracker tracker, HttpListener http) {
    this.tracker = tracker;
    this.http = http;
  }

  /** Starts only the HTTP side (so tests can make torrents that announce to it). */
  public static SeedServer http(Path releaseDir) throws IOException {
    EmbeddedTracker tracker = new EmbeddedTracker(4, 1000, java.time.Clock.systemUTC());
    HttpListener http = HttpListener.start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tracker, () -> releaseDir, 2);
    return new SeedServer(tracker, http);
  }

  public String announceUrl() {
    return "http://127.0.0.1:" + http.address().getPort() + "/announce";
  }

  /** Starts seeding every torrent in {@code torrents}. */
  public SeedingService seed(Path dataset, Path torrents, Path state) throws IOException {
    return seed(dataset, torrents, state, UnaryOperator.identity());
  }

  /** Starts seeding every torrent in {@code torrents} with options changed by {@code tune}. */
  public SeedingService seed(Path dataset, Path torrents, Path state,
      UnaryOperator<SeedingService.Options> tune) throws IOException {
    List<byte[]> hashes = new ArrayList<>();
    try (Stream<Path> s = Files.list(torrents)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".torrent")).toList()) {
        SeedTorrent t = TorrentFileReader.read(p);
        hashes.add(t.infoHash());
      }
    }
    tracker.setTorrents(hashes);
    seeding = SeedingService.start(tune.apply(SeedingService.Options.defaults(dataset, torrents,
        state, InetAddress.getLoopbackAddress(), freePort())
        .withAnnounceUrls(List.of(announceUrl()))));
    return seeding;
  }

  /** Waits until the tracker has seen the seeder announce every torrent. */
  public void awaitSeederAnnounced(Duration timeout) throws Exception {
    SeederFixture.awaitSeeders(tracker, null, 1, timeout, () -> "(in-process seeder)");
  }

  public static int freePort() throws IOException {
    return SeederFixture.freePort();
  }

  @Override
  public void close() {
    if (seeding != null) {
      seeding.stop(Duration.ofSeconds(3));
    }
    http.stop(0);
  }
}
