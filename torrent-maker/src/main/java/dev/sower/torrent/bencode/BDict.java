package dev.sower.torrent.bencode;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A bencode dictionary, {@code d...e}. Entries are kept sorted by the unsigned bytes of their keys,
 * the canonical order, whatever order they were given in. The map is copied and unmodifiable.
 *
 * <p>Typed getters ({@link #bytes(String)}, {@link #integer(String)}, ...) throw a
 * {@link BencodeException} naming the key when it is missing or of another type.
 */
public record BDict(SortedMap<BBytes, BValue> entries) implements BValue {
  public BDict {
    entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
  }

  /** A dictionary of the given entries. */
  public static BDict of(Map<BBytes, BValue> entries) {
    return new BDict(new TreeMap<>(entries));
  }

  /** A builder; keys may be added in any order. */
  public static Builder builder() {
    return new Builder();
  }

  /** The value under {@code key} (UTF-8), or null. */
  public BValue get(String key) {
    return entries.get(BBytes.of(key));
  }

  /** True when {@code key} is present. */
  public boolean has(String key) {
    return get(key) != null;
  }

  /** The byte string under {@code key}. */
  public byte[] bytes(String key) {
    return typed(key, BBytes.class).bytes();
  }

  /** The integer under {@code key}. */
  public long integer(String key) {
    return typed(key, BInt.class).value();
  }

  /** The list under {@code key}. */
  public BList list(String key) {
    return typed(key, BList.class);
  }

  /** The dictionary under {@code key}. */
  public BDict dict(String key) {
    return typed(key, BDict.class);
  }

  private <T extends BValue> T typed(String key, Class<T> type) {
    BValue v = get(key);
    if (v == null) {
      throw new BencodeException("missing key \"" + key + "\"", -1);
    }
    if (!type.isInstance(v)) {
      throw new BencodeException("key \"" + key + "\" holds " + v.getClass().getSimpleName()
          + ", expected " + type.getSimpleName(), -1);
    }
    return type.cast(v);
  }

  /** Collects entries for a {@link BDict}. Not thread-safe. */
  public static final class Builder {
    private final TreeMap<BBytes, BValue> entries = new TreeMap<>();

    private Builder() {}

    public Builder put(String key, BValue value) {
      return put(BBytes.of(key), value);
    }

    public Builder put(BBytes key, BValue value) {
      if (value == null) {
        throw new IllegalArgumentException("null value for key " + key);
      }
      if (entries.put(key, value) != null) {
        throw new IllegalArgumentException("duplicate key " + key);
      }
      return this;
    }

    public Builder put(String key, long value) {
      return put(key, new BInt(value));
    }

    public Builder put(String key, byte[] value) {
      return put(key, new BBytes(value));
    }

    public Builder put(String key, String utf8) {
      return put(key, BBytes.of(utf8));
    }

    public BDict build() {
      return new BDict(entries);
    }
  }
}
