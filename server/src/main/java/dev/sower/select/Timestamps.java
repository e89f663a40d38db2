package dev.sower.select;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Times in the metadata ({@code created_at}) and on the command line, as seconds since the epoch
 * (UTC). The export writes {@code 2005-05-24 03:35:31 UTC}; Danbooru's API writes ISO-8601 with an
 * offset ({@code 2019-12-31T23:59:59.123-05:00}). Both are accepted; fractions of a second are
 * dropped.
 */
public final class Timestamps {
  private Timestamps() {}

  /** Parses a metadata timestamp; throws {@link IllegalArgumentException} if it is neither form. */
  public static long parseRecordTime(String text) {
    long fast = parseExportForm(text);
    if (fast != Long.MIN_VALUE) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(text).toEpochSecond();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text).getEpochSecond();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException("unreadable time '" + text + "'");
      }
    }
  }

  /**
   * The fast path for {@code yyyy-MM-dd HH:mm:ss[.fff][ UTC]}: Long.MIN_VALUE when {@code text} is
   * not that form.
   */
  private static long parseExportForm(String s) {
    if (s.length() < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != ' '
        || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int rest = 19;
    if (rest < s.length() && s.charAt(rest) == '.') {
      rest++;
      while (rest < s.length() && Character.isDigit(s.charAt(rest))) {
        rest++;
      }
    }
    String tail = s.substring(rest);
    if (!tail.isEmpty() && !tail.equals(" UTC") && !tail.equals("Z")) {
      return Long.MIN_VALUE;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return Long.MIN_VALUE;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return Long.MIN_VALUE;
    }
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /**
   * The first second a {@code --since} value includes: {@code YYYY-MM-DD} means that day's
   * midnight UTC; a full timestamp (either metadata form) means that second.
   */
  public static long sinceBound(String text) {
    return isDate(text) ? LocalDate.parse(text.trim()).atStartOfDay(ZoneOffset.UTC).toEpochSecond()
        : parseOption(text);
  }

  /**
   * The last second an {@code --until} value includes: {@code YYYY-MM-DD} includes that whole day
   * (UTC); a full timestamp includes up to and with that second.
   */
  public static long untilBound(String text) {
    return isDate(text)
        ? LocalDate.parse(text.trim()).plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - 1
        : parseOption(text);
  }

  private static boolean isDate(String text) {
    String t = text.trim();
    if (t.length() != 10) {
      return false;
    }
    try {
      LocalDate.parse(t);
      return true;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a date (YYYY-MM-DD)");
    }
  }

  private static long parseOption(String text) {
    try {
      return parseRecordTime(text.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is neither YYYY-MM-DD, 'YYYY-MM-DD HH:MM:SS'"
          + " (UTC) nor an ISO-8601 time with offset");
    }
  }
}
