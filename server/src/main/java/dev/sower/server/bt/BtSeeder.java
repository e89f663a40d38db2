package dev.sower.server.bt;

import bt.Bt;
import bt.metainfo.TorrentId;
import bt.net.ConnectionKey;
import bt.net.IConnectionHandlerFactory;
import bt.net.IPeerConnectionPool;
import bt.net.SocketChannelConnectionAcceptor;
import bt.peer.IPeerRegistry;
import bt.protocol.crypto.EncryptionPolicy;
import bt.runtime.BtClient;
import bt.runtime.BtRuntime;
import bt.runtime.BtRuntimeBuilder;
import bt.runtime.Config;
import bt.torrent.TorrentRegistry;
import bt.torrent.fileselector.FilePriority;
import bt.tracker.AnnounceKey;
import dev.sower.server.seed.DatasetReader;
import dev.sower.server.seed.PreparedTorrent;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Bt runtime on one port for the daemon's whole life, seeding any number of prepared torrents
 * from the dataset. Releases come and go as {@link SeededTorrents} on the same runtime, so a
 * reload never stops the runtime nor rebinds the port. The only entry point into Bt: nothing of
 * Bt's appears in its signatures.
 */
public final class BtSeeder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BtSeeder.class);
  /** Longest idle sleep of Bt's message dispatcher (see {@link #start(Settings, AnnounceListener)}). */
  static final Duration MAX_DISPATCHER_SLEEP = Duration.ofMillis(5);

  /** Runtime settings. {@code announceUrls} empty means each torrent's own announce list. */
  public record Settings(InetAddress bindAddress, int port, List<String> announceUrls,
      int maxPeerConnections, int maxPeerConnectionsPerTorrent, SwarmSettings swarm) {
    public Settings {
      announceUrls = List.copyOf(announceUrls);
    }

    /** No DHT, no upload rate limit. */
    public Settings(InetAddress bindAddress, int port, List<String> announceUrls,
        int maxPeerConnections, int maxPeerConnectionsPerTorrent) {
      this(bindAddress, port, announceUrls, maxPeerConnections, maxPeerConnectionsPerTorrent,
          SwarmSettings.OFF);
    }
  }

  /** Live numbers for one torrent, refreshed every second. */
  public record TorrentStats(String infoHash, long uploadedBytes, int connectedPeers,
      int piecesAnnounced, int piecesTotal) {}

  private final BtRuntime runtime;
  private final SowerConnectionAcceptor acceptor;
  private final List<String> announceUrls;
  /** The DHT node, or null when the DHT is off. */
  private final DhtNode dht;
  private final PeerInterest interest;
  private final Set<SeededTorrents> running = ConcurrentHashMap.newKeySet();

  private BtSeeder(BtRuntime runtime, SowerConnectionAcceptor acceptor,
      List<String> announceUrls, DhtNode dht, PeerInterest interest) {
    this.runtime = runtime;
    this.interest = interest;
    this.acceptor = acceptor;
    this.announceUrls = announceUrls;
    this.dht = dht;
  }

  /**
   * Builds the runtime, binds the BitTorrent port (throwing a clear error when it is taken) and
   * starts the runtime's network services; seeds nothing yet.
   */
  public static BtSeeder start(Settings settings) throws IOException {
    return start(settings, AnnounceListener.NONE);
  }

  /** As {@link #start(Settings)}, reporting every announce to a tracker to {@code announces}. */
  public static BtSeeder start(Settings settings, AnnounceListener announces) throws IOException {
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
    // The message dispatcher (WakingMessageDispatcher) is woken when there is work and waits at
    // most this long when idle, for Bt's time-driven producers (the choker's delayed unchoke).
    // Bt's own dispatcher slept up to this bound with nothing to wake it; its 100 ms default
    // stalled cold serving. 5 ms costs at most 200 idle wake-ups a second.
    config.setMaxMessageProcessingInterval(MAX_DISPATCHER_SLEEP);
    PeerInterest interest = new PeerInterest();
    BtRuntimeBuilder builder = BtRuntime.builder(config)
        .module(new HttpAnnounceModule())
        .module(new SowerBtModule(settings.swarm()))
        .module(new ObservingBtModule(interest, announces));
    if (settings.swarm().dht().enabled()) {
      builder.module(new SowerDhtModule(settings.swarm().dht()));
    }
    BtRuntime runtime = builder
        .disableAutomaticShutdown()
        .disableLocalServiceDiscovery()
        .disablePeerExchange()
        .build();
    SowerConnectionAcceptor acceptor =
        (SowerConnectionAcceptor) runtime.service(SocketChannelConnectionAcceptor.class);
    acceptor.bind();
    DhtNode dht = settings.swarm().dht().enabled() ? runtime.service(DhtNode.class) : null;
    try {
      runtime.startup();
      if (dht != null) {
        dht.start();
      }
    } catch (IOException | RuntimeException e) {
      if (dht != null) {
        dht.stop();
      }
      acceptor.close();
      try {
        runtime.shutdown();
      } catch (RuntimeException shutdownFailure) {
        e.addSuppressed(shutdownFailure);
      }
      throw e;
    }
    return new BtSeeder(runtime, acceptor, settings.announceUrls(), dht, interest);
  }

  /**
   * Registers and starts every torrent of one release; returns once Bt reports each one started,
   * so a later {@link SeededTorrents#stop} always finds it running (a client stopped before its
   * start completes would start anyway and never stop). Throws, having stopped what started, when
   * a torrent's info-hash is still seeded by another release or a torrent does not start.
   */
  public SeededTorrents seed(DatasetReader reader, List<PreparedTorrent> torrents) {
    SeededTorrents release = new SeededTorrents(this, runtime);
    DatasetStorage storage = new DatasetStorage(reader);
    TorrentRegistry registry = runtime.service(TorrentRegistry.class);
    try {
      for (PreparedTorrent prepared : torrents) {
        List<String> urls = announceUrls.isEmpty()
            ? prepared.torrent().announceUrls() : announceUrls;
        // Bt reaches the trackers only as peer sources (periodic "started", then queries; HTTP
        // ones through HttpAnnounceTrackerFactory, so the torrents' concurrent queries all get
        // through) and SeededTorrents.stop sends every "stopped" itself, within its own bound.
        // A private torrent's one tracker is queried only through its announce key.
        boolean isPrivate = prepared.torrent().isPrivate();
        List<String> trackers = isPrivate && urls.size() > 1 ? urls.subList(0, 1) : urls;
        CompactTorrent torrent = new CompactTorrent(prepared, isPrivate ? trackers : List.of());
        String hex = prepared.torrent().infoHashHex();
        if (registry.getDescriptor(torrent.getTorrentId()).isPresent()) {
          throw new IllegalStateException("torrent " + hex + " is still seeded by another release");
        }
        BtClient client = Bt.client(runtime)
            .storage(storage)
            .torrent(() -> torrent)
            // Never download: every file is "skipped", so Bt assigns no piece to fetch.
            .fileSelector(file -> FilePriority.SKIP)
            .build();
        client.startAsync(state -> release.record(hex, state), 1000);
        if (!isPrivate) {
          for (String url : trackers) {
            runtime.service(IPeerRegistry.class).addPeerSource(torrent.getTorrentId(),
                new AnnounceKey(url));
          }
        }
        release.add(torrent, client, List.copyOf(trackers));
        if (dht != null) {
          dht.seed(torrent.getTorrentId());
        }
      }
      release.awaitStarted(START_TIMEOUT);
    } catch (RuntimeException e) {
      release.stop(Duration.ofSeconds(3));
      throw e;
    }
    running.add(release);
    return release;
  }

  /** How long one release's torrents may take to register with Bt and start. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Stops every release still seeded (each torrent announces "stopped", waiting at most
   * {@code timeout}), then shuts the runtime down and releases the port.
   */
  public void stop(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (SeededTorrents release : List.copyOf(running)) {
      release.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    running.clear();
    if (dht != null) {
      dht.stop();
    }
    shutdownRuntime(Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime())));
    acceptor.close();
  }

  /** Peer connections of one torrent now: who opened them, and how many peers are interested. */
  public record PeerCounts(String infoHash, int incoming, int outgoing, int interested) {}

  /** Counts the open peer connections of every torrent (cheap: walks Bt's connection pool). */
  public List<PeerCounts> peerCounts() {
    PeerDirections directions =
        (PeerDirections) runtime.service(IConnectionHandlerFactory.class);
    IPeerConnectionPool pool = runtime.service(IPeerConnectionPool.class);
    List<PeerCounts> out = new ArrayList<>();
    for (CompactTorrent torrent : running.stream().flatMap(r -> r.torrents().stream()).toList()) {
      TorrentId id = torrent.getTorrentId();
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
      out.add(new PeerCounts(torrent.seed().infoHashHex(), counts[0], counts[1], counts[2]));
    }
    return out;
  }

  /**
   * Bt's shutdown runs its hooks with no overall bound (closing the selector waits for its
   * receiving thread, which spins once interrupted): run it aside and stop waiting at the bound.
   */
  private void shutdownRuntime(Duration bound) {
    Thread t = new Thread(runtime::shutdown, "sower-bt-shutdown");
    t.setDaemon(true);
    t.start();
    try {
      t.join(Math.max(1, bound.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      LOG.warn("the BitTorrent runtime did not finish shutting down within {} ms; going on",
          bound.toMillis());
    }
  }

  void released(SeededTorrents release) {
    running.remove(release);
    if (dht != null) {
      release.torrentIds().forEach(dht::unseed);
    }
  }

  /** Nodes in the DHT routing table; empty when the DHT is off. */
  public OptionalInt dhtNodes() {
    return dht == null ? OptionalInt.empty() : OptionalInt.of(dht.routingTableNodes());
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(3));
  }
}
