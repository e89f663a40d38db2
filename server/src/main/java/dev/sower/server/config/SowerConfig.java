package dev.sower.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Everything {@code sower serve} reads from its YAML file. Every key is optional except
 * {@code dataset} and {@code torrents}; see {@code deploy/config/sower.yaml} for a commented
 * example and {@code docs/seeding.md} for each key.
 */
public record SowerConfig(
    Path dataset,
    Path torrents,
    @JsonProperty("state-dir") Path stateDir,
    @JsonProperty("log-level") LogLevel logLevel,
    Http http,
    BitTorrent bittorrent,
    Tracker tracker,
    Rsync rsync) {

  public SowerConfig {
    if (dataset == null) {
      throw new IllegalArgumentException("'dataset' is required: the directory to publish");
    }
    if (torrents == null) {
      throw new IllegalArgumentException("'torrents' is required: the directory 'sower make'"
          + " wrote");
    }
    stateDir = stateDir != null ? stateDir : Path.of("/var/lib/sower");
    logLevel = logLevel != null ? logLevel : LogLevel.INFO;
    http = http != null ? http : new Http(null, null, null);
    bittorrent = bittorrent != null ? bittorrent
        : new BitTorrent(null, null, null, null, null, null, null, null, null, null);
    tracker = tracker != null ? tracker : new Tracker(null, null, null);
    rsync = rsync != null ? rsync : new Rsync(null, null, null, null);
  }

  /** Log levels, written in lower case. */
  public enum LogLevel {
    @JsonProperty("error") ERROR,
    @JsonProperty("warn") WARN,
    @JsonProperty("info") INFO,
    @JsonProperty("debug") DEBUG;

    public String logbackName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The HTTP listener: tracker, .torrent files, health, metrics.
   *
   * @param publicUrl how clients reach this listener (the default announce URL is
   *     {@code <public-url>/announce})
   */
  public record Http(HostPort listen, @JsonProperty("public-url") String publicUrl,
      Integer threads) {
    public Http {
      listen = listen != null ? listen : new HostPort("0.0.0.0", 8080);
      threads = threads != null ? threads : 4;
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("http.threads must be 1-256, not " + threads);
      }
      if (publicUrl != null && !publicUrl.matches("https?://[^/\\s]+(/[^\\s]*)?")) {
        throw new IllegalArgumentException("http.public-url must look like"
            + " http://seed.example.org:8080, not '" + publicUrl + "'");
      }
      if (publicUrl != null && publicUrl.endsWith("/")) {
        publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
      }
    }
  }

  /**
   * Seeding.
   *
   * @param announce trackers the seeder announces to besides the embedded one (http, https or
   *     udp URLs); the embedded tracker is announced to as {@code http.public-url}
   * @param uploadRate payload bytes per second sent to all peers together; 0 = unlimited
   * @param uploadRatePerTorrent payload bytes per second sent to the peers of one torrent
   */
  public record BitTorrent(Boolean enabled, HostPort listen, List<String> announce,
      @JsonProperty("max-connections") Integer maxConnections,
      @JsonProperty("max-connections-per-torrent") Integer maxConnectionsPerTorrent,
      @JsonProperty("max-open-files") Integer maxOpenFiles,
      @JsonProperty("check-threads") Integer checkThreads,
      @JsonProperty("upload-rate") ByteRate uploadRate,
      @JsonProperty("upload-rate-per-torrent") ByteRate uploadRatePerTorrent,
      Dht dht) {
    public BitTorrent {
      uploadRate = uploadRate != null ? uploadRate : ByteRate.UNLIMITED;
      uploadRatePerTorrent = uploadRatePerTorrent != null ? uploadRatePerTorrent
          : ByteRate.UNLIMITED;
      dht = dht != null ? dht : new Dht(null, null, null);
      enabled = enabled != null ? enabled : true;
      listen = listen != null ? listen : new HostPort("0.0.0.0", 6881);
      announce = announce != null ? List.copyOf(announce) : List.of();
      for (String url : announce) {
        if (!url.matches("(https?|udp)://[^/\\s]+(/[^\\s]*)?")) {
          throw new IllegalArgumentException("bittorrent.announce: '" + url
              + "' is not an http://, https:// or udp:// tracker URL");
        }
      }
      maxConnections = range("bittorrent.max-connections", maxConnections, 500, 1, 100_000);
      maxConnectionsPerTorrent = range("bittorrent.max-connections-per-torrent",
          maxConnectionsPerTorrent, 200, 1, 100_000);
      maxOpenFiles = range("bittorrent.max-open-files", maxOpenFiles, 256, 1, 65_536);
      checkThreads = range("bittorrent.check-threads", checkThreads,
          Math.max(2, Runtime.getRuntime().availableProcessors()), 1, 256);
    }
  }

  /**
   * The mainline DHT node (BEP 5), off by default.
   *
   * @param listen UDP address of the DHT node; 0.0.0.0 lets the node pick the interface of the
   *     default route (a loopback address cannot be bound by the DHT library)
   * @param bootstrap nodes to join through, {@code HOST:PORT}; empty means the public routers
   *     (router.bittorrent.com and others), a list replaces them. The DHT library keeps nodes
   *     on private, loopback and link-local addresses out of its routing table.
   */
  public record Dht(Boolean enabled, HostPort listen, List<HostPort> bootstrap) {
    public Dht {
      enabled = enabled != null ? enabled : false;
      listen = listen != null ? listen : new HostPort("0.0.0.0", 6881);
      bootstrap = bootstrap != null ? List.copyOf(bootstrap) : List.of();
      if (isLoopback(listen.host())) {
        throw new IllegalArgumentException("bittorrent.dht.listen cannot be a loopback address"
            + " (the DHT library binds only real interfaces): use 0.0.0.0:" + listen.port());
      }
    }

    private static boolean isLoopback(String host) {
      return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }
  }

  /** The embedded HTTP tracker. */
  public record Tracker(Boolean enabled, Integer interval,
      @JsonProperty("max-peers-per-torrent") Integer maxPeersPerTorrent) {
    public Tracker {
      enabled = enabled != null ? enabled : true;
      interval = range("tracker.interval", interval, 1800, 1, 86_400);
      maxPeersPerTorrent = range("tracker.max-peers-per-torrent", maxPeersPerTorrent, 50_000, 1,
          10_000_000);
    }
  }

  /**
   * The rsync daemon side (served by the rsync gateway).
   *
   * @param warmUp run the sender's code against a scratch tree at start, so that the first
   *               client after a restart is served at full speed (on by default)
   */
  public record Rsync(Boolean enabled, HostPort listen, List<RsyncModule> modules,
      @JsonProperty("warm-up") Boolean warmUp) {
    public Rsync {
      enabled = enabled != null ? enabled : true;
      warmUp = warmUp != null ? warmUp : true;
      listen = listen != null ? listen : new HostPort("0.0.0.0", 873);
      modules = modules != null ? List.copyOf(modules) : List.of();
      long distinct = modules.stream().map(RsyncModule::name).distinct().count();
      if (distinct != modules.size()) {
        throw new IllegalArgumentException("rsync.modules: module names must be unique");
      }
    }
  }

  /**
   * One rsync module, named as in rsyncd.conf.
   *
   * @param path directory served; defaults to {@code dataset}
   */
  public record RsyncModule(String name, Path path, String comment,
      @JsonProperty("max-connections") Integer maxConnections, Integer timeout) {
    public RsyncModule {
      if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        throw new IllegalArgumentException("rsync module name must be 1-64 letters, digits,"
            + " '.', '_' or '-', not '" + name + "'");
      }
      comment = comment != null ? comment : "";
      maxConnections = range("rsync.modules.max-connections", maxConnections, 0, 0, 100_000);
      timeout = range("rsync.modules.timeout", timeout, 600, 0, 86_400);
    }
  }

  static int range(String key, Integer value, int fallback, int min, int max) {
    int v = value != null ? value : fallback;
    if (v < min || v > max) {
      throw new IllegalArgumentException(key + " must be " + min + "-" + max + ", not " + v);
    }
    return v;
  }
}
