package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * transmission-daemon 3.00, driven by transmission-remote, downloads a torrent from Sower alone
 * (transmission-cli stalls in "Verifying" on large torrents, so the daemon is used).
 */
class TransmissionSeedIT {
  @TempDir
  Path tmp;

  @Test
  void transmissionDownloadsTheDatasetByteForByte() throws Exception {
    try (SampleRelease release = SampleRelease.start(tmp, 300, 64)) {
      Path out = Files.createDirectories(tmp.resolve("tr"));
      try (Transmission transmission = Transmission.start(tmp, out)) {
        String info = transmission.download(release.torrent, Duration.ofSeconds(40));
        assertThat(info).as("transmission status; daemon log:\n%s", transmission.log())
            .contains("Percent Done: 100%");
        assertThat(Trees.differences(release.dataset, out.resolve("sample"),
          Trees.Quirk.RENAMES_NON_UTF8, Trees.Quirk.SKIPS_EMPTY_FILES)).isEmpty();
      }
    }
  }
}
