package dev.sower.rsync.daemon;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Answers the module line (clientserver.c {@code start_daemon}/{@code rsync_module}): the
 * module list, or one module after "hosts allow/deny" and "max connections", with rsyncd's
 * @ERROR wording.
 */
final class ModuleGate {
  /** What to do with the module line. */
  sealed interface Decision {
    /**
     * Send {@code text} and close: the module list ({@code refusal} empty) or an @ERROR line
     * ({@code refusal} says why).
     */
    record Reply(String text, String log, Optional<RsyncListener.Rejection> refusal)
        implements Decision {
      static Reply refusing(String text, String log, RsyncListener.Rejection reason) {
        return new Reply(text, log, Optional.of(reason));
      }
    }

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
      return new Decision.Reply(sb.toString(), "module-list request", Optional.empty());
    }
    if (name.startsWith("#")) {
      return Decision.Reply.refusing("@ERROR: Unknown command '" + name + "'\n",
          "unknown command", RsyncListener.Rejection.PROTOCOL);
    }
    ModuleRuntime m = daemon.module(name).orElse(null);
    if (m == null) {
      return Decision.Reply.refusing("@ERROR: Unknown module '" + name + "'\n",
          "unknown module '" + name + "'", RsyncListener.Rejection.UNKNOWN_MODULE);
    }
    ModuleConfig cfg = m.config();
    if (!HostAccess.allowed(client, cfg.hostsAllow(), cfg.hostsDeny())) {
      return Decision.Reply.refusing("@ERROR: access denied to " + name + " from UNDETERMINED ("
          + client.getHostAddress() + ")\n", "access denied to " + name,
          RsyncListener.Rejection.HOSTS_DENY);
    }
    if (!m.tryAcquire()) {
      return Decision.Reply.refusing("@ERROR: max connections (" + cfg.maxConnections()
          + ") reached -- try again later\n", "max connections reached for " + name,
          RsyncListener.Rejection.MAX_CONNECTIONS);
    }
    return new Decision.Open(m);
  }
}
