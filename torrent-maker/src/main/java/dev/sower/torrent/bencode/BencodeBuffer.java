package dev.sower.torrent.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes bencode straight into one growing byte array, for encoders of large, fixed-shape values
 * (a .torrent of 100k files) that would otherwise build a {@link BValue} tree first. The caller
 * writes dictionary keys in canonical order itself; tests compare each such encoder with
 * {@link Bencode#encode(BValue)}.
 */
public final class BencodeBuffer {
  private byte[] buf;
  private int size;

  /** A buffer with room for {@code capacity} bytes before it grows. */
  public BencodeBuffer(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  /** Bytes written so far. */
  public int size() {
    return size;
  }

  /** The bytes written, trimmed to size. */
  public byte[] toByteArray() {
    return size == buf.length ? buf : Arrays.copyOf(buf, size);
  }

  /** The backing array (valid up to {@link #size()}); not copied. */
  public byte[] array() {
    return buf;
  }

  /** {@code d}: starts a dictionary. */
  public BencodeBuffer dict() {
    return raw('d');
  }

  /** {@code l}: starts a list. */
  public BencodeBuffer list() {
    return raw('l');
  }

  /** {@code e}: ends a list or dictionary. */
  public BencodeBuffer end() {
    return raw('e');
  }

  /** A byte string. */
  public BencodeBuffer bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  /** The byte string {@code b[from, to)}. */
  public BencodeBuffer bytes(byte[] b, int from, int to) {
    int len = to - from;
    decimal(len);
    ensure(1 + len);
    buf[size++] = ':';
    System.arraycopy(b, from, buf, size, len);
    size += len;
    return this;
  }

  /** A byte string holding the UTF-8 bytes of {@code s} (keys and URLs). */
  public BencodeBuffer string(String s) {
    return bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** An integer, {@code i...e}. */
  public BencodeBuffer integer(long v) {
    raw('i');
    decimal(v);
    return raw('e');
  }

  private BencodeBuffer raw(char c) {
    ensure(1);
    buf[size++] = (byte) c;
    return this;
  }

  /** Writes {@code v} in decimal without leading zeros. */
  private void decimal(long v) {
    ensure(20);
    if (v == Long.MIN_VALUE) {
      byte[] m = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(m, 0, buf, size, m.length);
      size += m.length;
      return;
    }
    if (v < 0) {
      buf[size++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long x = v; x >= 10; x /= 10) {
      digits++;
    }
    for (int i = size + digits - 1; i >= size; i--) {
      buf[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    size += digits;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      long want = Math.max((long) buf.length * 2, (long) size + more);
      if (want > Integer.MAX_VALUE - 16) {
        want = (long) size + more;
        if (want > Integer.MAX_VALUE - 16) {
          throw new IllegalArgumentException("bencode value too large for one array");
        }
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }
}
