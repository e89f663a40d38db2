package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DHT only: a torrent without trackers, Sower with the DHT on, and python3-libtorrent whose only
 * way to Sower is the DHT. The DHT library (mldht) binds the interface of the default route,
 * never a loopback address, and keeps loopback and private nodes out of its routing table, so
 * the run happens in a network namespace of its own (unshare -n) that has only {@code lo},
 * carrying 127.0.0.1 and 203.0.113.0/24 (TEST-NET-3): there mldht binds 0.0.0.0 and every packet
 * stays inside the namespace. Checked: a raw KRPC ping and get_peers answered by Sower's node
 * (get_peers returns Sower's peer address), Sower's routing table holding libtorrent's node
 * (joined through the configured bootstrap node), and libtorrent downloading the torrent.
 */
class DhtDiscoveryIT {
  static final String DRIVER = """
      import json, os, socket, subprocess, sys, threading, time
      import libtorrent as lt
      java, config, torrent, save = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
      host, dht_port, bt_port = sys.argv[5], int(sys.argv[6]), int(sys.argv[7])
      lt_host, lt_port = sys.argv[8], int(sys.argv[9])
      lines = []
      sower = subprocess.Popen(java + [config], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
      def pump():
          for line in sower.stdout:
              lines.append(line.rstrip())
              if not line.startswith('dht-nodes'):
                  print('sower:', line.rstrip(), flush=True)
      threading.Thread(target=pump, daemon=True).start()
      def wait_for(what, seconds):
          deadline = time.time() + seconds
          while time.time() < deadline:
              if any(what(l) for l in list(lines)):
                  return
              if sower.poll() is not None:
                  sys.exit('sower exited %s' % sower.returncode)
              time.sleep(0.1)
          sys.exit('timeout waiting for sower')
      wait_for(lambda l: l == 'seeding', 120)
      def krpc(query, args):
          s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
          s.settimeout(5)
          args = dict(args, id=b'\\x11' * 20)
          s.sendto(lt.bencode({'t': b'tx', 'y': b'q', 'q': query.encode(), 'a': args}),
                   (host, dht_port))
          reply = lt.bdecode(s.recvfrom(4096)[0])
          assert reply[b't'] == b'tx' and reply[b'y'] == b'r', reply
          return reply[b'r']
      pong = krpc('ping', {})
      assert len(pong[b'id']) == 20, pong
      print('ping ok, node id', pong[b'id'].hex(), flush=True)
      ti = lt.torrent_info(torrent)
      peers = krpc('get_peers', {'info_hash': ti.info_hash().to_bytes()})
      values = peers.get(b'values', [])
      expected = socket.inet_aton(host) + bt_port.to_bytes(2, 'big')
      assert expected in values, peers
      print('get_peers ok:', len(values), 'peer(s), token', len(peers[b'token']), 'bytes', flush=True)
      ses = lt.session({'listen_interfaces': '%s:%d' % (lt_host, lt_port), 'enable_dht': True,
                        'dht_bootstrap_nodes': '%s:%d' % (host, dht_port), 'enable_lsd': False,
                        'enable_upnp': False, 'enable_natpmp': False,
                        'dht_restrict_routing_ips': False, 'dht_restrict_search_ips': False,
                        'dht_ignore_dark_internet': False, 'dht_prefer_verified_node_ids': False,
                        'alert_mask': lt.alert.category_t.dht_notification})
      deadline = time.time() + 60
      while not any(isinstance(a, lt.dht_bootstrap_alert) for a in ses.pop_alerts()):
          if time.time() > deadline:
              sys.exit('libtorrent DHT did not bootstrap')
          time.sleep(0.2)
      print('libtorrent DHT bootstrapped', flush=True)
      h = ses.add_torrent({'ti': ti, 'save_path': save})
      h.force_dht_announce()
      deadline = time.time() + 120
      while not h.status().is_seeding:
          if time.time() > deadline:
              s = h.status()
              sys.exit('download timeout: state %s progress %s peers %s' % (s.state, s.progress, s.num_peers))
          time.sleep(0.2)
      print('downloaded', h.status().total_payload_download, flush=True)
      wait_for(lambda l: l.startswith('dht-nodes ') and int(l.split()[1]) >= 1, 60)
      print('sower', [l for l in lines if l.startswith('dht-nodes')][-1], flush=True)
      sower.stdin.close()
      sower.wait(20)
      print('sower exit', sower.returncode, flush=True)
      """;

  @TempDir
  Path tmp;

  @Test
  void libtorrentFindsSowerThroughTheDhtAloneAndDownloads() throws Exception {
    assumeTrue(new ProcessBuilder("unshare", "-n", "true").start().waitFor() == 0,
        "needs unshare -n (root) for a network namespace of the test's own");
    Path dataset = tmp.resolve("sample");
    new SampleGenerator(s -> { }).generate(new SampleOptions(dataset, 200, 11, 2026, 24));
    Path release = Files.createDirectories(tmp.resolve("release"));
    Path torrent = release.resolve("sample.torrent");
    // No announce URL: the torrent names no tracker.
    Proc.run(tmp.resolve("mktorrent.log"), tmp, Duration.ofSeconds(120), List.of("mktorrent",
        "-l", "16", "-o", torrent.toString(), dataset.toString()));
    // A fresh namespace: every port is free. Its lo also carries 203.0.113.0/24 (TEST-NET-3,
    // never routed): mldht keeps loopback and private addresses out of its routing table (the
    // bogon filter that Bt's patch of mldht relaxes is not in the published bt-dht 1.10 jar).
    String host = "203.0.113.1";
    String ltHost = "203.0.113.2";
    int dhtPort = 7881;
    int btPort = 6881;
    int ltPort = 6991;
    Path config = tmp.resolve("sower.yaml");
    Files.writeString(config, """
        dataset: %s
        torrents: %s
        state-dir: %s
        http:
          listen: 127.0.0.1:8080
        bittorrent:
          listen: %s:%d
          dht:
            enabled: true
            listen: 0.0.0.0:%d
            bootstrap: [%s:%d]
        rsync:
          enabled: false
        """.formatted(dataset, release, tmp.resolve("state"), host, btPort, dhtPort, ltHost,
        ltPort));
    Path script = Files.writeString(tmp.resolve("driver.py"), DRIVER, StandardCharsets.UTF_8);
    Path out = Files.createDirectories(tmp.resolve("lt"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> seeder = List.of(java, "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED",
        "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        DhtSeederMain.class.getName());
    List<String> cmd = new ArrayList<>(List.of("unshare", "-n", "/bin/sh", "-c",
        "ip link set lo up && ip addr add 203.0.113.1/24 dev lo && exec \"$@\"", "sh",
        "/usr/bin/python3", script.toString(), json(seeder), config.toString(),
        torrent.toString(), out.toString(), host, "" + dhtPort, "" + btPort, ltHost,
        "" + ltPort));
    String output = Proc.run(tmp.resolve("driver.log"), tmp, Duration.ofSeconds(300), cmd);
    System.out.println(output);
    assertThat(output).contains("ping ok", "get_peers ok", "libtorrent DHT bootstrapped",
        "downloaded", "sower exit 0").containsPattern("sower dht-nodes [1-9]");
    assertThat(Trees.differences(dataset, out.resolve("sample"),
        Trees.Quirk.RENAMES_NON_UTF8)).isEmpty();
  }

  private static String json(List<String> args) {
    StringBuilder sb = new StringBuilder("[");
    for (String a : args) {
      sb.append(sb.length() > 1 ? "," : "").append('"')
          .append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return sb.append(']').toString();
  }
}
