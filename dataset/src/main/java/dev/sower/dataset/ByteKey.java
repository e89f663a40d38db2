package dev.sower.dataset;

import java.util.Arrays;

/**
 * A byte string usable as a map key: a file name or path as the file system stores it, an
 * info-hash, a peer id. Equality and hash code are by content (a bare {@code byte[]} compares by
 * identity); order is unsigned byte order, the order rsync and bencode use. The array is not
 * copied: callers must not change it after making the key.
 */
public record ByteKey(byte[] bytes) implements Comparable<ByteKey> {
  @Override
  public boolean equals(Object o) {
    return o instanceof ByteKey k && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(ByteKey other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return RawPaths.printable(bytes);
  }
}
