package dev.sower.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.server.tracker.EmbeddedTracker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Starting a seeder and waiting for it, shared by the daemon tests: the loopback config file, the
 * command line of a child JVM running a Sower main class, and the wait until a tracker has seen
 * the seeder announce every torrent.
 */
public final class SeederFixture {
  private SeederFixture() {}

  /**
   * A sower.yaml seeding {@code torrents} from {@code dataset} on loopback: HTTP on a free port,
   * BitTorrent on {@code btPort}, announcing to {@code externalAnnounce} with the embedded
   * tracker off (or to the embedded tracker, polled every 5 s, when null), rsync serving
   * {@code rsyncModule} (off when null).
   */
  public static String config(Path dataset, Path torrents, Path stateDir, int btPort,
      String externalAnnounce, String rsyncModule) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("dataset: ").append(dataset).append('\n')
        .append("torrents: ").append(torrents).append('\n')
        .append("state-dir: ").append(stateDir).append('\n')
        .append("http:\n  listen: 127.0.0.1:0\n")
        .append("bittorrent:\n  listen: 127.0.0.1:").append(btPort).append('\n');
    if (externalAnnounce != null) {
      yaml.append("  announce: [").append(externalAnnounce).append("]\n")
          .append("tracker:\n  enabled: false\n");
    } else {
      yaml.append("tracker:\n  interval: 5\n");
    }
    if (rsyncModule != null) {
      yaml.append("rsync:\n  listen: 127.0.0.1:0\n  modules:\n    - name: ")
          .append(rsyncModule).append('\n');
    } else {
      yaml.append("rsync:\n  enabled: false\n");
    }
    return yaml.toString();
  }

  /** {@code java ... MAIN ARGS} with this test's JVM and classpath (heap capped at 256 MB). */
  public static List<String> javaCommand(String mainClass, String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "--add-opens",
        "java.base/sun.nio.fs=ALL-UNNAMED", "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), mainClass));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * Fails when a daemon's output (its log on stderr included) shows a stack trace or an
   * exception: a clean start, reload and stop log none.
   */
  public static void assertNoStackTrace(String output) {
    assertThat(output).as("daemon output").doesNotContainPattern("(?m)^\\s+at \\S+\\(")
        .doesNotContainPattern("(?m)^\\S*(Exception|Error)(: |$)")
        .doesNotContain("Connection is still allocated")
        .doesNotContain("Unexpected error");
  }

  /** A loopback port free right now. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Waits until {@code tracker} counts exactly {@code seeders} seeders for every torrent of
   * {@code infoHashes} (hex; null means every torrent it knows, at least one); fails with
   * {@code log}'s text (the seeder's output) after {@code timeout}.
   */
  public static void awaitSeeders(EmbeddedTracker tracker, Collection<String> infoHashes,
      int seeders, Duration timeout, Callable<String> log) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<EmbeddedTracker.SwarmCounts> counts = tracker.counts();
      Set<String> seeded = counts.stream().filter(c -> c.seeders() == seeders)
          .map(EmbeddedTracker.SwarmCounts::infoHash).collect(Collectors.toSet());
      boolean done = infoHashes == null
          ? !counts.isEmpty() && seeded.size() == counts.size()
          : seeded.containsAll(infoHashes);
      if (done) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("tracker did not count " + seeders + " seeder(s) for "
            + (infoHashes == null ? "every torrent" : infoHashes) + " within " + timeout
            + "; counts " + counts + "; seeder output:\n" + log.call());
      }
      Thread.sleep(50);
    }
  }
}
