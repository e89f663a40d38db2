package dev.sower.select;

import dev.sower.dataset.RawPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the metadata comes from, streamed line by line: a file ({@code metadata.json.tar.xz}, a
 * plain {@code .tar}, an {@code .xz}-compressed or plain JSON-lines file, recognised by content,
 * not name), a directory of JSON-lines files ({@code *.json}, {@code *.jsonl}, also {@code .xz};
 * read in byte order of their relative paths), or standard input.
 */
public sealed interface MetadataSource {
  /** Name for messages. */
  String name();

  /** Streams every line to {@code handler}; returns the number of lines read. */
  long read(LineHandler handler) throws SelectException;

  /**
   * The source {@code arg} names: {@code -} is {@code stdin}, otherwise a file or directory; xz
   * decoded in this JVM ({@link XzDecoder#JAVA}).
   */
  static MetadataSource of(String arg, InputStream stdin) {
    return of(arg, stdin, XzDecoder.JAVA);
  }

  /** As {@link #of(String, InputStream)}, xz files decoded by {@code decoder}. */
  static MetadataSource of(String arg, InputStream stdin, XzDecoder decoder) {
    if ("-".equals(arg)) {
      return new Input(stdin, "<stdin>");
    }
    Path p = Path.of(arg);
    return Files.isDirectory(p) ? new Directory(p, decoder) : new File(p, decoder);
  }

  /** A single file. */
  record File(Path path, XzDecoder decoder) implements MetadataSource {
    /** A file, xz decoded in this JVM ({@link XzDecoder#JAVA}). */
    public File(Path path) {
      this(path, XzDecoder.JAVA);
    }

    @Override
    public String name() {
      return RawPaths.printable(path.getFileName() == null ? path : path.getFileName());
    }

    @Override
    public long read(LineHandler handler) throws SelectException {
      return MetadataStreams.readFile(path, name(), decoder, handler);
    }
  }

  /** A directory of JSON-lines files. */
  record Directory(Path dir, XzDecoder decoder) implements MetadataSource {
    /** A directory, xz decoded in this JVM ({@link XzDecoder#JAVA}). */
    public Directory(Path dir) {
      this(dir, XzDecoder.JAVA);
    }

    @Override
    public String name() {
      return RawPaths.printable(dir);
    }

    @Override
    public long read(LineHandler handler) throws SelectException {
      List<Path> files = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile).filter(Directory::isJsonLines).forEach(files::add);
      } catch (IOException | java.io.UncheckedIOException e) {
        throw new SelectException("cannot list " + name() + ": " + e.getMessage(), e);
      }
      files.sort((a, b) -> Arrays.compareUnsigned(
          RawPaths.bytes(dir.relativize(a)), RawPaths.bytes(dir.relativize(b))));
      if (files.isEmpty()) {
        throw new SelectException(name() + ": no *.json or *.jsonl files in this directory");
      }
      long lines = 0;
      for (Path f : files) {
        lines += MetadataStreams.readFile(f, RawPaths.printable(dir.relativize(f)), decoder, handler);
      }
      return lines;
    }

    private static boolean isJsonLines(Path f) {
      String n = new String(RawPaths.nameBytes(f), StandardCharsets.UTF_8);
      if (n.startsWith(".")) {
        return false;
      }
      if (n.endsWith(".xz")) {
        n = n.substring(0, n.length() - 3);
      }
      return n.endsWith(".json") || n.endsWith(".jsonl");
    }
  }

  /** Standard input, or any stream. */
  record Input(InputStream in, String name) implements MetadataSource {
    @Override
    public long read(LineHandler handler) throws SelectException {
      return MetadataStreams.readStream(in, name, handler);
    }
  }
}
