package dev.sower.dataset.sample;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/**
 * The metadata export: JSON lines, one object per image, modelled on the Danbooru export, in a
 * {@code .tar.xz} whose entries are {@code YYYY/NNNNNN.json}. As in the real export, numbers are
 * often written as JSON strings ({@code "id":"58991"}); readers must accept both.
 */
public final class MetadataArchive {
  /** Records per tar entry. */
  static final int RECORDS_PER_ENTRY = 20_000;
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final JsonFactory JSON = new JsonFactory();

  private MetadataArchive() {}

  /** The year a metadata archive belongs to, from its first entry's directory; -1 if none. */
  public static int year(Path archive) throws IOException {
    try (TarArchiveInputStream tar = open(archive)) {
      TarArchiveEntry e = tar.getNextEntry();
      if (e == null) {
        return -1;
      }
      String name = e.getName();
      int slash = name.indexOf('/');
      try {
        return slash == 4 ? Integer.parseInt(name.substring(0, 4)) : -1;
      } catch (NumberFormatException ex) {
        return -1;
      }
    }
  }

  /** Writes {@code records} (in the given order) as the archive of {@code year}. */
  static void write(Path target, int year, List<ImageRecord> records, long seed, long mtime)
      throws IOException {
    try (OutputStream file = Files.newOutputStream(target);
        XZCompressorOutputStream xz = new XZCompressorOutputStream(file, 6);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(xz, StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (int start = 0, n = 0; start < records.size() || n == 0; start += RECORDS_PER_ENTRY, n++) {
        List<ImageRecord> chunk = records.subList(start, Math.min(records.size(), start + RECORDS_PER_ENTRY));
        byte[] body = jsonLines(chunk, seed);
        TarArchiveEntry entry = new TarArchiveEntry(String.format("%04d/%06d.json", year, n));
        entry.setSize(body.length);
        entry.setModTime(mtime * 1000);
        entry.setMode(0100644);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
        tar.putArchiveEntry(entry);
        tar.write(body);
        tar.closeArchiveEntry();
        if (records.isEmpty()) {
          break;
        }
      }
      tar.finish();
    }
  }

  private static byte[] jsonLines(List<ImageRecord> chunk, long seed) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.size() * 600);
    for (ImageRecord r : chunk) {
      boolean strings = (Seeds.mix(seed ^ 0x5eedL, r.id()) & 3) != 0;
      try (JsonGenerator g = JSON.createGenerator(out)) {
        g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        g.writeStartObject();
        number(g, "id", r.id(), true);
        g.writeStringField("created_at", CREATED.format(Instant.ofEpochSecond(r.createdAt())));
        number(g, "uploader_id", 1 + (r.id() * 7919) % 50_000, strings);
        number(g, "score", r.score(), strings);
        g.writeStringField("source", "");
        g.writeStringField("md5", r.md5());
        g.writeStringField("rating", String.valueOf(r.rating()));
        number(g, "image_width", r.width(), strings);
        number(g, "image_height", r.height(), strings);
        g.writeStringField("file_ext", r.fileExt());
        number(g, "file_size", r.fileSize(), strings);
        g.writeBooleanField("is_deleted", r.deleted());
        g.writeArrayFieldStart("tags");
        for (Tag t : r.tags()) {
          g.writeStartObject();
          number(g, "id", t.id(), strings);
          g.writeStringField("name", t.name());
          number(g, "category", t.category(), strings);
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("pools");
        g.writeEndArray();
        g.writeEndObject();
      }
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static void number(JsonGenerator g, String field, long value, boolean asString)
      throws IOException {
    if (asString) {
      g.writeStringField(field, Long.toString(value));
    } else {
      g.writeNumberField(field, value);
    }
  }

  /**
   * Reads every record of an archive. File-level facts the metadata does not hold (oddity, real
   * format, quality) are left as NONE, the extension and 0.
   */
  public static List<ImageRecord> read(Path archive) throws IOException {
    List<ImageRecord> out = new ArrayList<>();
    try (TarArchiveInputStream tar = open(archive)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (!e.isFile()) {
          continue;
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(nonClosing(tar), StandardCharsets.UTF_8));
        int lineNo = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          try {
            out.add(parse(line));
          } catch (IOException | RuntimeException ex) {
            throw new IOException(archive + ": entry " + e.getName() + " line " + lineNo + ": " + ex.getMessage(), ex);
          }
        }
      }
    }
    return out;
  }

  static ImageRecord parse(String line) throws IOException {
    long id = -1;
    long created = 0;
    String md5 = "";
    String ext = "";
    long size = 0;
    int width = 0;
    int height = 0;
    char rating = 'q';
    int score = 0;
    boolean deleted = false;
    List<Tag> tags = new ArrayList<>();
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "id" -> id = asLong(p);
          case "created_at" -> created = Instant.from(CREATED.parse(p.getText())).getEpochSecond();
          case "md5" -> md5 = p.getText();
          case "file_ext" -> ext = p.getText();
          case "file_size" -> size = asLong(p);
          case "image_width" -> width = (int) asLong(p);
          case "image_height" -> height = (int) asLong(p);
          case "rating" -> rating = p.getText().isEmpty() ? 'q' : p.getText().charAt(0);
          case "score" -> score = (int) asLong(p);
          case "is_deleted" -> deleted = p.currentToken() == JsonToken.VALUE_TRUE
              || "true".equals(p.getText());
          case "tags" -> readTags(p, tags);
          default -> p.skipChildren();
        }
      }
    }
    if (id < 0) {
      throw new IOException("record without id");
    }
    return new ImageRecord(id, created, md5, ext, ext, size, width, height, rating, score,
        List.copyOf(tags), deleted, Oddity.NONE, 0);
  }

  private static void readTags(JsonParser p, List<Tag> tags) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.START_OBJECT) {
      int id = 0;
      String name = "";
      int category = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "id" -> id = (int) asLong(p);
          case "name" -> name = p.getText();
          case "category" -> category = (int) asLong(p);
          default -> p.skipChildren();
        }
      }
      tags.add(new Tag(id, name, category));
    }
  }

  private static long asLong(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.VALUE_STRING ? Long.parseLong(p.getText().trim()) : p.getLongValue();
  }

  private static TarArchiveInputStream open(Path archive) throws IOException {
    InputStream in = Files.newInputStream(archive);
    try {
      return new TarArchiveInputStream(new XZCompressorInputStream(new java.io.BufferedInputStream(in, 1 << 16)),
          StandardCharsets.UTF_8.name());
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static InputStream nonClosing(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }
}
