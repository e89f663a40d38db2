package dev.sower.server;

import dev.sower.server.bt.AnnounceListener;
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
 * re-hashing unchanged files.
 */
public final class SeedingDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SeedingDaemon.class);

  private final SowerConfig config;
  private final EmbeddedTracker tracker;
  private final HttpListener http;
  private volatile Path torrentsDir;
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
        daemon.seeding = daemon.startSeeding(config.torrents());
        daemon.externalScrapes = new ExternalScrapes(config.bittorrent().announce(),
            daemon::seededInfoHashes, ExternalScrapes.FIRST, ExternalScrapes.INTERVAL);
      } else if (config.tracker().enabled()) {
        tracker.setTorrents(infoHashes(config.torrents()));
      }
      return daemon;
    } catch (IOException | RuntimeException e) {
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

  private SeedingService startSeeding(Path release) throws IOException {
    if (config.tracker().enabled()) {
      tracker.setTorrents(infoHashes(release));
    }
    SowerConfig.BitTorrent bt = config.bittorrent();
    InetSocketAddress listen = bt.listen().socketAddress();
    SeedingService.Options options = new SeedingService.Options(config.dataset(), release,
        config.stateDir(), listen.getAddress(), listen.getPort(), announceUrls(),
        bt.maxOpenFiles(), bt.checkThreads(), bt.maxConnections(), bt.maxConnectionsPerTorrent());
    return SeedingService.start(options, externalAnnounces);
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
   * Switches to the release in {@code newTorrentsDir} (SIGHUP): the old torrents stop (Bt binds
   * its port once per runtime), the new ones are checked, unchanged files trusted by their
   * stamps, and start; if the new release cannot start, the previous one is started again.
   */
  public synchronized void reload(Path newTorrentsDir) throws IOException {
    if (!config.bittorrent().enabled()) {
      if (config.tracker().enabled()) {
        tracker.setTorrents(infoHashes(newTorrentsDir));
      }
      torrentsDir = newTorrentsDir;
      return;
    }
    SeedingService old = seeding;
    if (old != null) {
      // Bt binds its port once per runtime: the old runtime must release it first.
      old.stop(Duration.ofSeconds(3));
    }
    try {
      seeding = startSeeding(newTorrentsDir);
      torrentsDir = newTorrentsDir;
      LOG.info("now seeding release {}", newTorrentsDir);
    } catch (IOException | RuntimeException e) {
      LOG.error("release {} could not be started ({}); restarting the previous one",
          newTorrentsDir, e.getMessage());
      seeding = startSeeding(torrentsDir);
      throw e;
    }
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
    long left = timeout.toMillis() - (System.nanoTime() - start) / 1_000_000;
    http.stop((int) Math.max(0, Math.min(1, left / 1000)));
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(8));
  }
}
