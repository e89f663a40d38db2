package dev.sower.rsync.daemon;

/**
 * What the daemon tells a monitor (the server's metrics) about its connections: each
 * connection refused before a session started, and each session through its own
 * {@link SessionListener}. The default methods do nothing; {@link #NONE} is the daemon's
 * default.
 *
 * <p>Calls come from network, worker and sending threads, sometimes with a session's lock held:
 * implementations must be thread-safe, quick and must not block. An exception thrown by a
 * listener is logged and otherwise ignored: it never breaks a session.
 */
public interface RsyncListener {
  /** A listener that ignores everything. */
  RsyncListener NONE = new RsyncListener() {};

  /** Why a connection was refused before its session started. */
  enum Rejection {
    /** The module's "max connections" were in use. */
    MAX_CONNECTIONS,
    /** "hosts allow"/"hosts deny" refused the client's address. */
    HOSTS_DENY,
    /** The client named a module that does not exist. */
    UNKNOWN_MODULE,
    /** The option parser refused the client's arguments (refuse options, unknown option), or
     * the client asked to upload to this read-only daemon. */
    REFUSED_OPTION,
    /** The client did not finish the handshake in time. */
    TIMEOUT,
    /** A malformed greeting, PROXY header, module line or argument list, an unsupported protocol
     * version or an unknown {@code #command}. */
    PROTOCOL
  }

  /** Counts one refused connection. Called at most once per connection. */
  default void rejected(Rejection reason) {
  }

  /**
   * A session started on {@code module}: the module accepted the client and the client's
   * options were accepted (the file list is built next). The returned listener receives the
   * session's events, ending with exactly one {@link SessionListener#ended}.
   */
  default SessionListener sessionStarted(String module) {
    return SessionListener.NONE;
  }
}
