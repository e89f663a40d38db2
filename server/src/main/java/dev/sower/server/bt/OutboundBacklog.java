package dev.sower.server.bt;

import bt.protocol.Message;

/**
 * A peer connection whose sends never wait for the socket: what the peer has not taken yet waits
 * in its outbound buffer. The message dispatcher asks before handing it more messages, and hands
 * one peer's turn of messages as a batch: encoded one by one, written together.
 */
interface OutboundBacklog {
  /**
   * Writes what waits, as far as the socket takes it; true when nothing waits any more (bytes
   * of a batch not yet flushed do not count: they only ever wait within one dispatcher turn).
   */
  boolean readyToSend();

  /** Bytes have been waiting and none could be written for the stall limit: disconnect it. */
  boolean stalledTooLong();

  /**
   * Encodes {@code message} after those waiting, writing only when the outbound buffer has no
   * room for it; {@link #flushBatch()} writes the rest.
   */
  void postBatched(Message message);

  /** Writes what {@link #postBatched} encoded, as far as the socket takes it. */
  void flushBatch();
}
