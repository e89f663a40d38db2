package dev.sower.server.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The config file of a seeding-only {@code sower serve} on loopback (rsync off) that the
 * BitTorrent ITs start: the dataset, a release, a state directory and the two ports, plus the
 * few settings a test varies.
 */
final class ServeYaml {
  private final Path dataset;
  private final Path torrents;
  private final Path stateDir;
  private final int httpPort;
  private final int btPort;
  private final List<String> announce = new ArrayList<>();
  private int trackerInterval;

  private ServeYaml(Path dataset, Path torrents, Path stateDir, int httpPort, int btPort) {
    this.dataset = dataset;
    this.torrents = torrents;
    this.stateDir = stateDir;
    this.httpPort = httpPort;
    this.btPort = btPort;
  }

  static ServeYaml seeding(Path dataset, Path torrents, Path stateDir, int httpPort, int btPort) {
    return new ServeYaml(dataset, torrents, stateDir, httpPort, btPort);
  }

  /** External trackers ({@code bittorrent.announce}). */
  ServeYaml announce(String... urls) {
    announce.addAll(List.of(urls));
    return this;
  }

  /** The embedded tracker's announce interval in seconds (default: the daemon's). */
  ServeYaml trackerInterval(int seconds) {
    trackerInterval = seconds;
    return this;
  }

  String text() {
    StringBuilder yaml = new StringBuilder()
        .append("dataset: ").append(dataset).append('\n')
        .append("torrents: ").append(torrents).append('\n')
        .append("state-dir: ").append(stateDir).append('\n')
        .append("http:\n  listen: 127.0.0.1:").append(httpPort).append('\n')
        .append("bittorrent:\n  listen: 127.0.0.1:").append(btPort).append('\n');
    if (!announce.isEmpty()) {
      yaml.append("  announce: [").append(String.join(", ", announce)).append("]\n");
    }
    if (trackerInterval > 0) {
      yaml.append("tracker:\n  interval: ").append(trackerInterval).append('\n');
    }
    return yaml.append("rsync:\n  enabled: false\n").toString();
  }

  /** Writes the config to {@code file} and returns it. */
  Path write(Path file) throws IOException {
    return Files.writeString(file, text());
  }
}
