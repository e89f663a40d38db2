package dev.sower.rsync.daemon;

import dev.sower.rsync.wire.ProtocolException;
import java.nio.ByteBuffer;

/**
 * The part of a session after the file list: reads the client's requests (demultiplexed
 * data) and answers them. Called on a network thread with the session lock held; must not
 * block (hand disk work to {@link SenderContext#workers()}). Leaves incomplete input in the
 * buffer.
 */
public interface SenderPhase {
  void onData(ByteBuffer data) throws ProtocolException;

  /** Creates the phase for one session. */
  interface Factory {
    SenderPhase create(SenderContext context);
  }
}
