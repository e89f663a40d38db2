package dev.sower.rsync.wire;

import java.nio.ByteBuffer;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads rsync integers from a buffer without consuming anything unless the whole value is
 * there (the "need more bytes" contract of a cumulative decoder). Mirrors io.c
 * {@code read_int}, {@code read_varint}, {@code read_varlong}.
 */
public final class WireReader {
  private WireReader() {}

  /** A 4-byte little-endian int, or empty when fewer than 4 bytes remain. */
  public static OptionalInt int32(ByteBuffer in) {
    if (in.remaining() < 4) {
      return OptionalInt.empty();
    }
    int p = in.position();
    int v = (in.get(p) & 0xFF) | (in.get(p + 1) & 0xFF) << 8 | (in.get(p + 2) & 0xFF) << 16
        | (in.get(p + 3) & 0xFF) << 24;
    in.position(p + 4);
    return OptionalInt.of(v);
  }

  /** Number of extra bytes announced by a lead byte (io.c {@code int_byte_extra}: at most 6). */
  private static int extraBytes(int lead) {
    int n = 0;
    for (int mask = 0x80; n < 6 && (lead & mask) != 0; mask >>>= 1) {
      n++;
    }
    return n;
  }

  /** A varint, or empty when incomplete. */
  public static OptionalInt varint(ByteBuffer in) throws ProtocolException {
    OptionalLong v = var(in, 1, 4);
    return v.isPresent() ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
  }

  /** A varlong written with {@code minBytes}, or empty when incomplete. */
  public static OptionalLong varlong(ByteBuffer in, int minBytes) throws ProtocolException {
    return var(in, minBytes, 8);
  }

  private static OptionalLong var(ByteBuffer in, int minBytes, int width)
      throws ProtocolException {
    if (in.remaining() < minBytes) {
      return OptionalLong.empty();
    }
    int p = in.position();
    int lead = in.get(p) & 0xFF;
    int extra = extraBytes(lead);
    if (minBytes - 1 + extra > width) {
      throw new ProtocolException("overflow in a variable-length integer (lead byte 0x"
          + Integer.toHexString(lead) + ")");
    }
    int total = minBytes + extra;
    if (in.remaining() < total) {
      return OptionalLong.empty();
    }
    long v = 0;
    int nbytes = minBytes - 1 + extra;
    for (int i = 0; i < nbytes; i++) {
      v |= (long) (in.get(p + 1 + i) & 0xFF) << (8 * i);
    }
    if (nbytes < width) {
      int topBits = lead & ((1 << (8 - extra)) - 1) & 0x7F;
      v |= (long) topBits << (8 * nbytes);
    }
    in.position(p + total);
    return OptionalLong.of(v);
  }
}
