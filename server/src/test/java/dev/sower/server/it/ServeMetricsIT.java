package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.torrent.meta.Manifest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sower serve} on a made sample: the first start trusts make's state (no hashing), aria2c
 * downloads one torrent and rsync lists a subset, and {@code /metrics} shows exactly that: the
 * downloader in the torrent's swarm and among its connected, interested peers, its bytes and
 * pieces, one completion, the dataset census; the scrape passes {@code promtool check metrics},
 * and a real Prometheus scraping the daemon returns the upload total through its query API.
 */
class ServeMetricsIT {
  @TempDir
  Path tmp;

  @Test
  void metricsFollowOneTorrentDownloadAndOneRsyncListing() throws Exception {
    int httpPort = SeedServer.freePort();
    int btPort = SeedServer.freePort();
    MadeSample sample = MadeSample.make(tmp, 400, 2, "http://127.0.0.1:" + httpPort + "/announce");
    Path data = sample.dataset();
    Path release = sample.release();
    Manifest manifest = sample.manifest();
    Manifest.Torrent pick = manifest.torrents().stream()
        .filter(t -> t.tree().equals("original"))
        .min(Comparator.comparingLong(Manifest.Torrent::payloadBytes)).orElseThrow();
    String http = "http://127.0.0.1:" + httpPort;

    // the config binds everything to loopback; flags override some of it
    Path yaml = tmp.resolve("sower.yaml");
    Files.writeString(yaml, """
        dataset: /srv/elsewhere
        torrents: %s
        state-dir: /var/lib/sower
        http:
          listen: 127.0.0.1:1
        bittorrent:
          listen: 127.0.0.1:1
        rsync:
          listen: 127.0.0.1:0
          modules:
            - name: sower
        """.formatted(release));
    try (InProcessServe serve = InProcessServe.start(Duration.ofSeconds(60),
        Pattern.compile("seeding \\d+ torrents"), "serve", "--config", yaml.toString(),
        "--dataset", data.toString(), "--state-dir", tmp.resolve("state").toString(),
        "--http-listen", "127.0.0.1:" + httpPort, "--bt-port", "" + btPort)) {
      String out = serve.output();
      int rsyncPort = Integer.parseInt(serve.await(
          Pattern.compile("module sower from .* on 127\\.0\\.0\\.1:(\\d+)"), Duration.ZERO));
      // make's state seeds the trust stamps: the first start hashes nothing
      assertThat(out).containsPattern("\\((\\d+) of \\1 pieces trusted without hashing\\)");
      assertThat(ScrapeText.get(http + "/health").statusCode()).isEqualTo(200);

      Path torrentFile = tmp.resolve(pick.file());
      HttpResponse<byte[]> t = ScrapeText.get(http + "/torrents/" + pick.file());
      assertThat(t.statusCode()).isEqualTo(200);
      assertThat(t.body()).isEqualTo(Files.readAllBytes(release.resolve(pick.file())));
      Files.write(torrentFile, t.body());

      // slow enough (about 3 s) to see the downloader in the swarm while it runs
      long limit = Math.max(16_384, pick.payloadBytes() / 3);
      Path got = Files.createDirectories(tmp.resolve("aria2"));
      String id = "torrent=\"" + pick.name() + "\"";
      String embedded = "source=\"embedded\"";
      try (Proc aria = Proc.start(tmp.resolve("aria2.log"), tmp, Aria2.download(torrentFile, got,
          "--max-download-limit=" + limit))) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double leechers = 0;
        double interested = 0;
        double connected = 0;
        while ((leechers < 1 || interested < 1) && aria.handle().isAlive()
            && System.nanoTime() < deadline) {
          ScrapeText live = ScrapeText.of(http + "/metrics");
          leechers = live.value("sower_bt_swarm_leechers", id, embedded);
          interested = live.value("sower_bt_peers_interested", id);
          connected = live.sum("sower_bt_peers_connected", id);
          Thread.sleep(100);
        }
        assertThat(leechers).as("the downloader in the swarm gauge").isEqualTo(1);
        // aria2c connects to us, and Bt may connect to aria2c too (it learns it from the
        // tracker) until one of the two is dropped as a duplicate
        assertThat(interested).as("the downloader interested in our pieces").isEqualTo(1);
        assertThat(connected).as("connections to the downloader").isBetween(1.0, 2.0);
        assertThat(aria.waitFor(Duration.ofSeconds(60))).as(aria.output()).isZero();
      }
      long downloaded = 0;
      for (Map.Entry<String, Path> e : Trees.files(got.resolve(manifest.name())).entrySet()) {
        downloaded += Files.size(e.getValue());
        Path original = data.resolve(e.getKey());
        if (Files.exists(original)) {
          assertThat(Files.readAllBytes(e.getValue())).as(e.getKey())
              .isEqualTo(Files.readAllBytes(original));
        }
      }
      assertThat(downloaded).isEqualTo(pick.payloadBytes());

      Process rsync = new ProcessBuilder("rsync", "-r", "--list-only",
          "rsync://127.0.0.1:" + rsyncPort + "/sower/metadata/").redirectErrorStream(true).start();
      String listing = new String(rsync.getInputStream().readAllBytes());
      assertThat(rsync.waitFor()).as(listing).isZero();
      assertThat(listing).contains("metadata.json.tar.xz");

      // Bt publishes its upload totals once a second
      ScrapeText m = ScrapeText.of(http + "/metrics");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (m.value("sower_bt_uploaded_bytes_total", id) < pick.payloadBytes()
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
        m = ScrapeText.of(http + "/metrics");
      }
      System.out.printf("serve metrics: torrent %s, %d bytes, %d pieces; uploaded %.0f,"
              + " pieces served %.0f%n", pick.name(), pick.payloadBytes(), pick.pieces(),
          m.value("sower_bt_uploaded_bytes_total", id),
          m.value("sower_bt_pieces_served_total", id));
      assertThat(m.value("sower_bt_uploaded_bytes_total", id)).isEqualTo(pick.payloadBytes());
      assertThat(m.value("sower_bt_pieces_served_total", id)).isEqualTo(pick.pieces());
      assertThat(m.value("sower_bt_piece_verification_failures_total", id)).isZero();
      assertThat(m.value("sower_bt_swarm_seeders", id, embedded)).isEqualTo(1);
      assertThat(m.value("sower_bt_swarm_leechers", id, embedded)).isZero();
      assertThat(m.value("sower_bt_swarm_completed_total", id, embedded)).isEqualTo(1);
      for (Manifest.Torrent other : manifest.torrents()) {
        if (!other.name().equals(pick.name())) {
          String oid = "torrent=\"" + other.name() + "\"";
          assertThat(m.sum("sower_bt_uploaded_bytes_total", oid)).as(other.name()).isZero();
          assertThat(m.value("sower_bt_swarm_seeders", oid, embedded)).as(other.name())
              .isEqualTo(1);
        }
      }
      assertThat(m.sum("sower_dataset_files")).isEqualTo(manifest.totals().files());
      assertThat(m.sum("sower_dataset_size_bytes")).isEqualTo(manifest.totals().payloadBytes());
      assertThat(m.value("sower_dataset_odd_files", "kind=\"non_utf8_name\""))
          .isEqualTo(manifest.scan().oddFiles().stream()
              .filter(o -> o.kind().equals("NON_UTF8_NAME")).count());
      assertThat(m.value("sower_rsync_sessions_active", "module=\"sower\"")).isZero();
      assertThat(m.text()).contains("sower_build_info{").contains("jvm_memory_used_bytes");

      // after the download (aria2c has exited): no peer left, interest gone with it
      ScrapeText after = m;
      deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (after.sum("sower_bt_peers_connected", id) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        after = ScrapeText.of(http + "/metrics");
      }
      assertThat(after.sum("sower_bt_peers_connected", id)).isZero();
      assertThat(after.value("sower_bt_peers_interested", id)).isZero();

      // a real Prometheus scrapes the daemon and answers through its HTTP API
      try (PrometheusProcess prometheus =
          PrometheusProcess.start(tmp.resolve("prometheus"), httpPort)) {
        assertThat(prometheus.awaitValue("up{job=\"sower\"}", Duration.ofSeconds(30)))
            .isEqualTo(1);
        assertThat(prometheus.awaitValue("sower_bt_uploaded_bytes_total{" + id + "}",
            Duration.ofSeconds(30))).isEqualTo(pick.payloadBytes());
        assertThat(prometheus.awaitValue("sower_bt_swarm_completed_total{" + id + ","
            + embedded + "}", Duration.ofSeconds(30))).isEqualTo(1);
      }

      Path scrape = tmp.resolve("scrape.txt");
      Files.writeString(scrape, m.text());
      Process promtool = new ProcessBuilder("sh", "-c", "promtool check metrics < " + scrape)
          .redirectErrorStream(true).start();
      String lint = new String(promtool.getInputStream().readAllBytes());
      assertThat(promtool.waitFor()).as(lint).isZero();

      assertThat(serve.stop()).isEqualTo(130);
      assertThat(serve.output()).contains("stopped");
    }
    try (var s = Files.list(tmp.resolve("state"))) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .contains(pick.file() + ".stamps");
    }
  }
}
