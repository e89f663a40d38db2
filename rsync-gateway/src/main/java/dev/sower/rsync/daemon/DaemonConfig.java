package dev.sower.rsync.daemon;

import java.util.List;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * Global daemon settings (rsyncd.conf's global section) plus the limits every session obeys.
 *
 * @param modules the modules, in listing order
 * @param motd "motd file" content sent after the greeting (empty: none)
 * @param proxyProtocol "proxy protocol": expect a HAProxy PROXY v1/v2 header first
 * @param handshakeTimeoutSeconds how long a client may take to reach the file-list request
 * @param maxLineBytes longest greeting/module/argument line accepted
 * @param maxArgs most arguments accepted
 * @param maxFrameBytes largest multiplexed frame accepted from a client
 * @param workerThreads size of the pool that walks directories and hashes files
 * @param sessionLogLevel the level of the lines that trace a session going well (module opened,
 *     file list sent, bytes sent, finished); refusals and failures are logged as they are
 */
public record DaemonConfig(List<ModuleConfig> modules, byte[] motd, boolean proxyProtocol,
    int handshakeTimeoutSeconds, int maxLineBytes, int maxArgs, int maxFrameBytes,
    int workerThreads, Level sessionLogLevel) {
  public DaemonConfig {
    modules = List.copyOf(modules);
    motd = motd == null ? new byte[0] : motd.clone();
    sessionLogLevel = sessionLogLevel == null ? Level.INFO : sessionLogLevel;
    if (handshakeTimeoutSeconds <= 0 || maxLineBytes < 64 || maxArgs < 8
        || maxFrameBytes < 1024 || workerThreads < 1) {
      throw new IllegalArgumentException("daemon limits out of range");
    }
    long distinct = modules.stream().map(ModuleConfig::name).distinct().count();
    if (distinct != modules.size()) {
      throw new IllegalArgumentException("duplicate module names");
    }
  }

  /** Defaults: 30 s handshake, 4 KiB lines, 1024 args, 256 KiB frames, 2 workers. */
  public static DaemonConfig of(List<ModuleConfig> modules) {
    return new DaemonConfig(modules, new byte[0], false, 30, 4096, 1024, 256 * 1024, 2,
        Level.INFO);
  }

  public Optional<ModuleConfig> module(String name) {
    return modules.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  public DaemonConfig withMotd(byte[] text) {
    return new DaemonConfig(modules, text, proxyProtocol, handshakeTimeoutSeconds, maxLineBytes,
        maxArgs, maxFrameBytes, workerThreads, sessionLogLevel);
  }

  public DaemonConfig withProxyProtocol(boolean on) {
    return new DaemonConfig(modules, motd, on, handshakeTimeoutSeconds, maxLineBytes, maxArgs,
        maxFrameBytes, workerThreads, sessionLogLevel);
  }

  public DaemonConfig withHandshakeTimeout(int seconds) {
    return new DaemonConfig(modules, motd, proxyProtocol, seconds, maxLineBytes, maxArgs,
        maxFrameBytes, workerThreads, sessionLogLevel);
  }

  public DaemonConfig withWorkerThreads(int n) {
    return new DaemonConfig(modules, motd, proxyProtocol, handshakeTimeoutSeconds, maxLineBytes,
        maxArgs, maxFrameBytes, n, sessionLogLevel);
  }

  public DaemonConfig withSessionLogLevel(Level level) {
    return new DaemonConfig(modules, motd, proxyProtocol, handshakeTimeoutSeconds, maxLineBytes,
        maxArgs, maxFrameBytes, workerThreads, level);
  }

  @Override
  public byte[] motd() {
    return motd.clone();
  }
}
