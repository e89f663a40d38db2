package dev.sower.select;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the fields a query needs from one JSON line with Jackson's streaming parser, skipping the
 * rest without building them. Numbers may be JSON numbers or strings holding one ({@code "id":
 * "58991"}, as in the real export); booleans may be JSON booleans or the strings {@code true}/
 * {@code false}. Tags come from {@code tags} (objects with a {@code name}, or plain strings) or
 * from a space-separated {@code tag_string}. Unknown fields are ignored.
 */
public final class RecordParser {
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(64)
          .maxStringLength(16 << 20)
          .build())
      .build();

  private final int wanted;
  private final TagTable tagTable;
  private final int tagCount;

  /** A parser that reads {@code fields} and tracks {@code mentionedTags} (in that order). */
  public RecordParser(Set<Field> fields, List<String> mentionedTags) {
    int w = 0;
    for (Field f : fields) {
      w |= 1 << f.ordinal();
    }
    this.wanted = w;
    this.tagTable = new TagTable(mentionedTags);
    this.tagCount = mentionedTags.size();
  }

  /** Parses {@code len} bytes of UTF-8 JSON at {@code off}: one record. */
  public ParsedRecord parse(byte[] buf, int off, int len) throws BadRecordException {
    try (JsonParser p = JSON.createParser(buf, off, len)) {
      return read(p);
    } catch (JsonProcessingException e) {
      throw new BadRecordException("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRecordException("unreadable JSON: " + e.getMessage());
    }
  }

  private ParsedRecord read(JsonParser p) throws IOException, BadRecordException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new BadRecordException("not a JSON object");
    }
    int present = 0;
    long id = 0;
    long created = 0;
    char rating = 0;
    long score = 0;
    String ext = null;
    boolean deleted = false;
    boolean[] tags = new boolean[tagCount];
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      Field field = fieldOf(name);
      if (field == null || (wanted & (1 << field.ordinal())) == 0) {
        p.skipChildren();
        continue;
      }
      if (v == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case ID -> id = nonNegative(field, asLong(p, field));
        case CREATED_AT -> created = asTime(p);
        case RATING -> {
          String r = asString(p, field);
          if (r.isEmpty()) {
            continue;
          }
          rating = Character.toLowerCase(r.charAt(0));
        }
        case SCORE -> score = asLong(p, field);
        case FILE_EXT -> {
          ext = asString(p, field);
          if (ext.isEmpty()) {
            continue;
          }
          checkExtension(ext);
        }
        case IS_DELETED -> deleted = asBoolean(p, field);
        case TAGS -> {
          if ("tag_string".equals(name)) {
            tagString(asString(p, field), tags);
          } else {
            tagArray(p, tags);
          }
        }
        default -> throw new IllegalStateException(field.name());
      }
      present |= 1 << field.ordinal();
    }
    if (t != JsonToken.END_OBJECT) {
      throw new BadRecordException("malformed JSON: object not closed");
    }
    if (p.nextToken() != null) {
      throw new BadRecordException("malformed JSON: data after the record's closing brace");
    }
    return new ParsedRecord(present, id, created, rating, score, ext, deleted, tags);
  }

  private static Field fieldOf(String name) {
    return switch (name) {
      case "id" -> Field.ID;
      case "created_at" -> Field.CREATED_AT;
      case "rating" -> Field.RATING;
      case "score" -> Field.SCORE;
      case "file_ext" -> Field.FILE_EXT;
      case "is_deleted" -> Field.IS_DELETED;
      case "tags", "tag_string" -> Field.TAGS;
      default -> null;
    };
  }

  private void tagArray(JsonParser p, boolean[] seen) throws IOException, BadRecordException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new BadRecordException("field tags: expected an array, got " + describe(p));
    }
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.VALUE_STRING) {
        mark(p, seen);
      } else if (t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken v = p.nextToken();
          if ("name".equals(field) && v == JsonToken.VALUE_STRING) {
            mark(p, seen);
          } else {
            p.skipChildren();
          }
        }
      } else {
        throw new BadRecordException("field tags: expected tag objects or names, got " + describe(p));
      }
    }
  }

  private void tagString(String s, boolean[] seen) {
    if (tagCount == 0) {
      return;
    }
    int start = 0;
    int n = s.length();
    while (start < n) {
      while (start < n && s.charAt(start) == ' ') {
        start++;
      }
      int end = start;
      while (end < n && s.charAt(end) != ' ') {
        end++;
      }
      if (end > start) {
        mark(s.substring(start, end), seen);
      }
      start = end;
    }
  }

  private void mark(String tag, boolean[] seen) {
    int i = tagTable.indexOf(tag);
    if (i >= 0) {
      seen[i] = true;
    }
  }

  private void mark(JsonParser p, boolean[] seen) throws IOException {
    if (tagCount == 0) {
      return;
    }
    int i = tagTable.indexOf(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    if (i >= 0) {
      seen[i] = true;
    }
  }

  private static long asLong(JsonParser p, Field field) throws IOException, BadRecordException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw new BadRecordException("field " + field.jsonName() + ": number out of range");
      }
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText().trim();
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new BadRecordException("field " + field.jsonName() + ": '" + s + "' is not an integer");
      }
    }
    throw new BadRecordException("field " + field.jsonName() + ": expected an integer, got " + describe(p));
  }

  /** An extension becomes part of a path: only letters and digits, so it cannot name another file. */
  private static void checkExtension(String ext) throws BadRecordException {
    boolean ok = ext.length() <= 16;
    for (int i = 0; ok && i < ext.length(); i++) {
      char c = ext.charAt(i);
      ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    if (!ok) {
      throw new BadRecordException("field file_ext: '" + abbreviate(ext) + "' is not a file extension");
    }
  }

  private static long nonNegative(Field field, long v) throws BadRecordException {
    if (v < 0) {
      throw new BadRecordException("field " + field.jsonName() + ": negative value " + v);
    }
    return v;
  }

  private static String asString(JsonParser p, Field field) throws IOException, BadRecordException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new BadRecordException("field " + field.jsonName() + ": expected a string, got " + describe(p));
    }
    return p.getText();
  }

  private static long asTime(JsonParser p) throws IOException, BadRecordException {
    String s = asString(p, Field.CREATED_AT);
    try {
      return Timestamps.parseRecordTime(s);
    } catch (IllegalArgumentException e) {
      throw new BadRecordException("field created_at: " + e.getMessage());
    }
  }

  private static boolean asBoolean(JsonParser p, Field field) throws IOException, BadRecordException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (t == JsonToken.VALUE_FALSE) {
      return false;
    }
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
      switch (p.getText().trim().toLowerCase(Locale.ROOT)) {
        case "true", "t", "1" -> {
          return true;
        }
        case "false", "f", "0" -> {
          return false;
        }
        default -> { }
      }
    }
    throw new BadRecordException("field " + field.jsonName() + ": expected true or false, got " + describe(p));
  }

  private static String describe(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "string '" + abbreviate(p.getText()) + "'";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number " + p.getText();
      case VALUE_TRUE, VALUE_FALSE -> p.getText();
      default -> t.toString();
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
