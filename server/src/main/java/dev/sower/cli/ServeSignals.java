package dev.sower.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM/SIGINT (stop) and SIGHUP (reload) for {@code sower serve} run as a process. Handled
 * through {@code sun.misc.Signal} (module jdk.unsupported), so a stop runs on the main thread and
 * the process exits 0 rather than 143. Only {@link SowerCli#main} enables it: in-process callers
 * (tests) keep the JVM's own handlers and stop the command by interrupting it.
 */
final class ServeSignals {
  private static final Logger LOG = LoggerFactory.getLogger(ServeSignals.class);
  private static volatile boolean enabled;

  private ServeSignals() {}

  /** Called by {@link SowerCli#main}: this JVM runs one command and may own its signals. */
  static void enable() {
    enabled = true;
  }

  /** True when this JVM runs one command from {@link SowerCli#main} (not in-process). */
  static boolean ownsProcess() {
    return enabled;
  }

  /**
   * Installs the handlers; returns false (having installed nothing) when not enabled or when the
   * JVM refuses, in which case the caller relies on a shutdown hook.
   */
  static boolean install(Runnable stop, Runnable reload) {
    if (!enabled) {
      return false;
    }
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> stop.run());
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> stop.run());
    } catch (IllegalArgumentException | LinkageError e) {
      LOG.warn("cannot handle SIGTERM/SIGINT ({}); stopping through the shutdown hook",
          e.getMessage());
      return false;
    }
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> reload.run());
    } catch (IllegalArgumentException | LinkageError e) {
      LOG.warn("cannot handle SIGHUP ({}); restart to switch releases", e.getMessage());
    }
    return true;
  }
}
