package dev.sower.server.bt;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Executors whose threads never keep the JVM alive. */
final class DaemonThreads {
  private DaemonThreads() {}

  /** One daemon thread called {@code name} running scheduled tasks. */
  static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }
}
