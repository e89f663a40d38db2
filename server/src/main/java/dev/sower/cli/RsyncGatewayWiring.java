package dev.sower.cli;

import dev.sower.rsync.daemon.DaemonConfig;
import dev.sower.rsync.daemon.ModuleConfig;
import dev.sower.rsync.daemon.RsyncDaemon;
import dev.sower.rsync.daemon.RsyncListener;
import dev.sower.rsync.daemon.SenderWarmUp;
import dev.sower.rsync.mina.MinaRsyncServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the rsync gateway for {@code sower serve}: the read-only modules over MINA, and the
 * sender's warm-up in the background (its scratch tree under {@code java.io.tmpdir}).
 */
final class RsyncGatewayWiring implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RsyncGatewayWiring.class);
  private static final Duration WARM_UP_STOP = Duration.ofSeconds(3);
  private final RsyncDaemon daemon;
  private final MinaRsyncServer server;
  private final SenderWarmUp.Running warmUp;
  private boolean closed;

  private RsyncGatewayWiring(RsyncDaemon daemon, MinaRsyncServer server,
      SenderWarmUp.Running warmUp) {
    this.daemon = daemon;
    this.server = server;
    this.warmUp = warmUp;
  }

  /**
   * Serves {@code modules} on {@code listen}, reporting to {@code listener} (metrics); with
   * {@code warmUp}, also starts the sender's warm-up (clients are served meanwhile).
   */
  static RsyncGatewayWiring start(List<ModuleConfig> modules, InetSocketAddress listen,
      RsyncListener listener, boolean warmUp) throws IOException {
    RsyncDaemon daemon = RsyncDaemon.serving(DaemonConfig.of(modules), listener);
    MinaRsyncServer server = null;
    try {
      server = MinaRsyncServer.start(daemon, List.of(listen),
          Runtime.getRuntime().availableProcessors());
      Path scratch = Path.of(System.getProperty("java.io.tmpdir"));
      return new RsyncGatewayWiring(daemon, server,
          warmUp && outsideModules(scratch, modules) ? MinaRsyncServer.warmUp(scratch) : null);
    } catch (IOException | RuntimeException | Error e) {
      if (server != null) {
        server.close();
      }
      daemon.close();
      throw e;
    }
  }

  /**
   * Whether the warm-up's scratch directory lies outside every module (else its tree would be
   * listed and served for a few seconds): when not, the warm-up is skipped with a warning.
   */
  static boolean outsideModules(Path scratch, List<ModuleConfig> modules) {
    Path s = scratch.toAbsolutePath().normalize();
    for (ModuleConfig m : modules) {
      Path root = m.path().toAbsolutePath().normalize();
      if (s.startsWith(root)) {
        LOG.warn("rsync sender warm-up skipped: the temporary directory {} and module {} ({})"
            + " overlap; set java.io.tmpdir elsewhere to have it", s, m.name(), root);
        return false;
      }
    }
    return true;
  }

  /** Parses "HOST:PORT", "[V6]:PORT" or ":PORT" (all addresses). */
  static InetSocketAddress parseListen(String s) {
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("expected HOST:PORT, got \"" + s + "\"");
    }
    String host = s.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in \"" + s + "\"");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range in \"" + s + "\"");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      return new InetSocketAddress(port);
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host in \"" + s + "\"");
    }
  }

  /** The sender's warm-up, or null when it is off. */
  SenderWarmUp.Running warmUp() {
    return warmUp;
  }

  List<InetSocketAddress> addresses() {
    return server.localAddresses();
  }

  /** Stops accepting, ends the sessions, stops the workers. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.close();
    daemon.close();
    if (warmUp != null) {
      try {
        warmUp.stop(WARM_UP_STOP);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
