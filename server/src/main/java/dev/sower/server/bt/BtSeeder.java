package dev.sower.server.bt;

import bt.Bt;
import bt.runtime.BtClient;
import bt.runtime.BtRuntime;
import bt.protocol.crypto.EncryptionPolicy;
import bt.runtime.Config;
import bt.torrent.TorrentSessionState;
import bt.torrent.fileselector.FilePriority;
import bt.tracker.http.HttpTrackerModule;
import dev.sower.server.seed.DatasetReader;
import dev.sower.server.seed.PreparedTorrent;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Bt runtime seeding any number of prepared torrents from the dataset on one port. The only
 * entry point into Bt: nothing of Bt's appears in its signatures.
 */
public final class BtSeeder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BtSeeder.class);

  /** Runtime settings. {@code announceUrls} empty means each torrent's own announce list. */
  public record Settings(InetAddress bindAddress, int port, List<String> announceUrls,
      int maxPeerConnections, int maxPeerConnectionsPerTorrent) {
    public Settings {
      announceUrls = List.copyOf(announceUrls);
    }
  }

  /** Live numbers for one torrent, refreshed every second. */
  public record TorrentStats(String infoHash, long uploadedBytes, int connectedPeers,
      int piecesAnnounced, int piecesTotal) {}

  private final BtRuntime runtime;
  private final List<Seeded> seeded = new ArrayList<>();
  private final Map<String, TorrentStats> stats = new ConcurrentHashMap<>();

  private record Seeded(CompactTorrent torrent, BtClient client) {}

  private BtSeeder(BtRuntime runtime) {
    this.runtime = runtime;
  }

  /** Starts the runtime and begins seeding every torrent; returns when all are registered. */
  public static BtSeeder start(Settings settings, DatasetReader reader,
      List<PreparedTorrent> torrents) {
    Config config = new Config();
    config.setAcceptorAddress(settings.bindAddress());
    config.setAcceptorPort(settings.port());
    config.setMaxPeerConnections(settings.maxPeerConnections());
    config.setMaxPeerConnectionsPerTorrent(settings.maxPeerConnectionsPerTorrent());
    config.setShutdownHookTimeout(Duration.ofSeconds(5));
    config.setTrackerTimeout(Duration.ofSeconds(5));
    // Public data: plain BitTorrent handshakes only. Bt's outgoing MSE negotiation garbles the
    // stream with transmission 3.00, which only Bt can connect to (transmission ignores
    // loopback peers from trackers).
    config.setEncryptionPolicy(EncryptionPolicy.REQUIRE_PLAINTEXT);
    config.setMseDisabled(true);
    BtRuntime runtime = BtRuntime.builder(config)
        .module(new HttpTrackerModule())
        .module(new SowerBtModule())
        .disableAutomaticShutdown()
        .disableLocalServiceDiscovery()
        .disablePeerExchange()
        .build();
    BtSeeder seeder = new BtSeeder(runtime);
    DatasetStorage storage = new DatasetStorage(reader);
    try {
      for (PreparedTorrent prepared : torrents) {
        List<String> urls = settings.announceUrls().isEmpty()
            ? prepared.torrent().announceUrls() : settings.announceUrls();
        CompactTorrent torrent = new CompactTorrent(prepared, urls);
        BtClient client = Bt.client(runtime)
            .storage(storage)
            .torrent(() -> torrent)
            // Never download: every file is "skipped", so Bt assigns no piece to fetch.
            .fileSelector(file -> FilePriority.SKIP)
            .build();
        String hex = prepared.torrent().infoHashHex();
        client.startAsync(state -> seeder.record(hex, state), 1000);
        seeder.seeded.add(new Seeded(torrent, client));
      }
    } catch (RuntimeException e) {
      seeder.close();
      throw e;
    }
    return seeder;
  }

  private void record(String hex, TorrentSessionState state) {
    stats.put(hex, new TorrentStats(hex, state.getUploaded(), state.getConnectedPeers().size(),
        state.getPiecesComplete(), state.getPiecesTotal()));
  }

  public List<TorrentStats> stats() {
    return List.copyOf(stats.values());
  }

  /**
   * Stops every torrent (Bt announces "stopped" to its trackers), waits up to {@code timeout} for
   * those announces, then shuts the runtime down.
   */
  public void stop(Duration timeout) {
    CountDownLatch stopped = new CountDownLatch(seeded.size());
    for (Seeded s : seeded) {
      runtime.getEventSource().onTorrentStopped(s.torrent().getTorrentId(),
          e -> stopped.countDown());
    }
    for (Seeded s : seeded) {
      try {
        s.client().stop();
      } catch (RuntimeException e) {
        LOG.warn("stopping torrent {} failed", s.torrent().seed(), e);
      }
    }
    try {
      if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} of {} torrents did not confirm 'stopped' within {} s", stopped.getCount(),
            seeded.size(), timeout.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runtime.shutdown();
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(3));
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
