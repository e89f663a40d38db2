package dev.sower.server.it;

import dev.sower.server.SeedingDaemon;
import dev.sower.server.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The seeding half of {@code sower serve} for {@link DhtDiscoveryIT}, which runs it in a network
 * namespace of its own: loads the config, starts, prints {@code seeding}, then
 * {@code dht-nodes N} (the routing table size) twice a second until its stdin closes.
 */
public final class DhtSeederMain {
  private DhtSeederMain() {}

  public static void main(String[] args) throws Exception {
    SeedingDaemon daemon = SeedingDaemon.start(new ConfigLoader().load(Path.of(args[0])));
    System.out.println("seeding");
    Thread report = new Thread(() -> {
      try {
        while (true) {
          System.out.println("dht-nodes " + daemon.seeding().dhtNodes().orElse(-1));
          Thread.sleep(500);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "dht-nodes");
    report.setDaemon(true);
    report.start();
    while (System.in.read() != -1) {
      // wait for the driver to close stdin
    }
    report.interrupt();
    report.join();
    daemon.stop(Duration.ofSeconds(3));
    System.out.println("stopped");
    System.exit(0);
  }
}
