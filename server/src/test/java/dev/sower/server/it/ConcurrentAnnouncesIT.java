package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.torrent.meta.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several torrents of one {@code sower serve} announcing to the same HTTP tracker at once: Bt
 * queries every torrent's trackers together each round, and its stock HTTP tracker client has a
 * single connection per tracker, so all but one of those announces used to fail ("Connection is
 * still allocated"). Here an external HTTP tracker with a 4 s interval and the embedded one with
 * a 4 s interval are announced to by every torrent over several rounds, and none may fail.
 */
class ConcurrentAnnouncesIT {
  /** Announces per torrent to the external tracker: "started", then queries in later rounds. */
  private static final int ROUNDS = 3;

  @TempDir
  Path tmp;

  @Test
  void everyTorrentReachesASharedHttpTrackerEveryRound() throws Exception {
    int httpPort = SeedServer.freePort();
    MadeSample sample = MadeSample.make(tmp, 120, 6, "http://127.0.0.1:" + httpPort + "/announce");
    Manifest manifest = sample.manifest();
    assertThat(manifest.torrents()).hasSizeGreaterThanOrEqualTo(4);
    List<byte[]> hashes = manifest.torrents().stream()
        .map(t -> HexFormat.of().parseHex(t.infoHash())).toList();

    // another host's tracker: our embedded tracker on a listener of its own, interval 4 s
    try (SeedServer external = SeedServer.http(Files.createDirectories(tmp.resolve("none")))) {
      external.tracker.setTorrents(hashes);
      Path yaml = ServeYaml.seeding(sample.dataset(), sample.release(), tmp.resolve("state"),
          httpPort, SeedServer.freePort()).announce(external.announceUrl()).trackerInterval(4)
          .write(tmp.resolve("sower.yaml"));
      try (InProcessServe serve = InProcessServe.start(Duration.ofSeconds(60),
          Pattern.compile("seeding \\d+ torrents"), "serve", "--config", yaml.toString())) {
        String metrics = "http://127.0.0.1:" + httpPort + "/metrics";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ScrapeText m = ScrapeText.of(metrics);
        while (!allRoundsDone(m, manifest) && !anyUnsuccessful(m)
            && System.nanoTime() < deadline) {
          Thread.sleep(500);
          m = ScrapeText.of(metrics);
        }
        for (Manifest.Torrent t : manifest.torrents()) {
          String id = "torrent=\"" + t.name() + "\"";
          assertThat(m.sum("sower_bt_announces_seconds_count", id, "result=\"failure\""))
              .as("failed announces of " + t.name() + "\n" + serve.output() + m.text()).isZero();
          assertThat(m.sum("sower_bt_announces_seconds_count", id, "result=\"timeout\""))
              .as("timed-out announces of " + t.name()).isZero();
          assertThat(m.sum("sower_bt_announces_seconds_count", id, "result=\"success\""))
              .as("announces of " + t.name()).isGreaterThanOrEqualTo(ROUNDS);
          // the embedded tracker forgets a seeder silent for two of its 4 s intervals (8 s);
          // Bt re-announces every 5 s
          assertThat(m.value("sower_bt_swarm_seeders", id, "source=\"embedded\""))
              .as("embedded tracker's seeders of " + t.name()).isEqualTo(1);
        }
        assertThat(external.tracker.announces())
            .isGreaterThanOrEqualTo((long) ROUNDS * manifest.torrents().size());
        assertThat(serve.stop()).isEqualTo(130);
      }
    }
  }

  private static boolean allRoundsDone(ScrapeText m, Manifest manifest) {
    return manifest.torrents().stream().allMatch(t -> m.sum("sower_bt_announces_seconds_count",
        "torrent=\"" + t.name() + "\"", "result=\"success\"") >= ROUNDS);
  }

  private static boolean anyUnsuccessful(ScrapeText m) {
    return m.sum("sower_bt_announces_seconds_count", "result=\"failure\"") > 0
        || m.sum("sower_bt_announces_seconds_count", "result=\"timeout\"") > 0;
  }
}
