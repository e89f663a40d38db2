package dev.sower.server;

import dev.sower.server.bt.AnnounceListener;
import dev.sower.server.bt.BtSeeder;
import dev.sower.server.bt.SwarmSettings;
import dev.sower.server.config.SowerConfig;
import dev.sower.server.http.HttpListener;
import dev.sower.server.scrape.ExternalScrapes;
import dev.sower.server.scrape.SwarmCounts;
import dev.sower.server.seed.SeedTorrent;
import dev.sower.server.seed.TorrentFileReader;
import dev.sower.server.tracker.EmbeddedTracker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BitTorrent half of {@code sower serve}: the HTTP listener with the embedded tracker, and
 * the {@link SeedingService} announcing to it and to the configured external trackers. Starts
 * completely or not at all; {@link #stop(Duration)} sends "stopped" to every tracker before the
 * HTTP listener closes; {@link #reload(Path)} switches to another release directory without
 * re-hashing unchanged files. One {@link BtSeeder} (Bt runtime and listening port) serves every
 * release for the daemon's whole life.
 */
public final class SeedingDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SeedingDaemon.class);

  private final SowerConfig config;
  private final EmbeddedTracker tracker;
  private final HttpListener http;
  private volatile Path torrentsDir;
  private volatile BtSeeder bt;
  private volatile SeedingService seeding;
  private final AnnounceListener externalAnnounces;
  private volatile ExternalScrapes externalScrapes;

  private SeedingDaemon(SowerConfig config, EmbeddedTracker tracker, HttpListener http,
      Path torrentsDir, AnnounceListener announces) {
    this.config = config;
    this.tracker = tracker;
    this.http = http;
    this.torrentsDir = torrentsDir;
    Set<String> external = Set.copyOf(config.bittorrent().announce());
    this.externalAnnounces = (hash, url, outcome, took) -> {
      if (external.contains(url)) {
        announces.announced(hash, url, outcome, took);
      }
    };
  }

  /** Starts the HTTP listener, then seeding; on any failure stops what started and throws. */
  public static SeedingDaemon start(SowerConfig config) throws IOException {
    return start(config, AnnounceListener.NONE);
  }

  /**
   * As {@link #start(SowerConfig)}; {@code announces} hears of every announce to an external
   * tracker ({@code bittorrent.announce}), whose swarms are also scraped every
   * {@link ExternalScrapes#INTERVAL} ({@link #externalSwarms()}).
   */
  public static SeedingDaemon start(SowerConfig config, AnnounceListener announces)
      throws IOException {
    SowerConfig.Tracker t = config.tracker();
    EmbeddedTracker tracker = new EmbeddedTracker(t.interval(), t.maxPeersPerTorrent(),
        Clock.systemUTC());
    SeedingDaemon[] self = new SeedingDaemon[1];
    HttpListener http = HttpListener.start(config.http().listen().socketAddress(), tracker,
        () -> self[0] == null ? null : self[0].torrentsDir, config.http().threads());
    SeedingDaemon daemon = new SeedingDaemon(config, tracker, http, config.torrents(),
        announces);
    self[0] = daemon;
    http.setHealth(() -> daemon.seeding != null || !config.bittorrent().enabled());
    try {
      if (config.bittorrent().enabled()) {
        daemon.bt = daemon.startRuntime();
        if (config.tracker().enabled()) {
          tracker.setTorrents(infoHashes(config.torrents()));
        }
        SeedingService first = daemon.prepare(config.torrents());
        first.begin();
        daemon.seeding = first;
        daemon.externalScrapes = new ExternalScrapes(config.bittorrent().announce(),
            daemon::seededInfoHashes, ExternalScrapes.FIRST, ExternalScrapes.INTERVAL);
      } else if (config.tracker().enabled()) {
        tracker.setTorrents(infoHashes(config.torrents()));
      }
      return daemon;
    } catch (IOException | RuntimeException e) {
      if (daemon.bt != null) {
        daemon.bt.stop(Duration.ofSeconds(3));
      }
      http.stop(0);
      throw e;
    }
  }

  private static List<byte[]> infoHashes(Path release) throws IOException {
    List<byte[]> hashes = new ArrayList<>();
    try (Stream<Path> s = Files.list(release)) {
      for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".torrent")).toList()) {
        SeedTorrent torrent = TorrentFileReader.read(p);
        hashes.add(torrent.infoHash());
      }
    }
    return hashes;
  }

  private BtSeeder startRuntime() throws IOException {
    SowerConfig.BitTorrent b = config.bittorrent();
    InetSocketAddress listen = b.listen().socketAddress();
    return BtSeeder.start(new BtSeeder.Settings(listen.getAddress(), listen.getPort(),
        announceUrls(), b.maxConnections(), b.maxConnectionsPerTorrent(),
        swarm(b, config.stateDir())), externalAnnounces);
  }

  /** Reads and checks a release for the shared runtime; seeds nothing yet. */
  private SeedingService prepare(Path release) throws IOException {
    SowerConfig.BitTorrent b = config.bittorrent();
    InetSocketAddress listen = b.listen().socketAddress();
    SeedingService.Options options = new SeedingService.Options(config.dataset(), release,
        config.stateDir(), listen.getAddress(), listen.getPort(), announceUrls(),
        b.maxOpenFiles(), b.checkThreads(), b.maxConnections(), b.maxConnectionsPerTorrent());
    return SeedingService.prepare(options, bt);
  }

  static SwarmSettings swarm(SowerConfig.BitTorrent bt, Path stateDir) {
    SowerConfig.Dht dht = bt.dht();
    List<InetSocketAddress> bootstrap = dht.bootstrap().stream()
        .map(n -> InetSocketAddress.createUnresolved(n.host(), n.port())).toList();
    return new SwarmSettings(new SwarmSettings.Dht(dht.enabled(), dht.listen().socketAddress(),
        bootstrap, stateDir), bt.uploadRate().bytesPerSecond(),
        bt.uploadRatePerTorrent().bytesPerSecond());
  }

  private List<String> seededInfoHashes() {
    SeedingService s = seeding;
    return s == null ? List.of()
        : s.counters().stream().map(SeedingService.TorrentCounters::infoHash).toList();
  }

  /** Per seeded torrent (lower-case hex info-hash), the external trackers' latest scrape. */
  public Map<String, SwarmCounts> externalSwarms() {
    ExternalScrapes e = externalScrapes;
    return e == null ? Map.of() : e.latest();
  }

  /** The embedded tracker first (as clients reach it), then the external trackers. */
  List<String> announceUrls() {
    List<String> urls = new ArrayList<>();
    if (config.tracker().enabled()) {
      String base = config.http().publicUrl();
      if (base == null) {
        InetSocketAddress a = http.address();
        InetAddress host = a.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress()
            : a.getAddress();
        String h = host.getHostAddress();
        base = "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
      }
      urls.add(base + "/announce");
    }
    urls.addAll(config.bittorrent().announce());
    return urls;
  }

  /** The release directory being served now (changes on {@link #reload}). */
  public Path torrentsDir() {
    return torrentsDir;
  }

  public InetSocketAddress httpAddress() {
    return http.address();
  }

  public EmbeddedTracker tracker() {
    return tracker;
  }

  public HttpListener http() {
    return http;
  }

  /** The running seeding service, or null when BitTorrent is disabled. */
  public SeedingService seeding() {
    return seeding;
  }

  /**
   * Switches to the release in {@code newTorrentsDir} (SIGHUP) on the same runtime and port: the
   * new release is read and checked first (unchanged files trusted by their stamps) while the old
   * one keeps seeding; only then do the old torrents stop and the new ones start. If the new
   * release cannot be read or started, the old one keeps (or goes back to) seeding, the error is
   * logged and thrown.
   */
  public synchronized void reload(Path newTorrentsDir) throws IOException {
    if (!config.bittorrent().enabled()) {
      if (config.tracker().enabled()) {
        tracker.setTorrents(infoHashes(newTorrentsDir));
      }
      torrentsDir = newTorrentsDir;
      return;
    }
    long t0 = System.nanoTime();
    SeedingService old = seeding;
    SeedingService next;
    List<byte[]> nextHashes;
    try {
      nextHashes = config.tracker().enabled() ? infoHashes(newTorrentsDir) : List.of();
      next = prepare(newTorrentsDir);
    } catch (IOException | RuntimeException e) {
      LOG.error("reload failed: release {} cannot be served ({}); still seeding {}",
          newTorrentsDir, message(e), torrentsDir);
      throw e;
    }
    if (config.tracker().enabled()) {
      List<byte[]> both = new ArrayList<>(nextHashes);
      both.addAll(infoHashes(torrentsDir));
      tracker.setTorrents(both);
    }
    // Torrents of both releases keep their info-hash: Bt must forget the old one first.
    old.end(RELOAD_STOP_TIMEOUT);
    try {
      next.begin();
    } catch (RuntimeException e) {
      LOG.error("reload failed: release {} could not start ({}); seeding {} again",
          newTorrentsDir, message(e), torrentsDir);
      next.stop(Duration.ofSeconds(3));
      old.begin();
      if (config.tracker().enabled()) {
        tracker.setTorrents(infoHashes(torrentsDir));
      }
      throw e;
    }
    seeding = next;
    torrentsDir = newTorrentsDir;
    if (config.tracker().enabled()) {
      tracker.setTorrents(nextHashes);
    }
    old.stop(Duration.ofSeconds(1));
    LOG.info("now seeding release {} ({} torrents, switched in {} ms)", newTorrentsDir,
        next.summaries().size(), (System.nanoTime() - t0) / 1_000_000);
  }

  /** How long the old release's torrents may take to announce "stopped" on a reload. */
  private static final Duration RELOAD_STOP_TIMEOUT = Duration.ofSeconds(8);

  private static String message(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  /**
   * Stops seeding (every torrent announces "stopped", waiting at most most of {@code timeout}),
   * saves state, then closes the HTTP listener.
   */
  public synchronized void stop(Duration timeout) {
    long start = System.nanoTime();
    if (externalScrapes != null) {
      externalScrapes.close();
    }
    if (seeding != null) {
      seeding.stop(timeout.multipliedBy(3).dividedBy(4));
      seeding = null;
    }
    if (bt != null) {
      long used = (System.nanoTime() - start) / 1_000_000;
      bt.stop(Duration.ofMillis(Math.max(1000, timeout.toMillis() * 7 / 8 - used)));
      bt = null;
    }
    long left = timeout.toMillis() - (System.nanoTime() - start) / 1_000_000;
    http.stop((int) Math.max(0, Math.min(1, left / 1000)));
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(8));
  }
}
