package dev.sower.rsync.wire;

/** The peer sent bytes that break the rsync protocol; the session ends with this message. */
public final class ProtocolException extends Exception {
  public ProtocolException(String message) {
    super(message);
  }
}
