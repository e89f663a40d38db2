package dev.sower.torrent.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A bencode byte string, {@code 4:spam}. Compared by unsigned bytes, the order bencode requires for
 * dictionary keys.
 *
 * <p>The array is not copied (piece hashes of large torrents run to tens of megabytes): callers must
 * not modify an array after handing it over, nor the one {@link #bytes()} returns.
 */
public record BBytes(byte[] bytes) implements BValue, Comparable<BBytes> {
  public BBytes {
    if (bytes == null) {
      throw new IllegalArgumentException("byte string must not be null");
    }
  }

  /** The UTF-8 bytes of {@code text}. */
  public static BBytes of(String text) {
    return new BBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The bytes decoded as UTF-8 (lossy for other bytes; for keys and messages only). */
  public String utf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public int compareTo(BBytes o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BBytes b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    if (bytes.length > 64) {
      return "BBytes[" + bytes.length + " bytes]";
    }
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        return "BBytes[0x" + HexFormat.of().formatHex(bytes) + "]";
      }
    }
    return "BBytes[" + new String(bytes, StandardCharsets.US_ASCII) + "]";
  }
}
