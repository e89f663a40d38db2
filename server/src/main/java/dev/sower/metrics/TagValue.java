package dev.sower.metrics;

import java.util.Locale;

/**
 * An enum whose constants are the values of one {@link SowerTag}: the value is the constant's
 * name in lower case. Binders take these enums so that callers cannot pass a free string.
 */
public interface TagValue {
  String name();

  /** The tag value: {@code MAX_CONNECTIONS} gives {@code max_connections}. */
  default String tagValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
