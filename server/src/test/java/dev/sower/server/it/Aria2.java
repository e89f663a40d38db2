package dev.sower.server.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** aria2c command lines for downloading from a lone loopback seeder (see interop-notes.md). */
final class Aria2 {
  private Aria2() {}

  static List<String> download(Path torrent, Path dir, String... extra) {
    List<String> cmd = new ArrayList<>(List.of("aria2c", "--seed-time=0", "--enable-dht=false",
        "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
        "--bt-stop-timeout=60", "--console-log-level=warn", "--summary-interval=0",
        "--file-allocation=none", "--dir=" + dir));
    cmd.addAll(List.of(extra));
    cmd.add(torrent.toString());
    return cmd;
  }
}
