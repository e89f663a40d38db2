package dev.sower.server;

import dev.sower.server.config.ConfigException;
import dev.sower.server.config.ConfigLoader;
import dev.sower.server.config.SowerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs only the seeding half of {@code sower serve} from a config file, until SIGTERM/SIGINT:
 * {@code java -cp sower.jar dev.sower.server.SeedingDaemonMain sower.yaml}. For benchmarks and
 * process-level tests until {@code sower serve} wires seeding and rsync together. Exit codes: 0
 * after a clean stop, 2 for a bad config, 1 when seeding cannot start.
 */
public final class SeedingDaemonMain {
  private SeedingDaemonMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: SeedingDaemonMain CONFIG.yaml");
      System.exit(2);
    }
    SowerConfig config;
    try {
      config = new ConfigLoader().load(Path.of(args[0]));
    } catch (ConfigException e) {
      System.err.println("sower: " + e.getMessage());
      System.exit(2);
      return;
    }
    SeedingDaemon daemon;
    try {
      daemon = SeedingDaemon.start(config);
    } catch (IOException | RuntimeException e) {
      System.err.println("sower: cannot start seeding: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println("sower: seeding; HTTP on " + daemon.httpAddress());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      daemon.stop(Duration.ofSeconds(8));
      System.out.println("sower: stopped");
      stopped.countDown();
    }, "sower-shutdown"));
    stopped.await();
  }
}
