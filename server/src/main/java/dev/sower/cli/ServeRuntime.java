package dev.sower.cli;

import dev.sower.metrics.BitTorrentMetrics;
import dev.sower.metrics.DatasetMetrics;
import dev.sower.metrics.RsyncMetrics;
import dev.sower.metrics.SowerMetrics;
import dev.sower.metrics.SowerTag;
import dev.sower.rsync.daemon.ModuleConfig;
import dev.sower.rsync.daemon.RsyncListener;
import dev.sower.server.AnnounceRelay;
import dev.sower.server.MetricsBridge;
import dev.sower.server.SeedingDaemon;
import dev.sower.server.SeedingService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running {@code sower serve}: the rsync gateway, then the HTTP listener (tracker, release
 * files, /health, /metrics) and seeding. Starts completely or not at all. {@link #stop} ends rsync
 * sessions first, then seeding (every torrent announces "stopped" while the embedded tracker is
 * still up, state is saved), then the HTTP listener.
 */
final class ServeRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(ServeRuntime.class);

  private final ServePlan plan;
  private final RsyncGatewayWiring rsync;
  private final SeedingDaemon seeding;
  private final SowerMetrics metrics;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();

  private ServeRuntime(ServePlan plan, RsyncGatewayWiring rsync, SeedingDaemon seeding,
      SowerMetrics metrics) {
    this.plan = plan;
    this.rsync = rsync;
    this.seeding = seeding;
    this.metrics = metrics;
  }

  /** Starts every part of the plan; on any failure stops what started and throws. */
  static ServeRuntime start(ServePlan plan) {
    RsyncGatewayWiring rsync = null;
    SeedingDaemon seeding = null;
    SowerMetrics metrics = null;
    AnnounceRelay announces = new AnnounceRelay();
    try {
      if (plan.seeding() != null) {
        metrics = SowerMetrics.create(metricsVersion());
      }
      if (plan.rsync()) {
        try {
          rsync = RsyncGatewayWiring.start(plan.rsyncModules(), plan.rsyncListen(),
              rsyncListener(plan, metrics), plan.rsyncWarmUp());
        } catch (IOException | IllegalArgumentException e) {
          throw new CommandFailedException(ExitCode.FAILURE, "sower serve: cannot start the"
              + " rsync gateway on " + hostPort(plan.rsyncListen()) + ": " + e.getMessage(), e);
        }
      }
      if (plan.seeding() != null) {
        try {
          seeding = SeedingDaemon.start(plan.seeding(), announces);
        } catch (IOException | RuntimeException e) {
          throw new CommandFailedException(ExitCode.FAILURE, "sower serve: cannot start "
              + (plan.bittorrent() ? "seeding" : "the HTTP listener") + " (HTTP "
              + plan.seeding().http().listen() + (plan.bittorrent() ? ", BitTorrent "
              + plan.seeding().bittorrent().listen() : "") + "): " + message(e), e);
        }
      }
      ServeRuntime runtime = new ServeRuntime(plan, rsync, seeding, metrics);
      runtime.bindMetrics(announces);
      runtime.ready.set(true);
      return runtime;
    } catch (RuntimeException e) {
      if (seeding != null) {
        seeding.stop(Duration.ofSeconds(3));
      }
      if (rsync != null) {
        rsync.close();
      }
      if (metrics != null) {
        metrics.close();
      }
      throw e;
    }
  }

  /** The rsync gateway's reports into the metrics, when there is a /metrics to serve. */
  private static RsyncListener rsyncListener(ServePlan plan, SowerMetrics metrics) {
    if (metrics == null) {
      return RsyncListener.NONE;
    }
    RsyncMetrics rsyncMetrics = new RsyncMetrics(metrics.registry());
    for (ModuleConfig m : plan.rsyncModules()) {
      rsyncMetrics.module(m.name(), m.maxConnections());
    }
    return new RsyncMetricsListener(rsyncMetrics);
  }

  /** The version label of {@code sower_build_info}: "dev" outside a release jar. */
  static String metricsVersion() {
    String v = VersionProvider.version();
    return SowerTag.VERSION.allows(v) ? v : "dev";
  }

  private static String message(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  private void bindMetrics(AnnounceRelay announces) {
    if (seeding == null) {
      return;
    }
    MetricsBridge bridge = new MetricsBridge(new BitTorrentMetrics(metrics.registry()),
        new DatasetMetrics(metrics.registry()), seeding.tracker(), seeding::torrentsDir,
        seeding::seeding).withExternalSwarms(seeding::externalSwarms);
    announces.attach((hash, url, outcome, took) -> bridge.announced(hash, outcome, took));
    seeding.http().setMetrics(() -> {
      bridge.refresh();
      return metrics.scrape();
    });
    seeding.http().setHealth(ready::get);
  }

  /** What the command prints once everything runs. */
  void printAddresses(PrintWriter out) {
    if (rsync != null) {
      for (InetSocketAddress a : rsync.addresses()) {
        for (ModuleConfig m : plan.rsyncModules()) {
          out.println("rsync gateway serving module " + m.name() + " from " + m.path() + " on "
              + hostPort(a));
        }
      }
    }
    if (seeding != null) {
      out.println("HTTP listener on " + hostPort(seeding.httpAddress())
          + " (/announce, /torrents/NAME.torrent, /health, /metrics)");
      SeedingService s = seeding.seeding();
      if (s != null) {
        long trusted = 0;
        long pieces = 0;
        for (SeedingService.TorrentSummary t : s.summaries()) {
          trusted += t.trusted();
          pieces += t.pieces();
        }
        out.println("seeding " + s.summaries().size() + " torrents from "
            + plan.seeding().torrents() + " on BitTorrent port "
            + plan.seeding().bittorrent().listen().port() + " (" + trusted + " of " + pieces
            + " pieces trusted without hashing)");
      }
    }
    out.flush();
  }

  InetSocketAddress httpAddress() {
    return seeding == null ? null : seeding.httpAddress();
  }

  InetSocketAddress rsyncAddress() {
    return rsync == null ? null : rsync.addresses().get(0);
  }

  /** Reloads the release (SIGHUP): see {@link SeedingDaemon#reload}. */
  void reload(Path torrentsDir) throws IOException {
    if (seeding == null) {
      LOG.warn("reload ignored: no release directory is served (--torrents)");
      return;
    }
    seeding.reload(torrentsDir);
  }

  Path torrentsDir() {
    return seeding == null ? null : seeding.torrentsDir();
  }

  /**
   * Stops everything within about {@code timeout}; idempotent. rsync first (no new sessions,
   * running ones ended), then seeding with "stopped" announces and saved state, then HTTP.
   */
  void stop(Duration timeout) {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    long start = System.nanoTime();
    ready.set(false);
    if (rsync != null) {
      rsync.close();
    }
    if (seeding != null) {
      Duration used = Duration.ofNanos(System.nanoTime() - start);
      Duration left = timeout.minus(used);
      seeding.stop(left.isNegative() ? Duration.ofSeconds(1) : left);
    }
    if (metrics != null) {
      metrics.close();
    }
    LOG.info("stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
  }

  static String hostPort(InetSocketAddress a) {
    String h = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
  }
}
