package dev.sower.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sower serve}: Seed the torrents and serve the rsync module from one daemon. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
      "Seed the torrents and serve the rsync module from one daemon.",
      "Flags override the --config file. SIGTERM/SIGINT stop cleanly (exit 0); SIGHUP reloads",
      "the release (re-reads --config, then switches to its 'torrents' directory)."
    })
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
  /** Whole stop budget, under systemd's and the 10 s. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(8);

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML configuration (see deploy/config/sower.yaml).")
  Path config;

  @Option(names = "--dataset", paramLabel = "DIR", description = "Dataset directory to publish.")
  Path dataset;

  @Option(names = "--module", paramLabel = "NAME",
      description = "rsync module name clients ask for (rsync://HOST:PORT/NAME/).")
  String module;

  @Option(names = "--torrents", paramLabel = "DIR",
      description = "Release directory written by 'sower make' (.torrent files, manifest.json).")
  Path torrents;

  @Option(names = "--bt-port", paramLabel = "N", description = "BitTorrent listen port.")
  Integer btPort;

  @Option(names = "--http-listen", paramLabel = "HOST:PORT",
      description = "HTTP listener: tracker, .torrent files, /health, /metrics"
          + " (default 0.0.0.0:8080).")
  String httpListen;

  @Option(names = "--rsync-listen", paramLabel = "HOST:PORT",
      description = "Address of the rsync daemon (default 0.0.0.0:873).")
  String rsyncListen;

  @Option(names = "--no-bittorrent", description = "Do not seed (rsync and HTTP only).")
  boolean noBittorrent;

  @Option(names = "--no-rsync", description = "Do not serve rsync.")
  boolean noRsync;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where trust stamps are kept between starts"
          + " (default: the config's, else $XDG_STATE_HOME/sower or ~/.local/state/sower).")
  Path stateDir;

  ServePlan.Flags flags() {
    return new ServePlan.Flags(config, dataset, module, torrents, null, btPort, httpListen,
        rsyncListen, noBittorrent, noRsync, stateDir);
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ServePlan plan = ServePlan.resolve(flags());
    if (plan.seeding() != null && ServeSignals.ownsProcess()
        && System.getenv("SOWER_LOG_LEVEL") == null) {
      // the config's log-level, unless the environment chose one (in-process callers keep theirs)
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
          .setLevel(ch.qos.logback.classic.Level.toLevel(plan.seeding().logLevel().name()));
    }
    CountDownLatch stop = new CountDownLatch(1);
    ServeRuntime runtime = ServeRuntime.start(plan);
    return runUntilStopped(runtime, out, stop, this::reloadTarget);
  }

  /** Where SIGHUP switches to: the config file is read again, flags still win. */
  private Path reloadTarget() {
    return ServePlan.resolve(flags()).seeding().torrents();
  }

  interface ReloadTarget {
    Path get();
  }

  /** Prints the addresses, then blocks until SIGTERM/SIGINT, JVM shutdown or interruption. */
  static int runUntilStopped(ServeRuntime runtime, PrintWriter out, CountDownLatch stop,
      ReloadTarget reloadTarget) throws InterruptedException {
    Thread hook = new Thread(() -> {
      runtime.stop(STOP_TIMEOUT);
      stop.countDown();
    }, "sower-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    ServeSignals.install(stop::countDown, () -> reload(runtime, reloadTarget));
    runtime.printAddresses(out);
    try {
      stop.await();
    } finally {
      runtime.stop(STOP_TIMEOUT);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down
      }
      out.println("stopped");
      out.flush();
    }
    return ExitCode.OK.code();
  }

  private static void reload(ServeRuntime runtime, ReloadTarget target) {
    try {
      Path dir = target.get();
      LOG.info("SIGHUP: reloading release {}", dir);
      runtime.reload(dir);
    } catch (IOException | RuntimeException e) {
      LOG.error("SIGHUP: reload failed, still serving {}: {}", runtime.torrentsDir(),
          e.getMessage());
    }
  }
}
