package dev.sower.torrent.publish;

import dev.sower.torrent.scan.ScannedFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code filelist.txt.xz}: one line per file, sorted by path bytes:
 * {@code SIZE<TAB>MTIME<TAB>PATH\n}, MTIME as {@code 2026-01-31T12:00:00Z} (UTC, seconds), PATH
 * dataset-relative with its exact bytes, except that tab, newline, carriage return and backslash
 * are written as {@code \t}, {@code \n}, {@code \r}, {@code \\}.
 */
public final class FileListWriter {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private FileListWriter() {}

  /**
   * xz preset of the list: 0, since the sorted paths compress about as well at 0 as at 3 (6% larger
   * on a 44k-file list) at a quarter of the CPU time.
   */
  static final int PRESET = 0;

  /** Writes the list of {@code files} (already sorted by path bytes). */
  public static void write(Path file, List<ScannedFile> files) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      text(files).compressTo(out, PRESET, 8 << 20);
    }
  }

  /** The uncompressed list. */
  static XzOptions.Buffer text(List<ScannedFile> files) throws IOException {
    long size = 64;
    for (ScannedFile f : files) {
      size += f.path().length + 48;
    }
    XzOptions.Buffer text = new XzOptions.Buffer((int) Math.min(Integer.MAX_VALUE - 64, size));
    byte[] line = new byte[64];
    for (ScannedFile f : files) {
      int n = 0;
      n = digits(line, n, f.size());
      line[n++] = '\t';
      n = time(line, n, Math.floorDiv(f.mtimeNanos(), 1_000_000_000L));
      line[n++] = '\t';
      text.write(line, 0, n);
      writeEscaped(text, f.path());
      text.write('\n');
    }
    return text;
  }

  /** Writes {@code v >= 0} in decimal at {@code at}; returns the end. */
  private static int digits(byte[] b, int at, long v) {
    int len = 1;
    for (long x = v; x >= 10; x /= 10) {
      len++;
    }
    for (int i = at + len - 1; i >= at; i--) {
      b[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return at + len;
  }

  /** Writes {@code epochSeconds} as {@code yyyy-MM-ddTHH:mm:ssZ} (UTC) at {@code at}. */
  private static int time(byte[] b, int at, long epochSeconds) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 1 || year > 9999) { // the formatter's (year-of-era) form outside 0001-9999
      byte[] s = TIME.format(Instant.ofEpochSecond(epochSeconds)).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(s, 0, b, at, s.length);
      return at + s.length;
    }
    at = fixed(b, at, year, 4);
    b[at++] = '-';
    at = fixed(b, at, t.getMonthValue(), 2);
    b[at++] = '-';
    at = fixed(b, at, t.getDayOfMonth(), 2);
    b[at++] = 'T';
    at = fixed(b, at, t.getHour(), 2);
    b[at++] = ':';
    at = fixed(b, at, t.getMinute(), 2);
    b[at++] = ':';
    at = fixed(b, at, t.getSecond(), 2);
    b[at++] = 'Z';
    return at;
  }

  private static int fixed(byte[] b, int at, int v, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      b[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return at + width;
  }

  /** Writes {@code path} with tab, newline, CR and backslash escaped. */
  public static void writeEscaped(OutputStream out, byte[] path) throws IOException {
    boolean plain = true;
    for (byte b : path) {
      if (b == '\t' || b == '\n' || b == '\r' || b == '\\') {
        plain = false;
        break;
      }
    }
    if (plain) {
      out.write(path);
      return;
    }
    for (byte b : path) {
      switch (b) {
        case '\t' -> out.write(new byte[] {'\\', 't'});
        case '\n' -> out.write(new byte[] {'\\', 'n'});
        case '\r' -> out.write(new byte[] {'\\', 'r'});
        case '\\' -> out.write(new byte[] {'\\', '\\'});
        default -> out.write(b);
      }
    }
  }
}
