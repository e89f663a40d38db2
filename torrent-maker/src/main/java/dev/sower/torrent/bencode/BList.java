package dev.sower.torrent.bencode;

import java.util.List;

/** A bencode list, {@code l...e}. The list is copied and unmodifiable. */
public record BList(List<BValue> values) implements BValue {
  public BList {
    values = List.copyOf(values);
  }

  /** A list of the given values. */
  public static BList of(BValue... values) {
    return new BList(List.of(values));
  }
}
