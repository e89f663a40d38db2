package dev.sower.rsync.daemon;

import dev.sower.rsync.wire.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Splits the --files-from stream into NUL-terminated names with a length cap, keeping a
 * partial name between calls. {@link #peek} does not consume, so a name the queue cannot take
 * yet stays in the buffer.
 */
final class NulNameReader {
  private final int maxLength;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private int pendingEnd = -1;

  NulNameReader(int maxLength) {
    this.maxLength = maxLength;
  }

  /** The next complete name (empty array = end of list), without consuming it. */
  Optional<byte[]> peek(ByteBuffer data) throws ProtocolException {
    int p = data.position();
    int end = -1;
    for (int i = p; i < data.limit(); i++) {
      if (data.get(i) == 0) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      if (partial.size() + data.remaining() > maxLength) {
        throw new ProtocolException("--files-from name longer than " + maxLength + " bytes");
      }
      byte[] rest = new byte[data.remaining()];
      data.get(rest);
      partial.writeBytes(rest);
      return Optional.empty();
    }
    if (partial.size() + (end - p) > maxLength) {
      throw new ProtocolException("--files-from name longer than " + maxLength + " bytes");
    }
    byte[] tail = new byte[end - p];
    data.duplicate().position(p).get(tail);
    ByteArrayOutputStream name = new ByteArrayOutputStream();
    name.writeBytes(partial.toByteArray());
    name.writeBytes(tail);
    pendingEnd = end + 1;
    return Optional.of(name.toByteArray());
  }

  /** Consumes the name returned by the last {@link #peek}. */
  void consume(ByteBuffer data) {
    data.position(pendingEnd);
    partial.reset();
    pendingEnd = -1;
  }
}
