package dev.sower.server.bt;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * How the seeder meets the swarm beyond its trackers: the DHT node and the upload rate limits.
 *
 * @param uploadBytesPerSecond payload bytes per second to all peers together, 0 = unlimited
 * @param uploadBytesPerSecondPerTorrent payload bytes per second to the peers of one torrent,
 *     0 = unlimited
 */
public record SwarmSettings(Dht dht, long uploadBytesPerSecond,
    long uploadBytesPerSecondPerTorrent) {
  /** No DHT, no rate limit: Bt as configured by {@link BtSeeder.Settings} alone. */
  public static final SwarmSettings OFF = new SwarmSettings(Dht.OFF, 0, 0);

  public SwarmSettings {
    if (uploadBytesPerSecond < 0 || uploadBytesPerSecondPerTorrent < 0) {
      throw new IllegalArgumentException("upload rates cannot be negative");
    }
  }

  /**
   * The mainline DHT node (BEP 5).
   *
   * @param listen UDP address; an any-local host lets the DHT library choose the interface
   * @param bootstrap nodes to join through (may be unresolved); empty = the public routers
   * @param stateDir where the node keeps its id and routing table between restarts
   */
  public record Dht(boolean enabled, InetSocketAddress listen, List<InetSocketAddress> bootstrap,
      Path stateDir) {
    public static final Dht OFF = new Dht(false, new InetSocketAddress(6881), List.of(), null);

    public Dht {
      bootstrap = List.copyOf(bootstrap);
      if (enabled && (stateDir == null || listen.getPort() == 0)) {
        throw new IllegalArgumentException("an enabled DHT needs a state directory and a port");
      }
    }
  }
}
