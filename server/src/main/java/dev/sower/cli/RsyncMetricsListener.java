package dev.sower.cli;

import dev.sower.metrics.RsyncMetrics;
import dev.sower.rsync.daemon.RsyncListener;
import dev.sower.rsync.daemon.SessionListener;
import java.time.Duration;

/**
 * Feeds the rsync gateway's reports into {@link RsyncMetrics}: the gateway's own enums become
 * the metrics' label enums here, so neither side knows the other's types.
 */
final class RsyncMetricsListener implements RsyncListener {
  private final RsyncMetrics metrics;

  RsyncMetricsListener(RsyncMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void rejected(Rejection reason) {
    metrics.rejected(switch (reason) {
      case MAX_CONNECTIONS -> RsyncMetrics.Rejection.MAX_CONNECTIONS;
      case HOSTS_DENY -> RsyncMetrics.Rejection.HOSTS_DENY;
      case UNKNOWN_MODULE -> RsyncMetrics.Rejection.UNKNOWN_MODULE;
      case REFUSED_OPTION -> RsyncMetrics.Rejection.REFUSED_OPTION;
      case TIMEOUT -> RsyncMetrics.Rejection.TIMEOUT;
      case PROTOCOL -> RsyncMetrics.Rejection.PROTOCOL;
    });
  }

  @Override
  public SessionListener sessionStarted(String module) {
    return new Session(metrics.sessionStarted(module));
  }

  /** One session's reports into its {@link RsyncMetrics.Session}. */
  private static final class Session implements SessionListener {
    private final RsyncMetrics.Session session;

    Session(RsyncMetrics.Session session) {
      this.session = session;
    }

    @Override
    public void sent(long bytes) {
      session.sent(bytes);
    }

    @Override
    public void fileSent() {
      session.fileSent();
    }

    @Override
    public void fileListBuilt(Duration took, long entries) {
      session.fileListBuilt(took, entries);
    }

    @Override
    public void error(ErrorKind kind) {
      session.error(switch (kind) {
        case IO -> RsyncMetrics.ErrorKind.IO;
        case VANISHED -> RsyncMetrics.ErrorKind.VANISHED;
        case PROTOCOL -> RsyncMetrics.ErrorKind.PROTOCOL;
        case TIMEOUT -> RsyncMetrics.ErrorKind.TIMEOUT;
        case INTERNAL -> RsyncMetrics.ErrorKind.INTERNAL;
      });
    }

    @Override
    public void ended(Result result) {
      session.end(switch (result) {
        case OK -> RsyncMetrics.SessionResult.OK;
        case PARTIAL -> RsyncMetrics.SessionResult.PARTIAL;
        case ERROR -> RsyncMetrics.SessionResult.ERROR;
        case ABORTED -> RsyncMetrics.SessionResult.ABORTED;
      });
    }
  }
}
