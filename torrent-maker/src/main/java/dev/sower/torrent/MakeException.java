package dev.sower.torrent;

/**
 * A clear, user-facing reason why {@code make} or {@code verify} cannot produce a correct result:
 * bad layout, unreadable or changing files, a mismatched previous release. Nothing is published when
 * one is thrown.
 */
public class MakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MakeException(String message) {
    super(message);
  }

  public MakeException(String message, Throwable cause) {
    super(message, cause);
  }
}
