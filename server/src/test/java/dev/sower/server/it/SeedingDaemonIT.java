package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import dev.sower.server.SeedingDaemon;
import dev.sower.server.SeedingService;
import dev.sower.server.config.ConfigLoader;
import dev.sower.server.config.SowerConfig;
import dev.sower.server.testing.SeederFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon from a config file: HTTP routes answer, the seeder announces to the embedded
 * tracker, a reload switches to a new release, a failed reload keeps the current one seeding, and
 * stopping sends "stopped" (the swarm empties) well within 10 s.
 */
class SeedingDaemonIT {
  @TempDir
  Path tmp;

  @Test
  void servesHttpRoutesAndStopsCleanly() throws Exception {
    Path dataset = tmp.resolve("sample");
    new SampleGenerator(s -> { }).generate(new SampleOptions(dataset, 100, 3, 2026, 24));
    Path release = Files.createDirectories(tmp.resolve("release"));
    Proc.run(tmp.resolve("mktorrent.log"), tmp, Duration.ofSeconds(60), List.of("mktorrent",
        "-a", "http://seed.example.org/announce", "-l", "16", "-o",
        release.resolve("sample.torrent").toString(), dataset.toString()));
    Files.write(release.resolve("filelist.txt.xz"), new byte[] {(byte) 0xfd, '7', 'z'});
    Path yaml = tmp.resolve("sower.yaml");
    Files.writeString(yaml, SeederFixture.config(dataset, release, tmp.resolve("state"),
        SeedServer.freePort(), null, null));
    SowerConfig config = new ConfigLoader().load(yaml);

    SeedingDaemon daemon = SeedingDaemon.start(config);
    try {
      String base = "http://127.0.0.1:" + daemon.httpAddress().getPort();
      HttpClient client = HttpClient.newHttpClient();
      SeederFixture.awaitSeeders(daemon.tracker(), null, 1, Duration.ofSeconds(20), () -> "");
      assertThat(get(client, base + "/health").body()).isEqualTo("ok\n");
      HttpResponse<String> torrent = get(client, base + "/torrents/sample.torrent");
      assertThat(torrent.statusCode()).isEqualTo(200);
      assertThat(torrent.headers().firstValue("Content-Type"))
          .hasValue("application/x-bittorrent");
      assertThat(torrent.body().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
          .isEqualTo(Files.readAllBytes(release.resolve("sample.torrent")));
      assertThat(get(client, base + "/filelist.txt.xz").statusCode()).isEqualTo(200);
      assertThat(get(client, base + "/torrents.tar.xz").statusCode()).isEqualTo(404);
      assertThat(get(client, base + "/torrents/..%2Fsower.yaml").statusCode()).isEqualTo(404);
      assertThat(get(client, base + "/metrics").body())
          .contains("sower_tracker_peers{info_hash=\"" + daemon.tracker().counts().get(0)
              .infoHash() + "\",state=\"seeder\"} 1");
      assertThat(get(client, base + "/scrape").body()).contains("8:completei1e");

      // Reload (SIGHUP) onto a new release: another torrent of the same files.
      Path release2 = Files.createDirectories(tmp.resolve("release2"));
      Proc.run(tmp.resolve("mktorrent2.log"), tmp, Duration.ofSeconds(60), List.of("mktorrent",
          "-a", "http://seed.example.org/announce", "-l", "15", "-o",
          release2.resolve("sample.torrent").toString(), dataset.toString()));
      String oldHash = daemon.tracker().counts().get(0).infoHash();
      daemon.reload(release2);
      assertThat(daemon.seeding().summaries().get(0).failed()).isZero();
      SeederFixture.awaitSeeders(daemon.tracker(), null, 1, Duration.ofSeconds(20), () -> "");
      assertThat(daemon.tracker().counts()).hasSize(1);
      assertThat(daemon.tracker().counts().get(0).infoHash()).isNotEqualTo(oldHash)
          .isEqualTo(daemon.seeding().summaries().get(0).infoHash());
      assertThat(get(client, base + "/torrents/sample.torrent").body()
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
          .isEqualTo(Files.readAllBytes(release2.resolve("sample.torrent")));

      // A reload onto a directory that cannot be served fails and leaves release 2 seeding.
      Path empty = Files.createDirectories(tmp.resolve("empty-release"));
      SeedingService seeding2 = daemon.seeding();
      assertThatThrownBy(() -> daemon.reload(empty)).isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("no .torrent files");
      assertThat(daemon.torrentsDir()).isEqualTo(release2);
      assertThat(daemon.seeding()).isSameAs(seeding2);
      long statsDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (seeding2.stats().isEmpty() && System.nanoTime() < statsDeadline) {
        Thread.sleep(50); // Bt reports a running torrent's state once a second
      }
      assertThat(seeding2.stats()).as("still seeded by Bt").isNotEmpty();
      assertThat(daemon.tracker().counts()).singleElement()
          .satisfies(c -> assertThat(c.seeders()).isEqualTo(1));
      assertThat(get(client, base + "/health").statusCode()).isEqualTo(200);
    } finally {
      long t0 = System.nanoTime();
      daemon.stop(Duration.ofSeconds(10));
      long stopMillis = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("daemon: stopped in %d ms%n", stopMillis);
      assertThat(stopMillis).isLessThan(10_000);
    }
    assertThat(daemon.tracker().counts().get(0).seeders()).as("seeder sent 'stopped'").isZero();
  }

  @Test
  void aBusyBitTorrentPortFailsTheStartWithAClearMessageAndFreesTheHttpPort() throws Exception {
    Path dataset = Files.createDirectories(tmp.resolve("ds"));
    Path release = Files.createDirectories(tmp.resolve("release"));
    int httpPort = SeedServer.freePort();
    try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      Path yaml = tmp.resolve("sower.yaml");
      Files.writeString(yaml, SeederFixture.config(dataset, release, tmp.resolve("state"),
          busy.getLocalPort(), null, null).replace("127.0.0.1:0", "127.0.0.1:" + httpPort));
      SowerConfig config = new ConfigLoader().load(yaml);
      assertThatThrownBy(() -> SeedingDaemon.start(config)).isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("cannot listen for BitTorrent peers on 127.0.0.1:"
              + busy.getLocalPort());
    }
    // never half-started: the HTTP listener bound first is closed again
    try (java.net.ServerSocket again = new java.net.ServerSocket(httpPort, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(httpPort);
    }
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).build();
    return client.send(request,
        HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.ISO_8859_1));
  }
}
