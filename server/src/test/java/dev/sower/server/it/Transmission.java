package dev.sower.server.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * transmission-daemon 3.00 with a private config directory and free loopback ports, driven by
 * transmission-remote (transmission-cli stalls in "Verifying" on large torrents). No DHT, LPD,
 * PEX, UPnP or uTP; plain handshakes (encryption 0). It ignores loopback peers from a tracker,
 * so the seeder connects to it after learning its address from the tracker.
 */
final class Transmission implements AutoCloseable {
  private final Path tmp;
  private final Proc daemon;
  private final String remote;

  private Transmission(Path tmp, Proc daemon, String remote) {
    this.tmp = tmp;
    this.daemon = daemon;
    this.remote = remote;
  }

  /** Starts the daemon downloading into {@code downloadDir}; returns once its RPC answers. */
  static Transmission start(Path tmp, Path downloadDir) throws Exception {
    Path config = Files.createDirectories(tmp.resolve("tr-config"));
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
        """.formatted(downloadDir, peer, rpc), StandardCharsets.UTF_8);
    Proc daemon = Proc.start(tmp.resolve("transmission.log"), tmp,
        List.of("transmission-daemon", "-f", "-g", config.toString()));
    Transmission t = new Transmission(tmp, daemon, "127.0.0.1:" + rpc);
    try {
      t.awaitRpc();
    } catch (Exception | Error e) {
      t.close();
      throw e;
    }
    return t;
  }

  private void awaitRpc() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try (Proc p = Proc.start(tmp.resolve("tr-ping.log"), tmp,
          List.of("transmission-remote", remote, "-l"))) {
        if (p.waitFor(Duration.ofSeconds(10)) == 0) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("transmission-daemon RPC did not come up:\n" + daemon.output());
      }
      Thread.sleep(200);
    }
  }

  private String remote(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("transmission-remote", remote));
    cmd.addAll(List.of(args));
    return Proc.run(tmp.resolve("tr-remote.log"), tmp, Duration.ofSeconds(30), cmd);
  }

  /**
   * Adds the torrent (its first and only one), waits until it is 100% done, then stops it so
   * every file is flushed and closed; returns its last status ("Percent Done: 100%" unless the
   * time ran out).
   */
  String download(Path torrent, Duration timeout) throws Exception {
    remote("-a", torrent.toString());
    long deadline = System.nanoTime() + timeout.toNanos();
    String info = "";
    while (System.nanoTime() < deadline) {
      info = remote("-t", "1", "-i");
      if (info.contains("Percent Done: 100%")) {
        break;
      }
      Thread.sleep(500);
    }
    remote("-t", "1", "-S");
    Thread.sleep(500);
    return info;
  }

  String log() throws IOException {
    return daemon.output();
  }

  @Override
  public void close() throws InterruptedException {
    daemon.close();
  }
}
