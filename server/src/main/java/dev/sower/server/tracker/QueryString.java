package dev.sower.server.tracker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw URL query string decoded to byte values: {@code info_hash} and {@code peer_id} are
 * binary, so they must not pass through a text decoder. Bounded: at most {@link #MAX_PARAMS}
 * parameters and {@link #MAX_LENGTH} characters.
 */
final class QueryString {
  static final int MAX_LENGTH = 8192;
  static final int MAX_PARAMS = 128;

  record Param(String name, byte[] value) {}

  private final List<Param> params;

  private QueryString(List<Param> params) {
    this.params = params;
  }

  static QueryString parse(String raw) throws TrackerException {
    List<Param> params = new ArrayList<>();
    if (raw == null || raw.isEmpty()) {
      return new QueryString(params);
    }
    if (raw.length() > MAX_LENGTH) {
      throw new TrackerException("query string too long");
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      if (params.size() == MAX_PARAMS) {
        throw new TrackerException("too many query parameters");
      }
      int eq = pair.indexOf('=');
      String name = new String(decode(eq < 0 ? pair : pair.substring(0, eq)),
          StandardCharsets.UTF_8);
      byte[] value = eq < 0 ? new byte[0] : decode(pair.substring(eq + 1));
      params.add(new Param(name, value));
    }
    return new QueryString(params);
  }

  static byte[] decode(String s) throws TrackerException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new TrackerException("truncated %-escape in query");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new TrackerException("bad %-escape in query");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else if (c == '+') {
        out.write(' ');
      } else if (c < 0x80) {
        out.write(c);
      } else {
        throw new TrackerException("non-ASCII character in query");
      }
    }
    return out.toByteArray();
  }

  byte[] first(String name) {
    for (Param p : params) {
      if (p.name().equals(name)) {
        return p.value();
      }
    }
    return null;
  }

  List<byte[]> all(String name) {
    List<byte[]> values = new ArrayList<>();
    for (Param p : params) {
      if (p.name().equals(name)) {
        values.add(p.value());
      }
    }
    return values;
  }

  String text(String name) {
    byte[] v = first(name);
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  long number(String name, long fallback, long min, long max) throws TrackerException {
    String v = text(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v);
      if (n < min || n > max) {
        throw new TrackerException(name + " out of range: " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new TrackerException(name + " is not a number: " + v);
    }
  }
}
