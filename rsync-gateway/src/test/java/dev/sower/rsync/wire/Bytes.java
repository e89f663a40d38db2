package dev.sower.rsync.wire;

import java.nio.ByteBuffer;

/** Test helpers: hex to bytes, and feeding a decoder one byte at a time. */
public final class Bytes {
  private Bytes() {}

  /** "0a 0b ff" (spaces and '|' ignored) to bytes. */
  public static byte[] hex(String s) {
    String h = s.replaceAll("[\\s|]", "");
    byte[] b = new byte[h.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  /** A read buffer that grows by appending (position = next unread byte). */
  public static final class Feed {
    private ByteBuffer buf = ByteBuffer.allocate(0);

    public ByteBuffer add(byte... more) {
      ByteBuffer n = ByteBuffer.allocate(buf.remaining() + more.length);
      n.put(buf).put(more).flip();
      buf = n;
      return buf;
    }

    public ByteBuffer buffer() {
      return buf;
    }
  }
}
