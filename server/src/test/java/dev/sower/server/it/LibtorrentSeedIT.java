package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** python3-libtorrent downloads a torrent from Sower alone (no DHT, LSD, UPnP). */
class LibtorrentSeedIT {
  static final String DOWNLOAD = """
      import sys, time
      import libtorrent as lt
      ses = lt.session({'listen_interfaces': '127.0.0.1:0', 'enable_dht': False,
                        'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False})
      ti = lt.torrent_info(sys.argv[1])
      h = ses.add_torrent({'ti': ti, 'save_path': sys.argv[2]})
      deadline = time.time() + float(sys.argv[3])
      while not h.status().is_seeding:
          if time.time() > deadline:
              s = h.status()
              print('timeout', s.state, s.progress, s.num_peers, file=sys.stderr)
              sys.exit(2)
          time.sleep(0.2)
      print('downloaded', h.status().total_payload_download)
      """;

  @TempDir
  Path tmp;

  @Test
  void libtorrentDownloadsTheDatasetByteForByte() throws Exception {
    try (SampleRelease release = SampleRelease.start(tmp, 300, 64)) {
      Path script = tmp.resolve("download.py");
      Files.writeString(script, DOWNLOAD, StandardCharsets.UTF_8);
      Path out = Files.createDirectories(tmp.resolve("lt"));
      String output = Proc.run(tmp.resolve("lt.log"), tmp, Duration.ofSeconds(150),
          List.of("/usr/bin/python3", script.toString(), release.torrent.toString(),
              out.toString(), "120"));
      assertThat(output).contains("downloaded");
      assertThat(Trees.differences(release.dataset, out.resolve("sample"),
          Trees.Quirk.RENAMES_NON_UTF8)).isEmpty();
    }
  }
}
