package dev.sower.rsync.daemon;

import java.time.Duration;

/**
 * The events of one rsync session, from {@link RsyncListener#sessionStarted} to
 * {@link #ended}. Same threading rules as {@link RsyncListener}.
 */
public interface SessionListener {
  /** A listener that ignores everything. */
  SessionListener NONE = new SessionListener() {};

  /** An error inside a session. */
  enum ErrorKind {
    /**
     * A file could not be opened or read (IOERR_GENERAL); a file list with names that could not
     * be listed (one per list); a list build that failed on I/O.
     */
    IO,
    /** A listed file was gone when it was to be sent (IOERR_VANISHED). */
    VANISHED,
    /** The client broke the protocol. */
    PROTOCOL,
    /** The client stopped talking for longer than the module's timeout. */
    TIMEOUT,
    /** A bug or an unexpected failure on our side. */
    INTERNAL
  }

  /** How a session ended. */
  enum Result {
    /** Exit code 0 for the client. */
    OK,
    /** Exit code 23 or 24: some files were not sent (errors, vanished files). */
    PARTIAL,
    /** Any other exit code that the daemon sent (options, protocol, timeout, internal). */
    ERROR,
    /**
     * The connection closed before the daemon sent an exit code or its final statistics (the
     * client hung up or aborted).
     */
    ABORTED;

    /** The result of a session that ended with rsync exit code {@code code}. */
    public static Result ofExitCode(int code) {
      return switch (code) {
        case 0 -> OK;
        case 23, 24 -> PARTIAL;
        default -> ERROR;
      };
    }
  }

  /**
   * Bytes handed to the connection for the client (SessionChannel.send): the whole
   * connection's output, from the greeting on, protocol framing included. Output of the
   * handshake is reported in one call when the session starts. These are the bytes rsync's
   * statistics count as the server's "total written"; on a connection that breaks, bytes still
   * queued in the transport are counted although they never reached the client.
   */
  default void sent(long bytes) {
  }

  /** The data of one file was sent whole (not for files that could not be opened or read). */
  default void fileSent() {
  }

  /** The file list went out: time from the start of its build to the list handed over. */
  default void fileListBuilt(Duration took, long entries) {
  }

  default void error(ErrorKind kind) {
  }

  /** The connection closed; called exactly once, after every other call of this session. */
  default void ended(Result result) {
  }
}
