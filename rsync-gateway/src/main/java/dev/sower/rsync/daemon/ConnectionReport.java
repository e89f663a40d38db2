package dev.sower.rsync.daemon;

import java.time.Duration;

/**
 * What one connection reports to the daemon's {@link RsyncListener}: either one refusal before
 * a session starts, or one session from its start to its single end. Keeps the bytes written
 * before the session starts (greeting, module reply, compat flags) and reports them at the
 * start, so the session's {@code sent} totals the whole connection. Used under the session's
 * lock; the listener is already guarded ({@link GuardedListener}).
 */
final class ConnectionReport {
  private final RsyncListener listener;
  private SessionListener session;
  private boolean refused;
  private boolean ended;
  private SessionListener.Result result;
  private long unreported;

  ConnectionReport(RsyncListener listener) {
    this.listener = listener;
  }

  /** Bytes handed to the connection. */
  void written(long bytes) {
    if (session == null) {
      unreported += bytes;
    } else if (!ended) {
      session.sent(bytes);
    }
  }

  /** The connection is refused before a session started (only the first reason counts). */
  void refused(RsyncListener.Rejection reason) {
    if (session == null && !refused) {
      refused = true;
      listener.rejected(reason);
    }
  }

  void started(String module) {
    if (session != null || refused) {
      throw new IllegalStateException("the connection already has a session or was refused");
    }
    session = listener.sessionStarted(module);
    if (unreported > 0) {
      session.sent(unreported);
      unreported = 0;
    }
  }

  boolean sessionStarted() {
    return session != null;
  }

  /** The session's listener, or {@link SessionListener#NONE} outside a session. */
  SessionListener session() {
    return session == null || ended ? SessionListener.NONE : session;
  }

  void fileListBuilt(long nanos, long entries) {
    session().fileListBuilt(Duration.ofNanos(nanos), entries);
  }

  void error(SessionListener.ErrorKind kind) {
    session().error(kind);
  }

  /** The session ends with rsync exit code {@code code} (the first code given counts). */
  void exited(int code) {
    if (session != null && result == null) {
      result = SessionListener.Result.ofExitCode(code);
    }
  }

  /** The connection closed: ends the session, as aborted unless an exit code was given. */
  void closed() {
    if (session != null && !ended) {
      ended = true;
      session.ended(result == null ? SessionListener.Result.ABORTED : result);
    }
  }
}
