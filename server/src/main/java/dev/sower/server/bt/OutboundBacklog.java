package dev.sower.server.bt;

/**
 * A peer connection whose sends never wait for the socket: what the peer has not taken yet waits
 * in its outbound buffer. The message dispatcher asks before handing it more messages.
 */
interface OutboundBacklog {
  /** Writes what waits, as far as the socket takes it; true when nothing waits any more. */
  boolean readyToSend();

  /** Bytes have been waiting and none could be written for the stall limit: disconnect it. */
  boolean stalledTooLong();
}
