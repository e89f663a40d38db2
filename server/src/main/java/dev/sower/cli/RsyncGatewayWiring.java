package dev.sower.cli;

import dev.sower.rsync.daemon.DaemonConfig;
import dev.sower.rsync.daemon.ModuleConfig;
import dev.sower.rsync.daemon.RsyncDaemon;
import dev.sower.rsync.daemon.RsyncListener;
import dev.sower.rsync.mina.MinaRsyncServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Starts the rsync gateway for {@code sower serve}: one read-only module over MINA. */
final class RsyncGatewayWiring implements AutoCloseable {
  private final RsyncDaemon daemon;
  private final MinaRsyncServer server;
  private boolean closed;

  private RsyncGatewayWiring(RsyncDaemon daemon, MinaRsyncServer server) {
    this.daemon = daemon;
    this.server = server;
  }

  /** Serves {@code modules} on {@code listen}, reporting to {@code listener} (metrics). */
  static RsyncGatewayWiring start(List<ModuleConfig> modules, InetSocketAddress listen,
      RsyncListener listener) throws IOException {
    RsyncDaemon daemon = RsyncDaemon.serving(DaemonConfig.of(modules), listener);
    try {
      return new RsyncGatewayWiring(daemon, MinaRsyncServer.start(daemon, List.of(listen),
          Runtime.getRuntime().availableProcessors()));
    } catch (IOException e) {
      daemon.close();
      throw e;
    }
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
  }
}
