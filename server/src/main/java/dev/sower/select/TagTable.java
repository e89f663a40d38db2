package dev.sower.select;

import java.util.Arrays;
import java.util.List;

/**
 * The query's tag names, looked up straight from the parser's character buffer so that the tens
 * of tags of every record are matched without building a String for each.
 */
final class TagTable {
  private final char[][] keys;
  private final int[] values;
  private final int mask;

  /** A table mapping {@code tags.get(i)} to {@code i}. */
  TagTable(List<String> tags) {
    int size = Integer.highestOneBit(Math.max(4, tags.size() * 4) - 1) << 1;
    keys = new char[size][];
    values = new int[size];
    mask = size - 1;
    for (int i = 0; i < tags.size(); i++) {
      char[] k = tags.get(i).toCharArray();
      int slot = hash(k, 0, k.length) & mask;
      while (keys[slot] != null && !Arrays.equals(keys[slot], k)) {
        slot = (slot + 1) & mask;
      }
      if (keys[slot] == null) {
        keys[slot] = k;
        values[slot] = i;
      }
    }
  }

  /** The index of the tag spelled by {@code buf[off..off+len)}, or -1. */
  int indexOf(char[] buf, int off, int len) {
    int slot = hash(buf, off, len) & mask;
    while (true) {
      char[] k = keys[slot];
      if (k == null) {
        return -1;
      }
      if (k.length == len && Arrays.equals(k, 0, len, buf, off, off + len)) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The index of {@code tag}, or -1. */
  int indexOf(String tag) {
    char[] c = tag.toCharArray();
    return indexOf(c, 0, c.length);
  }

  private static int hash(char[] buf, int off, int len) {
    int h = 0;
    for (int i = off; i < off + len; i++) {
      h = 31 * h + buf[i];
    }
    return h ^ (h >>> 16);
  }
}
