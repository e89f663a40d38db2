package dev.sower.rsync.it;

import dev.sower.rsync.daemon.DaemonConfig;
import dev.sower.rsync.daemon.RsyncDaemon;
import dev.sower.rsync.mina.MinaRsyncServer;
import java.net.InetSocketAddress;
import java.util.List;

/** The gateway on a random loopback port. */
final class SowerGateway implements AutoCloseable {
  private final RsyncDaemon daemon;
  private final MinaRsyncServer server;

  SowerGateway(DaemonConfig config) throws Exception {
    daemon = RsyncDaemon.listOnly(config);
    server = MinaRsyncServer.start(daemon, List.of(new InetSocketAddress("127.0.0.1", 0)), 2);
  }

  int port() {
    return server.localAddresses().get(0).getPort();
  }

  RsyncDaemon daemon() {
    return daemon;
  }

  @Override
  public void close() {
    server.close();
    daemon.close();
  }
}
