package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import dev.sower.server.seed.TorrentFileReader;
import dev.sower.server.testing.SeederFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeding daemon as a process: on SIGTERM it announces "stopped" to its trackers (here an
 * external one run by the test) and exits within 10 s.
 */
class SigtermIT {
  @TempDir
  Path tmp;

  @Test
  void sigtermAnnouncesStoppedAndExitsWithinTenSeconds() throws Exception {
    Path dataset = tmp.resolve("sample");
    new SampleGenerator(s -> { }).generate(new SampleOptions(dataset, 100, 3, 2026, 24));
    Path release = Files.createDirectories(tmp.resolve("release"));
    Path torrent = release.resolve("sample.torrent");
    Proc.run(tmp.resolve("mktorrent.log"), tmp, Duration.ofSeconds(60), List.of("mktorrent",
        "-a", "http://seed.example.org/announce", "-l", "16", "-o", torrent.toString(),
        dataset.toString()));
    try (SeedServer external = SeedServer.http(release)) {
      external.tracker.setTorrents(List.of(TorrentFileReader.read(torrent).infoHash()));
      Path yaml = tmp.resolve("sower.yaml");
      Files.writeString(yaml, SeederFixture.config(dataset, release, tmp.resolve("state"),
          SeederFixture.freePort(), external.announceUrl(), null));
      try (Proc daemon = Proc.start(tmp.resolve("daemon.log"), tmp, SeederFixture.javaCommand(
          "dev.sower.server.SeedingDaemonMain", yaml.toString()))) {
        SeederFixture.awaitSeeders(external.tracker, null, 1, Duration.ofSeconds(60),
            daemon::output);
        ProcessHandle handle = daemon.handle();
        long t0 = System.nanoTime();
        handle.destroy(); // SIGTERM
        boolean exited = handle.onExit().get(10, TimeUnit.SECONDS) != null;
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("sigterm: exited in %d ms%n", millis);
        assertThat(exited).isTrue();
        assertThat(daemon.output()).contains("sower: stopped");
        SeederFixture.assertNoStackTrace(daemon.output());
        assertThat(external.tracker.counts().get(0).seeders())
            .as("'stopped' announced; daemon log:\n%s", daemon.output())
            .isZero();
      }
    }
  }
}
