package dev.sower.rsync.daemon;

import java.net.InetAddress;

/**
 * Answers the module line (clientserver.c {@code start_daemon}/{@code rsync_module}): the
 * module list, or one module after "hosts allow/deny" and "max connections", with rsyncd's
 * @ERROR wording.
 */
final class ModuleGate {
  /** What to do with the module line. */
  sealed interface Decision {
    /** Send {@code text} and close (module list or an @ERROR line). */
    record Reply(String text, String log) implements Decision {}

    /** The module is open for this client; a connection slot is held. */
    record Open(ModuleRuntime module) implements Decision {}
  }

  private final RsyncDaemon daemon;

  ModuleGate(RsyncDaemon daemon) {
    this.daemon = daemon;
  }

  Decision decide(String name, InetAddress client) {
    if (name.isEmpty() || name.equals("#list")) {
      StringBuilder sb = new StringBuilder();
      for (ModuleRuntime m : daemon.modules()) {
        if (m.config().list()) {
          sb.append(String.format("%-15s\t%s\n", m.config().name(), m.config().comment()));
        }
      }
      sb.append("@RSYNCD: EXIT\n");
      return new Decision.Reply(sb.toString(), "module-list request");
    }
    if (name.startsWith("#")) {
      return new Decision.Reply("@ERROR: Unknown command '" + name + "'\n", "unknown command");
    }
    ModuleRuntime m = daemon.module(name).orElse(null);
    if (m == null) {
      return new Decision.Reply("@ERROR: Unknown module '" + name + "'\n",
          "unknown module '" + name + "'");
    }
    ModuleConfig cfg = m.config();
    if (!HostAccess.allowed(client, cfg.hostsAllow(), cfg.hostsDeny())) {
      return new Decision.Reply("@ERROR: access denied to " + name + " from UNDETERMINED ("
          + client.getHostAddress() + ")\n", "access denied to " + name);
    }
    if (!m.tryAcquire()) {
      return new Decision.Reply("@ERROR: max connections (" + cfg.maxConnections()
          + ") reached -- try again later\n", "max connections reached for " + name);
    }
    return new Decision.Open(m);
  }
}
