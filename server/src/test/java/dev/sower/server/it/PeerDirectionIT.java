package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.torrent.meta.Manifest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer gauges tell who opened a connection. python3-libtorrent downloads one torrent from
 * {@code sower serve} without trackers, so exactly one side can open the connection: either
 * libtorrent is told to connect to us (incoming), or the test announces libtorrent's address to
 * the embedded tracker and Bt, re-querying it every 5 s, connects to libtorrent (outgoing).
 */
class PeerDirectionIT {
  private static final String DOWNLOAD = """
      import sys, time
      import libtorrent as lt
      mode, torrent, save, port, bt_port, limit = sys.argv[1:7]
      ses = lt.session({'listen_interfaces': '127.0.0.1:' + port, 'enable_dht': False,
                        'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
                        'download_rate_limit': int(limit)})
      # loopback peers are in the unlimited "local" class by default: put every peer in the
      # global class so the rate limit keeps the download going for a few seconds
      f = lt.ip_filter()
      f.add_rule('0.0.0.0', '255.255.255.255', 1 << ses.global_peer_class_id)
      ses.set_peer_class_filter(f)
      atp = lt.add_torrent_params()
      atp.ti = lt.torrent_info(torrent)
      atp.save_path = save
      atp.flags = (atp.flags | lt.torrent_flags.paused) & ~lt.torrent_flags.auto_managed
      h = ses.add_torrent(atp)
      h.replace_trackers([])   # paused: nothing announced yet, and never will be
      h.resume()
      if mode == 'incoming':
          h.connect_peer(('127.0.0.1', int(bt_port)))
      print('ready', flush=True)
      deadline = time.time() + 90
      while not h.status().is_seeding:
          if time.time() > deadline:
              s = h.status()
              print('timeout', s.state, s.progress, s.num_peers, file=sys.stderr)
              sys.exit(2)
          time.sleep(0.2)
      print('downloaded', h.status().total_payload_download, flush=True)
      """;

  @TempDir
  Path tmp;

  @Test
  void incomingAndOutgoingConnectionsAreTold() throws Exception {
    int httpPort = SeedServer.freePort();
    int btPort = SeedServer.freePort();
    MadeSample sample = MadeSample.make(tmp, 200, 2, "http://127.0.0.1:" + httpPort + "/announce");
    Manifest.Torrent pick = sample.manifest().torrents().stream()
        .filter(t -> t.tree().equals("original"))
        .min(Comparator.comparingLong(Manifest.Torrent::payloadBytes)).orElseThrow();
    // serve that torrent alone: its gauges are then the only peer counts that move
    Path one = Files.createDirectories(tmp.resolve("one"));
    Files.copy(sample.release().resolve(pick.file()), one.resolve(pick.file()));
    Files.copy(sample.release().resolve(Manifest.FILE), one.resolve(Manifest.FILE));
    Path yaml = ServeYaml.seeding(sample.dataset(), one, tmp.resolve("state"), httpPort, btPort)
        .trackerInterval(5).write(tmp.resolve("sower.yaml"));
    Path script = tmp.resolve("download.py");
    Files.writeString(script, DOWNLOAD, StandardCharsets.UTF_8);
    String http = "http://127.0.0.1:" + httpPort;
    try (InProcessServe serve = InProcessServe.start(Duration.ofSeconds(60),
        Pattern.compile("seeding \\d+ torrents"), "serve", "--config", yaml.toString())) {
      int[] in = download("incoming", one.resolve(pick.file()), pick, script, http, btPort);
      assertThat(in).as("incoming, outgoing, interested at most").containsExactly(1, 0, 1);
      int[] out = download("outgoing", one.resolve(pick.file()), pick, script, http, btPort);
      assertThat(out).as("incoming, outgoing, interested at most").containsExactly(0, 1, 1);
      assertThat(serve.stop()).isEqualTo(130);
    }
  }

  /** Runs one libtorrent download; the largest gauge values seen while it ran. */
  private int[] download(String mode, Path torrentFile, Manifest.Torrent pick, Path script,
      String http, int btPort) throws Exception {
    Path save = Files.createDirectories(tmp.resolve(mode));
    int ltPort = SeedServer.freePort();
    long limit = Math.max(16_384, pick.payloadBytes() / 3);
    String id = "torrent=\"" + pick.name() + "\"";
    int[] max = new int[3];
    try (Proc lt = Proc.start(tmp.resolve(mode + ".log"), tmp, List.of("/usr/bin/python3",
        script.toString(), mode, torrentFile.toString(),
        save.toString(), "" + ltPort, "" + btPort, "" + limit))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      long nextAnnounce = System.nanoTime();
      while (lt.isAlive() && System.nanoTime() < deadline) {
        if (mode.equals("outgoing") && System.nanoTime() - nextAnnounce >= 0) {
          // as a client would every interval: the tracker forgets peers silent for two
          announce(http, pick, ltPort);
          nextAnnounce = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
        ScrapeText m = ScrapeText.of(http + "/metrics");
        max[0] = Math.max(max[0], (int) m.sum("sower_bt_peers_connected", id,
            "direction=\"incoming\""));
        max[1] = Math.max(max[1], (int) m.sum("sower_bt_peers_connected", id,
            "direction=\"outgoing\""));
        max[2] = Math.max(max[2], (int) m.sum("sower_bt_peers_interested", id));
        Thread.sleep(100);
      }
      assertThat(lt.waitFor(Duration.ofSeconds(10))).as(lt.output()).isZero();
      assertThat(lt.output()).contains("downloaded " + pick.payloadBytes());
    }
    return max;
  }

  /** Announces libtorrent (as a leecher on {@code port}) to the embedded tracker. */
  private static void announce(String http, Manifest.Torrent pick, int port) throws Exception {
    StringBuilder hash = new StringBuilder();
    for (byte b : HexFormat.of().parseHex(pick.infoHash())) {
      hash.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
    }
    URI uri = URI.create(http + "/announce?info_hash=" + hash + "&peer_id=-LT2080-peerdirtest1"
        + "&port=" + port + "&uploaded=0&downloaded=0&left=" + pick.payloadBytes()
        + "&compact=1&event=started");
    HttpResponse<String> res = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
  }
}
