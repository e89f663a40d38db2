package dev.sower.server.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate in bytes per second, written as a whole number of bytes or with a unit:
 * {@code 2000000}, {@code 2MB} (10^6), {@code 2MiB} (2^20), {@code 500kB}, {@code 1GiB};
 * a trailing {@code /s} is allowed. 0 means unlimited.
 */
public record ByteRate(long bytesPerSecond) {
  private static final Pattern TEXT =
      Pattern.compile("(\\d{1,15})\\s*([kKMG]i?)?B?(/s)?");

  public static final ByteRate UNLIMITED = new ByteRate(0);

  public ByteRate {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("a rate cannot be negative: " + bytesPerSecond);
    }
  }

  @JsonCreator
  public static ByteRate of(long bytesPerSecond) {
    return new ByteRate(bytesPerSecond);
  }

  @JsonCreator
  public static ByteRate parse(String text) {
    Matcher m = TEXT.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a rate in bytes per second"
          + " (e.g. 2000000, 2MB, 2MiB, 500kB; 0 for unlimited)");
    }
    long value = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
    long factor = switch (unit) {
      case "" -> 1;
      case "K" -> 1_000;
      case "KI" -> 1L << 10;
      case "M" -> 1_000_000;
      case "MI" -> 1L << 20;
      case "G" -> 1_000_000_000;
      case "GI" -> 1L << 30;
      default -> throw new IllegalArgumentException("unknown unit in '" + text + "'");
    };
    try {
      return new ByteRate(Math.multiplyExact(value, factor));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
  }

  public boolean unlimited() {
    return bytesPerSecond == 0;
  }

  @JsonValue
  @Override
  public String toString() {
    return Long.toString(bytesPerSecond);
  }
}
