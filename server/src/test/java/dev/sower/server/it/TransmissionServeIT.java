package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.cli.SowerCli;
import dev.sower.dataset.RawPaths;
import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import dev.sower.server.seed.FileTable;
import dev.sower.server.seed.SeedTorrent;
import dev.sower.server.seed.TorrentFileReader;
import dev.sower.server.testing.SeederFixture;
import dev.sower.torrent.meta.Manifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7's acceptance for transmission: transmission-daemon 3.00 driven by transmission-remote
 * downloads one torrent that {@code sower make} wrote from {@code sower serve} alone (embedded
 * tracker on loopback, no DHT), and the bytes equal the dataset's.
 */
class TransmissionServeIT {
  @TempDir
  Path tmp;

  @Test
  void transmissionDownloadsOneTorrentFromSowerServe() throws Exception {
    Path data = tmp.resolve("ds");
    new SampleGenerator(s -> { }).generate(new SampleOptions(data, 300, 13, 2026, 24));
    int httpPort = SeedServer.freePort();
    Path release = tmp.resolve("release");
    StringWriter makeOut = new StringWriter();
    assertThat(SowerCli.run(new PrintWriter(makeOut), "make", "--dataset", data.toString(),
        "--out", release.toString(), "--torrents", "3", "--announce",
        "http://127.0.0.1:" + httpPort + "/announce")).as(makeOut.toString()).isZero();
    Manifest.Torrent pick = Manifest.read(release.resolve(Manifest.FILE)).torrents().stream()
        .filter(t -> t.tree().equals("original"))
        .min(Comparator.comparingLong(Manifest.Torrent::payloadBytes)).orElseThrow();
    Path torrentFile = release.resolve(pick.file());

    // the embedded tracker answers every 5 s, so the seeder soon learns transmission's address
    // (transmission ignores loopback peers from trackers: the seeder has to connect to it)
    Path yaml = tmp.resolve("sower.yaml");
    Files.writeString(yaml, SeederFixture.config(data, release, tmp.resolve("state"),
        SeedServer.freePort(), null, null));
    Path out = Files.createDirectories(tmp.resolve("tr"));
    try (InProcessServe serve = InProcessServe.start(Duration.ofSeconds(60),
            Pattern.compile("seeding \\d+ torrents"), "serve", "--config", yaml.toString(),
            "--http-listen", "127.0.0.1:" + httpPort);
        Transmission transmission = Transmission.start(tmp, out)) {
      long t0 = System.nanoTime();
      String info = transmission.download(torrentFile, Duration.ofSeconds(90));
      System.out.printf("transmission from sower serve: %s, %d bytes in %d ms%n", pick.name(),
          pick.payloadBytes(), (System.nanoTime() - t0) / 1_000_000);
      assertThat(info).as("transmission status; its log:\n%s\nsower serve:\n%s",
          transmission.log(), serve.output()).contains("Percent Done: 100%");
    }

    // the torrent's files, copied from the dataset, against what transmission wrote
    SeedTorrent torrent = TorrentFileReader.read(torrentFile);
    Path expected = tmp.resolve("expected");
    FileTable files = torrent.files();
    for (int f = 0; f < files.count(); f++) {
      Path from = RawPaths.resolve(data, files.path(f));
      Path to = RawPaths.resolve(expected, files.path(f));
      Files.createDirectories(to.getParent());
      Files.copy(from, to);
    }
    assertThat(files.totalSize()).isEqualTo(pick.payloadBytes()).isPositive();
    assertThat(Trees.differences(expected, out.resolve(torrent.name()),
        Trees.Quirk.RENAMES_NON_UTF8, Trees.Quirk.SKIPS_EMPTY_FILES)).isEmpty();
  }
}
