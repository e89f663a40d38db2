package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

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
    try (SampleRelease release = SampleRelease.start(tmp, 300, 64)) {
      Path out = Files.createDirectories(tmp.resolve("aria2"));
      Proc.run(tmp.resolve("aria2.log"), tmp, Duration.ofSeconds(120), Aria2.download(
          release.torrent, out));
      assertThat(Trees.differences(release.dataset, out.resolve("sample"),
          Trees.Quirk.RENAMES_NON_UTF8)).isEmpty();
      assertThat(release.server.seeding.corruptPieces()).isZero();
    }
  }
}
