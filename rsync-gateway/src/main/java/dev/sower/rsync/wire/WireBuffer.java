package dev.sower.rsync.wire;

import java.util.Arrays;

/**
 * A growable little-endian byte sink with rsync's integer encodings (io.c {@code write_int},
 * {@code write_shortint}, {@code write_varint}, {@code write_varlong}).
 */
public final class WireBuffer {
  private byte[] bytes;
  private int size;

  public WireBuffer() {
    this(256);
  }

  public WireBuffer(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  public int size() {
    return size;
  }

  public void clear() {
    size = 0;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  /** The live backing array; valid up to {@link #size()}. */
  public byte[] array() {
    return bytes;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  public WireBuffer putByte(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
    return this;
  }

  public WireBuffer putBytes(byte[] b) {
    return putBytes(b, 0, b.length);
  }

  public WireBuffer putBytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
    return this;
  }

  /** {@code write_shortint}: 2 bytes, little-endian. */
  public WireBuffer putShort(int v) {
    ensure(2);
    bytes[size++] = (byte) v;
    bytes[size++] = (byte) (v >>> 8);
    return this;
  }

  /** {@code write_int}: 4 bytes, little-endian. */
  public WireBuffer putInt(int v) {
    ensure(4);
    bytes[size++] = (byte) v;
    bytes[size++] = (byte) (v >>> 8);
    bytes[size++] = (byte) (v >>> 16);
    bytes[size++] = (byte) (v >>> 24);
    return this;
  }

  /**
   * {@code write_varint}: the value's little-endian bytes without high zero bytes, preceded by
   * a byte whose high bits count the extra bytes and whose low bits hold the top byte when it
   * fits.
   */
  public WireBuffer putVarint(int v) {
    return putVar(v & 0xFFFFFFFFL, 1, 4);
  }

  /** {@code write_varlong(x, minBytes)}: like varint, but at least {@code minBytes} bytes. */
  public WireBuffer putVarlong(long v, int minBytes) {
    if (minBytes < 1 || minBytes > 8) {
      throw new IllegalArgumentException("minBytes must be 1..8: " + minBytes);
    }
    return putVar(v, minBytes, 8);
  }

  private WireBuffer putVar(long v, int minBytes, int width) {
    // le[1..width] are the value's little-endian bytes; le[0] is the lead byte.
    int[] le = new int[width + 2];
    for (int i = 0; i < width; i++) {
      le[i + 1] = (int) ((v >>> (8 * i)) & 0xFF);
    }
    int cnt = width;
    while (cnt > minBytes && le[cnt] == 0) {
      cnt--;
    }
    int bit = 1 << (7 - cnt + minBytes);
    if (le[cnt] >= bit) {
      cnt++;
      le[0] = ~(bit - 1) & 0xFF;
    } else if (cnt > minBytes) {
      le[0] = (le[cnt] | ~(bit * 2 - 1)) & 0xFF;
    } else {
      le[0] = le[cnt];
    }
    ensure(cnt);
    for (int i = 0; i < cnt; i++) {
      bytes[size++] = (byte) le[i];
    }
    return this;
  }

  /** {@code write_vstring}: a length (1 byte, or 2 with the high bit set above 0x7F), then bytes. */
  public WireBuffer putVstring(byte[] s) {
    if (s.length > 0x7FFF) {
      throw new IllegalArgumentException("vstring too long: " + s.length);
    }
    if (s.length > 0x7F) {
      putByte(s.length / 0x100 + 0x80);
    }
    putByte(s.length);
    return putBytes(s);
  }
}
