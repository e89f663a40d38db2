package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** aria2c downloads a torrent from Sower alone (embedded tracker on loopback, no DHT). */
class Aria2SeedIT {
  @TempDir
  Path tmp;

  @Test
  void aria2cDownloadsTheDatasetByteForByte() throws Exception {
    Path dataset = tmp.resolve("sample");
    new SampleGenerator(s -> { }).generate(new SampleOptions(dataset, 300, 7, 2026, 24));
    Path torrents = Files.createDirectories(tmp.resolve("release"));
    try (SeedServer server = SeedServer.http(torrents)) {
      Path torrent = torrents.resolve("sample.torrent");
      Proc.run(tmp.resolve("mktorrent.log"), tmp, Duration.ofSeconds(60), List.of("mktorrent",
          "-a", server.announceUrl(), "-l", "16", "-o", torrent.toString(), dataset.toString()));
      server.seed(dataset, torrents, tmp.resolve("state"));
      server.awaitSeederAnnounced(Duration.ofSeconds(20));

      Path out = Files.createDirectories(tmp.resolve("aria2"));
      Proc.run(tmp.resolve("aria2.log"), tmp, Duration.ofSeconds(120), List.of("aria2c",
          "--seed-time=0", "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
          "--enable-peer-exchange=false", "--bt-stop-timeout=60", "--console-log-level=warn",
          "--summary-interval=0", "--file-allocation=none", "--dir=" + out, torrent.toString()));

      assertThat(Trees.differences(dataset, out.resolve("sample"), Trees::aria2Names)).isEmpty();
      assertThat(server.seeding.corruptPieces()).isZero();
    }
  }
}
