package dev.sower.torrent.publish;

import dev.sower.torrent.scan.ScannedFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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

  /** Writes the list of {@code files} (already sorted by path bytes). */
  public static void write(Path file, List<ScannedFile> files) throws IOException {
    long size = 64;
    for (ScannedFile f : files) {
      size += f.path().length + 40;
    }
    XzOptions.Buffer text = new XzOptions.Buffer((int) Math.min(Integer.MAX_VALUE - 64, size));
    for (ScannedFile f : files) {
      String head = f.size() + "\t"
          + TIME.format(Instant.ofEpochSecond(Math.floorDiv(f.mtimeNanos(), 1_000_000_000L)))
          + "\t";
      text.write(head.getBytes(StandardCharsets.US_ASCII));
      writeEscaped(text, f.path());
      text.write('\n');
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      text.compressTo(out, 3, 8 << 20);
    }
  }

  /** Writes {@code path} with tab, newline, CR and backslash escaped. */
  public static void writeEscaped(OutputStream out, byte[] path) throws IOException {
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
