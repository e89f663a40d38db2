package dev.sower.select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which decoder reads an xz-compressed metadata file (standard input is always read by xz-java).
 * The native {@code xz} took 1.5-1.8 times less wall time than xz-java on a single-block archive
 * and less CPU time on a multi-block one (see docs/select.md, Performance).
 */
public enum XzDecoder {
  /** Native {@code xz} when it is on the PATH (and the file name is UTF-8), otherwise xz-java. */
  AUTO,
  /** Always xz-java in this JVM (multi-block files on several threads). */
  JAVA,
  /** Always the native {@code xz} program; fails when it is not installed. */
  NATIVE;

  /** Parses {@code auto}, {@code java} or {@code native}. */
  public static XzDecoder parse(String s) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--xz-decoder must be auto, java or native, got '" + s + "'");
    }
  }

  /** The {@code xz} program on the PATH, or null. */
  static Path nativeProgram() {
    return NativeXz.PROGRAM;
  }

  /** Looked up once. */
  private static final class NativeXz {
    static final Path PROGRAM = find();

    private static Path find() {
      String path = System.getenv("PATH");
      if (path == null) {
        return null;
      }
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path p = Path.of(dir, "xz");
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
      return null;
    }
  }
}
