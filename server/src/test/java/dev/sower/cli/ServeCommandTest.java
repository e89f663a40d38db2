package dev.sower.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sower serve} option handling (the running gateway is exercised by ServeCommandIT). */
class ServeCommandTest {
  @TempDir
  Path dir;

  private static int run(StringWriter out, String... args) {
    return SowerCli.run(new PrintWriter(out, true), args);
  }

  @Test
  void seedingNeedsTheReleaseDirectory() {
    StringWriter out = new StringWriter();
    int code = run(out, "serve", "--dataset", dir.toString(), "--module", "m",
        "--rsync-listen", "127.0.0.1:0");
    assertThat(code).isEqualTo(2);
    assertThat(out.toString()).contains("--torrents DIR").contains("--no-bittorrent");
    StringWriter out2 = new StringWriter();
    assertThat(run(out2, "serve", "--dataset", dir.toString(), "--torrents",
        dir.resolve("nope").toString(), "--no-rsync")).isEqualTo(2);
    assertThat(out2.toString()).contains("is not a directory (run 'sower make' first)");
  }

  @Test
  void refusesToServeNothingAndRsyncWithoutModule() {
    StringWriter out = new StringWriter();
    assertThat(run(out, "serve", "--dataset", dir.toString(), "--no-bittorrent", "--no-rsync"))
        .isEqualTo(2);
    assertThat(out.toString()).contains("nothing to serve");
    StringWriter out2 = new StringWriter();
    assertThat(run(out2, "serve", "--dataset", dir.toString(), "--no-bittorrent"))
        .isEqualTo(2);
    assertThat(out2.toString()).contains("--module NAME");
  }

  @Test
  void configErrorsNameTheFileAndLine() throws Exception {
    Path yaml = dir.resolve("sower.yaml");
    java.nio.file.Files.writeString(yaml, "dataset: " + dir + "\ntorrents: " + dir
        + "\nbittorent:\n  enabled: false\n");
    StringWriter out = new StringWriter();
    assertThat(run(out, "serve", "--config", yaml.toString())).isEqualTo(2);
    assertThat(out.toString()).contains(yaml + ":3:").contains("did you mean 'bittorrent'");
  }

  @Test
  void flagsOverrideTheConfigFile() throws Exception {
    Path yaml = dir.resolve("sower.yaml");
    java.nio.file.Files.writeString(yaml, "dataset: /nonexistent\ntorrents: " + dir
        + "\nstate-dir: /var/lib/sower\nhttp:\n  listen: 0.0.0.0:8080\nbittorrent:\n"
        + "  listen: 0.0.0.0:6881\nrsync:\n  modules:\n    - name: danbooru\n");
    ServeCommand c = new ServeCommand();
    new picocli.CommandLine(c).parseArgs("--config", yaml.toString(), "--dataset",
        dir.toString(), "--bt-port", "7000", "--http-listen", "127.0.0.1:9000",
        "--state-dir", dir.resolve("st").toString());
    ServePlan plan = ServePlan.resolve(c.flags());
    assertThat(plan.dataset()).isEqualTo(dir);
    assertThat(plan.seeding().bittorrent().listen().port()).isEqualTo(7000);
    assertThat(plan.seeding().http().listen().toString()).isEqualTo("127.0.0.1:9000");
    assertThat(plan.seeding().stateDir()).isEqualTo(dir.resolve("st"));
    assertThat(plan.rsyncModules()).singleElement()
        .satisfies(m -> assertThat(m.path()).isEqualTo(dir));
    assertThat(plan.rsyncListen().getPort()).isEqualTo(873);
  }

  @Test
  void rejectsBadListenAddressAndMissingDataset() {
    StringWriter out = new StringWriter();
    assertThat(run(out, "serve", "--dataset", dir.toString(), "--module", "m",
        "--rsync-listen", "localhost", "--no-bittorrent")).isEqualTo(2);
    assertThat(out.toString()).contains("--rsync-listen");
    StringWriter out2 = new StringWriter();
    assertThat(run(out2, "serve", "--dataset", dir.resolve("nope").toString(), "--module", "m",
        "--rsync-listen", "127.0.0.1:0", "--no-bittorrent")).isEqualTo(2);
    assertThat(out2.toString()).contains("is not a directory");
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean bindable(int port) {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void neverHalfStarts() throws Exception {
    Path release = java.nio.file.Files.createDirectories(dir.resolve("release"));
    int rsyncPort = freePort();
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      StringWriter out = new StringWriter();
      int code = run(out, "serve", "--dataset", dir.toString(), "--module", "m", "--torrents",
          release.toString(), "--state-dir", dir.resolve("state").toString(), "--rsync-listen",
          "127.0.0.1:" + rsyncPort, "--http-listen", "127.0.0.1:" + taken.getLocalPort());
      assertThat(code).isEqualTo(1);
      assertThat(out.toString()).contains("sower serve: cannot start seeding (HTTP 127.0.0.1:"
          + taken.getLocalPort());
      assertThat(bindable(rsyncPort)).as("rsync gateway stopped again").isTrue();
    }
    int httpPort = freePort();
    StringWriter out = new StringWriter();
    int code = run(out, "serve", "--dataset", dir.toString(), "--module", "m", "--torrents",
        release.toString(), "--state-dir", dir.resolve("state").toString(), "--rsync-listen",
        "127.0.0.1:" + rsyncPort, "--http-listen", "127.0.0.1:" + httpPort, "--bt-port", "0");
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("no .torrent files in " + release);
    assertThat(bindable(rsyncPort)).isTrue();
    assertThat(bindable(httpPort)).as("HTTP listener stopped again").isTrue();
  }

  @Test
  void parsesListenAddresses() {
    assertThat(RsyncGatewayWiring.parseListen("127.0.0.1:873").getPort()).isEqualTo(873);
    assertThat(RsyncGatewayWiring.parseListen("[::1]:10873").getAddress().getHostAddress())
        .isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(RsyncGatewayWiring.parseListen(":0").getAddress().isAnyLocalAddress()).isTrue();
  }
}
