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
  void refusesWithoutNoBittorrent() {
    StringWriter out = new StringWriter();
    int code = run(out, "serve", "--dataset", dir.toString(), "--module", "m",
        "--rsync-listen", "127.0.0.1:0");
    assertThat(code).isEqualTo(69);
    assertThat(out.toString()).contains("BitTorrent seeding not yet available")
        .contains("--no-bittorrent");
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

  @Test
  void parsesListenAddresses() {
    assertThat(RsyncGatewayWiring.parseListen("127.0.0.1:873").getPort()).isEqualTo(873);
    assertThat(RsyncGatewayWiring.parseListen("[::1]:10873").getAddress().getHostAddress())
        .isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(RsyncGatewayWiring.parseListen(":0").getAddress().isAnyLocalAddress()).isTrue();
  }
}
