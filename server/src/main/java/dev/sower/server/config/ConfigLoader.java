package dev.sower.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads {@link SowerConfig} from YAML. Strict: unknown keys, wrong types, duplicate keys and
 * out-of-range values all fail with {@code FILE:LINE:COLUMN: problem (hint)}, so the daemon
 * never starts on a half-understood file.
 */
public final class ConfigLoader {
  private final ObjectMapper mapper;

  public ConfigLoader() {
    this.mapper = YAMLMapper.builder(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
  }

  public SowerConfig load(Path file) throws ConfigException {
    byte[] yaml;
    try {
      yaml = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file", e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    try {
      SowerConfig config = mapper.readValue(yaml, SowerConfig.class);
      if (config == null) {
        throw new ConfigException(file + ": the file is empty (need at least 'dataset' and"
            + " 'torrents')", null);
      }
      return config;
    } catch (JsonProcessingException e) {
      throw new ConfigException(describe(file, e, KeyLocations.scan(yaml)), e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  static String describe(Path file, JsonProcessingException e, KeyLocations keys) {
    String key = e instanceof JsonMappingException m ? path(m) : "";
    KeyLocations.Entry entry = key.isEmpty() ? null : keys.get(key);
    // Point at the key when it is known: Jackson's own location is where it stopped reading,
    // for records the end of the enclosing mapping.
    JsonLocation at = entry != null ? entry.location() : e.getLocation();
    String token = entry != null ? entry.scalar() : null;
    String where = file + (at != null && at.getLineNr() > 0
        ? ":" + at.getLineNr() + ":" + at.getColumnNr() : "");
    if (e instanceof UnrecognizedPropertyException u) {
      String known = known(u.getKnownPropertyIds());
      String suggestion = closest(u.getPropertyName(), u.getKnownPropertyIds());
      return where + ": unknown key '" + u.getPropertyName() + "'"
          + (key.isEmpty() ? "" : " in '" + parent(key) + "'")
          + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : "")
          + "; known keys here: " + known;
    }
    if (e instanceof InvalidFormatException f) {
      return where + ": '" + key + "' cannot be " + quote(f.getValue()) + ": expected "
          + expected(f.getTargetType());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return where + ": '" + key + "' " + (token != null ? "cannot be '" + token + "'"
          : "has the wrong shape") + ": expected " + expected(m.getTargetType());
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root instanceof IllegalArgumentException ? root.getMessage()
        : e.getOriginalMessage();
    return where + ": " + (key.isEmpty() ? "" : "'" + key + "': ") + message;
  }

  private static String path(JsonMappingException m) {
    return m.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  private static String parent(String key) {
    int dot = key.lastIndexOf('.');
    return dot < 0 ? "(top level)" : key.substring(0, dot);
  }

  private static String known(Collection<Object> ids) {
    return ids.stream().map(Objects::toString).sorted().collect(Collectors.joining(", "));
  }

  private static String closest(String name, Collection<Object> ids) {
    return ids.stream().map(Objects::toString)
        .min(Comparator.comparingInt(k -> distance(k, name)))
        .filter(k -> distance(k, name) <= Math.max(2, name.length() / 3))
        .orElse(null);
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String quote(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }

  private static String expected(Class<?> type) {
    if (type == Integer.class || type == int.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.stream(type.getEnumConstants())
          .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT))
          .collect(Collectors.joining(", "));
    }
    if (type == java.util.List.class) {
      return "a list";
    }
    return "a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT)
        .replace("hostport", "HOST:PORT string");
  }

}
