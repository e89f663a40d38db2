package dev.sower.rsync.daemon;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What the protocol code may do to its connection. Implemented by the network adapter; every
 * method returns at once (writes are queued) and may be called from any thread.
 */
public interface SessionChannel {
  /** Queues bytes for sending; the array slice must not change afterwards. */
  void send(byte[] bytes, int offset, int length);

  /**
   * Queues the buffer's bytes (position to limit) and runs {@code sent} once they are written
   * (or can no longer be): until then they must not change. A direct buffer goes to the socket
   * without a copy.
   */
  void send(ByteBuffer buffer, Runnable sent);

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
