package dev.sower.rsync.daemon;

import java.net.InetSocketAddress;

/**
 * What the protocol code may do to its connection. Implemented by the network adapter; every
 * method returns at once (writes are queued) and may be called from any thread.
 */
public interface SessionChannel {
  /** Queues bytes for sending; the array slice must not change afterwards. */
  void send(byte[] bytes, int offset, int length);

  default void send(byte[] bytes) {
    send(bytes, 0, bytes.length);
  }

  /** Closes the connection once everything queued has been sent. */
  void closeAfterFlush();

  /** Closes the connection now. */
  void closeNow();

  /** Idle (no read and no write) time after which {@link RsyncSession#onIdle} is called. */
  void setIdleTimeoutSeconds(int seconds);

  /** Stops delivering input until {@link #resumeInput}. */
  void suspendInput();

  void resumeInput();

  InetSocketAddress remoteAddress();
}
