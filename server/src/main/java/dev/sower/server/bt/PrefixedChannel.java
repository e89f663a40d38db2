package dev.sower.server.bt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;

/**
 * A channel whose reads first return bytes already taken from it (the bytes read to tell a
 * plaintext handshake from an encrypted one), then what the channel itself has. Writes, state and
 * closing are the channel's.
 */
final class PrefixedChannel implements ByteChannel {
  private final ByteBuffer prefix;
  private final ByteChannel channel;

  /** {@code prefix} is read from its position to its limit. */
  PrefixedChannel(ByteBuffer prefix, ByteChannel channel) {
    this.prefix = prefix;
    this.channel = channel;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!prefix.hasRemaining()) {
      return channel.read(dst);
    }
    int n = Math.min(prefix.remaining(), dst.remaining());
    ByteBuffer part = prefix.slice();
    part.limit(n);
    dst.put(part);
    prefix.position(prefix.position() + n);
    return n;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return channel.write(src);
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
