package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.torrent.meta.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sower serve} announcing to a real external tracker (Debian's opentracker) over HTTP and
 * UDP, and to a dead one: {@code /metrics} counts the announces by result and shows the
 * tracker's own scrape of every swarm (this seeder alone) with {@code source="external"}.
 */
class ExternalTrackerMetricsIT {
  @TempDir
  Path tmp;

  @Test
  void announcesAndScrapesOfExternalTrackers() throws Exception {
    int httpPort = SeedServer.freePort();
    MadeSample sample = MadeSample.make(tmp, 120, 2, "http://127.0.0.1:" + httpPort + "/announce");
    Manifest manifest = sample.manifest();
    List<String> hashes = manifest.torrents().stream().map(Manifest.Torrent::infoHash).toList();
    String dead = "http://127.0.0.1:" + SeedServer.freePort() + "/announce";

    try (OpenTracker tracker = OpenTracker.start(tmp, hashes)) {
      Path yaml = ServeYaml.seeding(sample.dataset(), sample.release(), tmp.resolve("state"),
          httpPort, SeedServer.freePort())
          .announce(tracker.httpAnnounce(), tracker.udpAnnounce(), dead)
          .write(tmp.resolve("sower.yaml"));
      try (InProcessServe serve = InProcessServe.start(Duration.ofSeconds(60),
          Pattern.compile("seeding \\d+ torrents"), "serve", "--config", yaml.toString())) {
        String metrics = "http://127.0.0.1:" + httpPort + "/metrics";
        String external = "source=\"external\"";
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        ScrapeText m = ScrapeText.of(metrics);
        while (!allSeen(m, manifest) && System.nanoTime() < deadline) {
          Thread.sleep(500);
          m = ScrapeText.of(metrics);
        }
        for (Manifest.Torrent t : manifest.torrents()) {
          String id = "torrent=\"" + t.name() + "\"";
          // one "started" to opentracker over HTTP and one over UDP (its interval is long);
          // the embedded tracker's announces are not counted
          assertThat(m.value("sower_bt_announces_seconds_count", id, "result=\"success\""))
              .as(t.name() + "\n" + m.text()).isEqualTo(2);
          // the dead tracker refuses the connection; Bt retries only after a minute
          assertThat(m.value("sower_bt_announces_seconds_count", id, "result=\"failure\""))
              .isEqualTo(1);
          assertThat(m.value("sower_bt_announces_seconds_bucket", id, "result=\"success\"",
              "le=\"5.0\"")).isEqualTo(2);
          assertThat(m.value("sower_bt_swarm_seeders", id, external)).as(t.name()).isEqualTo(1);
          assertThat(m.value("sower_bt_swarm_leechers", id, external)).isZero();
          assertThat(m.value("sower_bt_swarm_completed_total", id, external)).isZero();
          assertThat(m.value("sower_bt_swarm_seeders", id, "source=\"embedded\""))
              .isEqualTo(1);
        }
        assertThat(serve.stop()).isEqualTo(130);
      }
    }
  }

  private static boolean allSeen(ScrapeText m, Manifest manifest) {
    for (Manifest.Torrent t : manifest.torrents()) {
      String id = "torrent=\"" + t.name() + "\"";
      if (!(m.value("sower_bt_announces_seconds_count", id, "result=\"success\"") >= 2
          && m.value("sower_bt_announces_seconds_count", id, "result=\"failure\"") >= 1
          && m.value("sower_bt_swarm_seeders", id, "source=\"external\"") == 1)) {
        return false;
      }
    }
    return true;
  }
}
