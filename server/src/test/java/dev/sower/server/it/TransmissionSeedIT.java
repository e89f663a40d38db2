package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
      Path config = Files.createDirectories(tmp.resolve("tr-config"));
      Path out = Files.createDirectories(tmp.resolve("tr"));
      int rpc = SeedServer.freePort();
      int peer = SeedServer.freePort();
      Files.writeString(config.resolve("settings.json"), """
          {
            "bind-address-ipv4": "127.0.0.1",
            "bind-address-ipv6": "::1",
            "dht-enabled": false,
            "encryption": 0,
            "download-dir": "%s",
            "incomplete-dir-enabled": false,
            "lpd-enabled": false,
            "peer-port": %d,
            "peer-port-random-on-start": false,
            "pex-enabled": false,
            "port-forwarding-enabled": false,
            "rpc-authentication-required": false,
            "rpc-bind-address": "127.0.0.1",
            "rpc-port": %d,
            "rpc-whitelist": "127.0.0.1",
            "rpc-whitelist-enabled": true,
            "utp-enabled": false,
            "message-level": 3
          }
          """.formatted(out, peer, rpc), StandardCharsets.UTF_8);
      try (Proc daemon = Proc.start(tmp.resolve("daemon.log"), tmp,
          List.of("transmission-daemon", "-f", "-g", config.toString()))) {
        String remote = "127.0.0.1:" + rpc;
        awaitRpc(remote);
        Proc.run(tmp.resolve("add.log"), tmp, Duration.ofSeconds(30),
            List.of("transmission-remote", remote, "-a", release.torrent.toString()));
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        String info = "";
        while (System.nanoTime() < deadline) {
          info = Proc.run(tmp.resolve("info.log"), tmp, Duration.ofSeconds(30),
              List.of("transmission-remote", remote, "-t", "1", "-i"));
          if (info.contains("Percent Done: 100%")) {
            break;
          }
          Thread.sleep(500);
        }
        assertThat(info).as("transmission status; daemon log:\n%s", daemon.output()).contains("Percent Done: 100%");
        // Stop the torrent so every file is flushed and closed before comparing.
        Proc.run(tmp.resolve("stop.log"), tmp, Duration.ofSeconds(30),
            List.of("transmission-remote", remote, "-t", "1", "-S"));
        Thread.sleep(500);
        assertThat(Trees.differences(release.dataset, out.resolve("sample"),
          Trees.Quirk.RENAMES_NON_UTF8, Trees.Quirk.SKIPS_EMPTY_FILES)).isEmpty();
      }
    }
  }

  private void awaitRpc(String remote) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try (Proc p = Proc.start(tmp.resolve("ping.log"), tmp,
          List.of("transmission-remote", remote, "-l"))) {
        if (p.waitFor(Duration.ofSeconds(10)) == 0) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("transmission-daemon RPC did not come up");
      }
      Thread.sleep(200);
    }
  }
}
