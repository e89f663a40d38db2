package dev.sower.server.bt;

import bt.Bt;
import bt.metainfo.TorrentId;
import bt.net.ConnectionKey;
import bt.net.IConnectionHandlerFactory;
import bt.net.IPeerConnectionPool;
import bt.peer.IPeerRegistry;
import bt.protocol.crypto.EncryptionPolicy;
import bt.runtime.BtClient;
import bt.runtime.BtRuntime;
import bt.runtime.Config;
import bt.service.IdentityService;
import bt.torrent.TorrentSessionState;
import bt.torrent.fileselector.FilePriority;
import bt.tracker.AnnounceKey;
import bt.tracker.ITrackerService;
import bt.tracker.TrackerResponse;
import bt.tracker.http.HttpTrackerModule;
import dev.sower.server.seed.DatasetReader;
import dev.sower.server.seed.PreparedTorrent;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
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
  private final PeerInterest interest;
  private final List<Seeded> seeded = new ArrayList<>();
  private final Map<String, TorrentStats> stats = new ConcurrentHashMap<>();

  private record Seeded(CompactTorrent torrent, BtClient client, List<String> extraTrackers) {}

  private BtSeeder(BtRuntime runtime, PeerInterest interest) {
    this.runtime = runtime;
    this.interest = interest;
  }

  /** Starts the runtime and begins seeding every torrent; returns when all are registered. */
  public static BtSeeder start(Settings settings, DatasetReader reader,
      List<PreparedTorrent> torrents) {
    return start(settings, reader, torrents, AnnounceListener.NONE);
  }

  /** As {@link #start(Settings, DatasetReader, List)}, reporting every announce to {@code announces}. */
  public static BtSeeder start(Settings settings, DatasetReader reader,
      List<PreparedTorrent> torrents, AnnounceListener announces) {
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
    PeerInterest interest = new PeerInterest();
    BtRuntime runtime = BtRuntime.builder(config)
        .module(new HttpTrackerModule())
        .module(new SowerBtModule())
        .module(new ObservingBtModule(interest, announces))
        .disableAutomaticShutdown()
        .disableLocalServiceDiscovery()
        .disablePeerExchange()
        .build();
    BtSeeder seeder = new BtSeeder(runtime, interest);
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
        // Bt announces to one tracker per torrent; every further tracker is an extra peer source
        // (announced to periodically) and is sent "stopped" by stop().
        List<String> extra = urls.size() > 1 ? urls.subList(1, urls.size()) : List.of();
        for (String url : extra) {
          runtime.service(IPeerRegistry.class).addPeerSource(torrent.getTorrentId(),
              new AnnounceKey(url));
        }
        seeder.seeded.add(new Seeded(torrent, client, List.copyOf(extra)));
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

  /** Peer connections of one torrent now: who opened them, and how many peers are interested. */
  public record PeerCounts(String infoHash, int incoming, int outgoing, int interested) {}

  /**
   * Nodes in the DHT routing table, or empty while this runtime runs no DHT (this build: none;
   * the DHT module reports its routing table size here).
   */
  public OptionalInt dhtNodes() {
    return OptionalInt.empty();
  }

  /** Counts the open peer connections of every torrent (cheap: walks Bt's connection pool). */
  public List<PeerCounts> peerCounts() {
    PeerDirections directions =
        (PeerDirections) runtime.service(IConnectionHandlerFactory.class);
    IPeerConnectionPool pool = runtime.service(IPeerConnectionPool.class);
    List<PeerCounts> out = new ArrayList<>(seeded.size());
    for (Seeded s : seeded) {
      TorrentId id = s.torrent().getTorrentId();
      int[] counts = new int[3];
      Set<ConnectionKey> live = new HashSet<>();
      pool.visitConnections(id, c -> {
        PeerDirections.Direction d = c.isClosed() ? null : directions.of(c);
        if (d == null) {
          return; // closed, or still in its handshake
        }
        counts[d.ordinal()]++;
        ConnectionKey key = new ConnectionKey(c.getRemotePeer(), c.getRemotePort(), id);
        live.add(key);
        if (interest.isInterested(key)) {
          counts[2]++;
        }
      });
      interest.retainOnly(id, live);
      out.add(new PeerCounts(s.torrent().seed().infoHashHex(), counts[0], counts[1], counts[2]));
    }
    return out;
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
    List<Thread> extraStops = new ArrayList<>();
    for (Seeded s : seeded) {
      try {
        s.client().stop();
      } catch (RuntimeException e) {
        LOG.warn("stopping torrent {} failed", s.torrent().seed(), e);
      }
      // Bt's own "stopped" to the first tracker shares one HTTP connection per tracker between
      // all torrents and fails for all but one of them ("Connection is still allocated") when
      // they stop together: send it directly too (a second "stopped" is harmless).
      List<String> urls = new ArrayList<>(s.extraTrackers());
      String first = s.torrent().getAnnounceKey().map(k -> k.getTrackerUrl()).orElse(null);
      if (first != null && (first.startsWith("http://") || first.startsWith("https://"))) {
        urls.add(first);
      }
      for (String url : urls) {
        Thread t = new Thread(() -> announceStopped(s.torrent(), url), "sower-stop-announce");
        t.setDaemon(true);
        t.start();
        extraStops.add(t);
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Thread t : extraStops) {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
      if (!stopped.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000),
          TimeUnit.MILLISECONDS)) {
        LOG.warn("{} of {} torrents did not confirm 'stopped' within {} s", stopped.getCount(),
            seeded.size(), timeout.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runtime.shutdown();
  }

  private void announceStopped(CompactTorrent torrent, String url) {
    try {
      if (url.startsWith("http://") || url.startsWith("https://")) {
        // Bt's HTTP tracker client has one connection per tracker, which its periodic query may
        // hold ("Connection is still allocated"): send this one request directly.
        httpStopped(torrent, url);
        return;
      }
      ITrackerService trackers = runtime.service(ITrackerService.class);
      if (!trackers.isSupportedProtocol(url)) {
        return;
      }
      TrackerResponse response = trackers.getTracker(url).request(torrent.getTorrentId())
          .numWant(0).stop();
      if (!response.isSuccess()) {
        LOG.warn("tracker {} refused 'stopped' for {}: {}", url, torrent.seed(),
            response.getErrorMessage());
      }
    } catch (RuntimeException e) {
      LOG.warn("could not send 'stopped' to {} for {}: {}", url, torrent.seed(), e.toString());
    }
  }

  private void httpStopped(CompactTorrent torrent, String url) {
    byte[] peerId = runtime.service(IdentityService.class).getLocalPeerId().getBytes();
    String query = "info_hash=" + percent(torrent.seed().infoHash()) + "&peer_id="
        + percent(peerId) + "&port=" + runtime.getConfig().getAcceptorPort()
        + "&uploaded=0&downloaded=0&left=0&numwant=0&compact=1&event=stopped";
    HttpRequest request = HttpRequest.newBuilder(
            URI.create(url + (url.contains("?") ? "&" : "?") + query))
        .timeout(Duration.ofSeconds(4)).GET().build();
    try {
      HttpResponse<Void> response = HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3)).build()
          .send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        LOG.warn("tracker {} answered HTTP {} to 'stopped' for {}", url, response.statusCode(),
            torrent.seed());
      }
    } catch (java.io.IOException e) {
      LOG.warn("could not send 'stopped' to {} for {}: {}", url, torrent.seed(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String percent(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
          .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
    }
    return sb.toString();
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(3));
  }
}
