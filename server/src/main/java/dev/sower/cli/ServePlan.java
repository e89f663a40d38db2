package dev.sower.cli;

import dev.sower.rsync.daemon.ModuleConfig;
import dev.sower.server.config.ConfigException;
import dev.sower.server.config.ConfigLoader;
import dev.sower.server.config.HostPort;
import dev.sower.server.config.SowerConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code sower serve} runs: the config file (if any) with the command-line flags laid over
 * it. {@code seeding} is null only in the rsync-only mode without a release directory
 * ({@code --no-bittorrent} and no {@code --torrents}), which runs no HTTP listener.
 *
 * @param rsyncModules empty when rsync is off
 * @param rsyncWarmUp  whether the rsync gateway warms its sender up at start
 */
record ServePlan(SowerConfig seeding, Path dataset, List<ModuleConfig> rsyncModules,
    InetSocketAddress rsyncListen, boolean rsyncWarmUp) {

  /**
   * The flags of {@code sower serve}; null means "not given". {@code btHost} has no flag (the
   * config's {@code bittorrent.listen} sets it); the demo binds it to loopback.
   */
  record Flags(Path config, Path dataset, String module, Path torrents, String btHost,
      Integer btPort, String httpListen, String rsyncListen, boolean noBittorrent,
      boolean noRsync, Path stateDir) {}

  boolean rsync() {
    return !rsyncModules.isEmpty();
  }

  boolean bittorrent() {
    return seeding != null && seeding.bittorrent().enabled();
  }

  static ServePlan resolve(Flags f) {
    SowerConfig file = null;
    if (f.config() != null) {
      try {
        file = new ConfigLoader().load(f.config());
      } catch (ConfigException e) {
        throw new CommandFailedException(ExitCode.USAGE, "sower serve: " + e.getMessage(), e);
      }
    }
    Path dataset = f.dataset() != null ? f.dataset() : file != null ? file.dataset() : null;
    if (dataset == null) {
      throw usage("--dataset DIR (or 'dataset' in --config) is required");
    }
    if (!Files.isDirectory(dataset)) {
      throw usage("--dataset " + dataset + " is not a directory");
    }
    Path torrents = f.torrents() != null ? f.torrents() : file != null ? file.torrents() : null;
    boolean bt = !f.noBittorrent() && (file == null || file.bittorrent().enabled());
    boolean rsync = !f.noRsync() && (file == null || file.rsync().enabled());
    if (!bt && !rsync) {
      throw usage("nothing to serve: both BitTorrent and rsync are off");
    }
    if (torrents == null && (bt || f.httpListen() != null)) {
      throw usage("--torrents DIR (the output of 'sower make') is required"
          + (bt ? " to seed; add --no-bittorrent to serve rsync only" : " for the HTTP listener"));
    }
    if (torrents != null && !Files.isDirectory(torrents)) {
      throw usage("--torrents " + torrents + " is not a directory (run 'sower make' first)");
    }
    InetSocketAddress rsyncListen = rsyncListen(f, file);
    List<ModuleConfig> modules = rsync ? modules(f, file, dataset) : List.of();
    SowerConfig seeding = torrents == null ? null : seedingConfig(f, file, dataset, torrents, bt);
    boolean warmUp = file == null || file.rsync().warmUp();
    return new ServePlan(seeding, dataset, modules, rsyncListen, warmUp);
  }

  private static InetSocketAddress rsyncListen(Flags f, SowerConfig file) {
    if (f.rsyncListen() != null) {
      try {
        return RsyncGatewayWiring.parseListen(f.rsyncListen());
      } catch (IllegalArgumentException e) {
        throw usage("--rsync-listen: " + e.getMessage());
      }
    }
    HostPort hp = file != null ? file.rsync().listen() : new HostPort("0.0.0.0", 873);
    return hp.socketAddress();
  }

  private static List<ModuleConfig> modules(Flags f, SowerConfig file, Path dataset) {
    if (f.module() != null) {
      return List.of(ModuleConfig.of(f.module(), dataset, "Sower dataset"));
    }
    List<ModuleConfig> out = new ArrayList<>();
    if (file != null) {
      for (SowerConfig.RsyncModule m : file.rsync().modules()) {
        out.add(ModuleConfig.of(m.name(), m.path() != null ? m.path() : dataset, m.comment())
            .withMaxConnections(m.maxConnections()).withTimeout(m.timeout()));
      }
    }
    if (out.isEmpty()) {
      throw usage("--module NAME (the rsync module clients ask for) is required,"
          + " or rsync.modules in --config, or --no-rsync");
    }
    return out;
  }

  private static SowerConfig seedingConfig(Flags f, SowerConfig file, Path dataset,
      Path torrents, boolean bt) {
    SowerConfig base = file != null ? file
        : new SowerConfig(dataset, torrents, defaultStateDir(), null, null, null, null, null);
    SowerConfig.Http http = base.http();
    if (f.httpListen() != null) {
      http = new SowerConfig.Http(hostPort("--http-listen", f.httpListen()), http.publicUrl(),
          http.threads());
    }
    SowerConfig.BitTorrent b = base.bittorrent();
    HostPort btListen = f.btHost() != null ? new HostPort(f.btHost(), b.listen().port())
        : b.listen();
    if (f.btPort() != null) {
      if (f.btPort() < 0 || f.btPort() > 65535) {
        throw usage("--bt-port must be 0-65535, not " + f.btPort());
      }
      btListen = new HostPort(btListen.host(), f.btPort());
    }
    b = new SowerConfig.BitTorrent(bt, btListen, b.announce(), b.maxConnections(),
        b.maxConnectionsPerTorrent(), b.maxOpenFiles(), b.checkThreads(), b.uploadRate(),
        b.uploadRatePerTorrent(), b.dht());
    Path stateDir = f.stateDir() != null ? f.stateDir() : base.stateDir();
    return new SowerConfig(dataset, torrents, stateDir, base.logLevel(), http, b, base.tracker(),
        base.rsync());
  }

  /** Without a config file: {@code $XDG_STATE_HOME/sower}, else {@code ~/.local/state/sower}. */
  static Path defaultStateDir() {
    String xdg = System.getenv("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "sower");
    }
    return Path.of(System.getProperty("user.home"), ".local", "state", "sower");
  }

  private static HostPort hostPort(String flag, String text) {
    try {
      return HostPort.parse(text);
    } catch (IllegalArgumentException e) {
      throw usage(flag + ": " + e.getMessage());
    }
  }

  private static CommandFailedException usage(String message) {
    return new CommandFailedException(ExitCode.USAGE, "sower serve: " + message);
  }
}
