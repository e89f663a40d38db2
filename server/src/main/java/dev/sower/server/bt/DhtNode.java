package dev.sower.server.bt;

import bt.metainfo.TorrentId;
import bt.runtime.Config;
import bt.service.IRuntimeLifecycleBinder;
import com.google.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import lbms.plugins.mldht.DHTConfiguration;
import lbms.plugins.mldht.kad.DHT;
import lbms.plugins.mldht.kad.DHTLogger;
import lbms.plugins.mldht.kad.Key;
import lbms.plugins.mldht.kad.PeerAddressDBItem;
import lbms.plugins.mldht.kad.RPCServer;
import lbms.plugins.mldht.kad.tasks.PeerLookupTask;
import lbms.plugins.mldht.kad.utils.AddressUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sower's mainline DHT node (mldht, shaded in bt-dht). It replaces Bt's {@code MldhtService},
 * which binds the DHT to the peer port's address (so no DHT on a loopback-bound peer port), stores
 * the peer address 0.0.0.0 when the peer port listens on all interfaces, keeps no state between
 * restarts (a new temporary directory each time) and hides the routing table; and Bt's DHT peer
 * source, which starts a lookup per torrent every few seconds and blocks Bt's peer discovery
 * while the DHT is not reachable. A seeder needs no peers from the DHT, only to be found: every
 * torrent is announced as a seed (get_peers lookup, then announce_peer) once the node is
 * reachable and then every {@link #ANNOUNCE_INTERVAL_MINUTES} minutes, and the node answers
 * get_peers for its own torrents with the peer address.
 */
final class DhtNode {
  private static final Logger LOG = LoggerFactory.getLogger(DhtNode.class);
  static final int ANNOUNCE_INTERVAL_MINUTES = 15;
  private static final int TICK_SECONDS = 5;
  /** While the routing table is empty, the bootstrap nodes are pinged again this often. */
  private static final long BOOTSTRAP_RETRY_NANOS = TimeUnit.SECONDS.toNanos(15);

  static {
    DHT.setLogger(new DHTLogger() {
      @Override
      public void log(String message, DHT.LogLevel level) {
        LOG.debug("mldht {}: {}", level, message);
      }

      @Override
      public void log(Throwable error, DHT.LogLevel level) {
        LOG.debug("mldht {}", level, error);
      }
    });
  }

  private final SwarmSettings.Dht settings;
  private final Config config;
  private final DHT dht = new DHT(DHT.DHTtype.IPV4_DHT);
  private final Map<TorrentId, Long> nextAnnounce = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private volatile boolean running;
  private long lastBootstrap = System.nanoTime() - BOOTSTRAP_RETRY_NANOS;

  @Inject
  DhtNode(SwarmSettings.Dht settings, Config config, IRuntimeLifecycleBinder lifecycle) {
    this.settings = settings;
    this.config = config;
    this.timer = DaemonThreads.scheduler("sower-dht");
    lifecycle.onShutdown("Shutdown Sower DHT node", this::stop);
  }

  /** Binds the UDP port and joins through the bootstrap nodes; throws if the port is taken. */
  synchronized void start() throws IOException {
    if (running) {
      return;
    }
    InetSocketAddress listen = settings.listen();
    // mldht binds in the background and only logs a failure: find a taken port here.
    IOException taken = tryBind(listen);
    if (taken != null) {
      throw new IOException("DHT cannot listen on UDP " + listen + ": " + taken.getMessage(),
          taken);
    }
    for (InetSocketAddress node : settings.bootstrap()) {
      InetSocketAddress resolved = new InetSocketAddress(node.getHostString(), node.getPort());
      if (resolved.isUnresolved() || AddressUtils.isBogon(resolved)) {
        LOG.warn("DHT bootstrap node {} is {}: the DHT library ignores it", node,
            resolved.isUnresolved() ? "not resolvable" : "not a public address");
      }
    }
    Path storage = Files.createDirectories(settings.stateDir().resolve("dht"));
    dht.start(configuration(storage));
    running = true;
    timer.scheduleWithFixedDelay(this::tick, 0, TICK_SECONDS, TimeUnit.SECONDS);
    LOG.info("DHT node on UDP {} ({} bootstrap nodes{})", listen, settings.bootstrap().size(),
        settings.bootstrap().isEmpty() ? ": the public routers" : "");
  }

  /** Announces {@code torrent} as a seed from now on. */
  void seed(TorrentId torrent) {
    storeSelf(torrent);
    nextAnnounce.put(torrent, System.nanoTime());
  }

  /** Stops announcing {@code torrent} (its stored self-entry expires on its own). */
  void unseed(TorrentId torrent) {
    nextAnnounce.remove(torrent);
  }

  /** Nodes in the routing table (0 before the node has joined or after it stopped). */
  int routingTableNodes() {
    lbms.plugins.mldht.kad.Node node = running ? dht.getNode() : null;
    return node != null ? node.getNumEntriesInRoutingTable() : 0;
  }

  /**
   * Stops the node; returns once its UDP port is free again (mldht closes the socket on its
   * selector thread a little later), so the next release's node can bind it at once.
   */
  synchronized void stop() {
    if (running) {
      running = false;
      timer.shutdownNow();
      dht.stop();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (tryBind(settings.listen()) != null && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Binds and closes a UDP socket on {@code address}; null if that worked, else the error. */
  private static IOException tryBind(InetSocketAddress address) {
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(address);
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  private void tick() {
    try {
      if (!running) {
        return;
      }
      long now = System.nanoTime();
      if (routingTableNodes() == 0 && now - lastBootstrap >= BOOTSTRAP_RETRY_NANOS) {
        lastBootstrap = now;
        for (InetSocketAddress node : settings.bootstrap()) {
          dht.addDHTNode(node.getHostString(), node.getPort());
        }
      }
      for (Map.Entry<TorrentId, Long> e : nextAnnounce.entrySet()) {
        if (e.getValue() - now <= 0 && announce(e.getKey())) {
          long jitter = ThreadLocalRandom.current().nextLong(TimeUnit.MINUTES.toNanos(1));
          e.setValue(now + TimeUnit.MINUTES.toNanos(ANNOUNCE_INTERVAL_MINUTES) + jitter);
        }
      }
    } catch (RuntimeException e) {
      if (running) { // mldht clears its state on stop, under a tick that may still run
        LOG.warn("DHT maintenance failed: {}", e.toString(), e);
      }
    }
  }

  /** Starts a lookup + announce for {@code torrent}; false if the node is not reachable yet. */
  private boolean announce(TorrentId torrent) {
    storeSelf(torrent);
    PeerLookupTask lookup = dht.createPeerLookup(torrent.getBytes());
    if (lookup == null) {
      return false;
    }
    lookup.addListener(t -> dht.announce(lookup, true, config.getAcceptorPort()));
    dht.getTaskManager().addTask(lookup);
    LOG.debug("DHT announce of {} started", torrent);
    return true;
  }

  /** Answers get_peers for our own torrents directly (values expire after 30 minutes). */
  private void storeSelf(TorrentId torrent) {
    InetAddress self = ownAddress();
    if (self != null) {
      dht.getDatabase().store(new Key(torrent.getBytes()),
          PeerAddressDBItem.createFromAddress(self, config.getAcceptorPort(), true));
    }
  }

  /** The peer port's address, or the DHT's view of our external address when it is 0.0.0.0. */
  private InetAddress ownAddress() {
    InetAddress acceptor = config.getAcceptorAddress();
    if (!acceptor.isAnyLocalAddress()) {
      return acceptor;
    }
    List<RPCServer> servers = dht.getServerManager().getAllServers();
    return servers.stream().map(RPCServer::getConsensusExternalAddress)
        .filter(a -> a != null).map(InetSocketAddress::getAddress).findFirst().orElse(null);
  }

  private DHTConfiguration configuration(Path storage) {
    InetAddress bind = settings.listen().getAddress();
    boolean ownBootstrap = !settings.bootstrap().isEmpty();
    int port = settings.listen().getPort();
    return new DHTConfiguration() {
      @Override
      public boolean isPersistingID() {
        return true;
      }

      @Override
      public Path getStoragePath() {
        return storage;
      }

      @Override
      public int getListeningPort() {
        return port;
      }

      @Override
      public boolean noRouterBootstrap() {
        // Configured bootstrap nodes replace mldht's public routers. (Bt's source also patches
        // mldht to admit private addresses under this flag; the published 1.10 jar lacks it.)
        return ownBootstrap;
      }

      @Override
      public boolean allowMultiHoming() {
        return false;
      }

      @Override
      public Predicate<InetAddress> filterBindAddress() {
        return address -> bind == null || bind.isAnyLocalAddress() || bind.equals(address);
      }
    };
  }
}
