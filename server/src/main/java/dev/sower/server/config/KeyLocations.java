package dev.sower.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key of a YAML document is ({@code a.b[2].c} to line and column) and the text of each
 * scalar value, so an error found while binding can point at the line the operator must fix:
 * Jackson's own locations for records point at the end of the enclosing mapping.
 */
final class KeyLocations {
  record Entry(JsonLocation location, String scalar) {}

  private static final int[] NOT_AN_ARRAY = new int[0];

  private final Map<String, Entry> entries = new HashMap<>();

  static KeyLocations scan(byte[] yaml) {
    KeyLocations k = new KeyLocations();
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      Deque<String> path = new ArrayDeque<>();
      Deque<int[]> arrays = new ArrayDeque<>();
      String field = null;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case FIELD_NAME -> {
            field = p.currentName();
            k.entries.putIfAbsent(join(path, field), new Entry(p.currentTokenLocation(), null));
          }
          case START_OBJECT, START_ARRAY -> {
            String seg = segment(path, arrays, field);
            if (seg != null) {
              path.addLast(seg);
            } else {
              path.addLast("");
            }
            arrays.addLast(t == JsonToken.START_ARRAY ? new int[] {0} : NOT_AN_ARRAY);
            field = null;
          }
          case END_OBJECT, END_ARRAY -> {
            path.pollLast();
            arrays.pollLast();
            field = null;
          }
          default -> {
            String seg = segment(path, arrays, field);
            if (seg != null) {
              String key = join(path, seg);
              Entry old = k.entries.get(key);
              k.entries.put(key, new Entry(old != null ? old.location()
                  : p.currentTokenLocation(), p.getText()));
            }
            field = null;
          }
        }
      }
    } catch (IOException e) {
      // Syntax errors are reported by the binding pass with Jackson's own location.
    }
    return k;
  }

  private static String segment(Deque<String> path, Deque<int[]> arrays, String field) {
    if (field != null) {
      return field;
    }
    int[] index = arrays.peekLast();
    if (index != null && index != NOT_AN_ARRAY) {
      return "[" + index[0]++ + "]";
    }
    return null;
  }

  private static String join(Deque<String> path, String last) {
    StringBuilder sb = new StringBuilder();
    for (String s : path) {
      append(sb, s);
    }
    append(sb, last);
    return sb.toString();
  }

  private static void append(StringBuilder sb, String s) {
    if (s.isEmpty()) {
      return;
    }
    if (sb.length() > 0 && !s.startsWith("[")) {
      sb.append('.');
    }
    sb.append(s);
  }

  Entry get(String key) {
    return entries.get(key);
  }
}
