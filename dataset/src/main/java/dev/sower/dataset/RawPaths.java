package dev.sower.dataset;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * File names on a POSIX file system are bytes, not text. {@link Path#toString()} decodes them with
 * the platform charset and replaces bytes that are not valid UTF-8, which loses the name: a file
 * called {@code a\xffb.jpg} can be opened through the {@link Path} a directory listing returned, but
 * not through the string that path prints as.
 *
 * <p>This class gives the exact bytes of a path and builds a path from exact bytes. It reaches the
 * JDK's {@code sun.nio.fs.UnixPath} through {@code --add-opens java.base/sun.nio.fs=ALL-UNNAMED}
 * (set by the launcher, the jar manifest and the test configuration). Without that opening it falls
 * back to UTF-8 text, and {@link #exact()} says names that are not UTF-8 cannot be served.
 */
public final class RawPaths {
  private static final MethodHandle AS_BYTES;
  private static final MethodHandle FROM_BYTES;

  static {
    MethodHandle asBytes = null;
    MethodHandle fromBytes = null;
    FileSystem fs = FileSystems.getDefault();
    try {
      Class<?> unixPath = Class.forName("sun.nio.fs.UnixPath");
      Class<?> unixFs = Class.forName("sun.nio.fs.UnixFileSystem");
      if (unixPath.isInstance(fs.getPath("/")) && unixFs.isInstance(fs)) {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(unixPath, MethodHandles.lookup());
        asBytes = lookup.findVirtual(unixPath, "asByteArray", MethodType.methodType(byte[].class))
            .asType(MethodType.methodType(byte[].class, Path.class));
        fromBytes = lookup.findConstructor(unixPath,
                MethodType.methodType(void.class, unixFs, byte[].class))
            .bindTo(fs)
            .asType(MethodType.methodType(Path.class, byte[].class));
      }
    } catch (ReflectiveOperationException | IllegalAccessError | SecurityException
        | IllegalArgumentException e) {
      asBytes = null;
      fromBytes = null;
    }
    AS_BYTES = asBytes;
    FROM_BYTES = fromBytes;
  }

  private RawPaths() {}

  /** True when names round-trip byte for byte; false when only valid UTF-8 names do. */
  public static boolean exact() {
    return AS_BYTES != null;
  }

  /** The bytes of {@code path} exactly as the file system stores them (a copy). */
  public static byte[] bytes(Path path) {
    if (AS_BYTES != null) {
      try {
        byte[] raw = (byte[]) AS_BYTES.invokeExact(path);
        return Arrays.copyOf(raw, raw.length);
      } catch (Throwable t) {
        throw new IllegalStateException("cannot read path bytes", t);
      }
    }
    return path.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The bytes of the last element of {@code path}. */
  public static byte[] nameBytes(Path path) {
    Path name = path.getFileName();
    if (name == null) {
      throw new IllegalArgumentException("path has no file name: " + path);
    }
    return bytes(name);
  }

  /**
   * A relative path made of exactly {@code bytes}. Rejects NUL bytes, which no POSIX name holds.
   */
  public static Path of(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        throw new IllegalArgumentException("path contains a NUL byte");
      }
    }
    if (FROM_BYTES != null) {
      try {
        return (Path) FROM_BYTES.invokeExact(Arrays.copyOf(bytes, bytes.length));
      } catch (Throwable t) {
        throw new IllegalStateException("cannot build path from bytes", t);
      }
    }
    return Path.of(new String(bytes, StandardCharsets.UTF_8));
  }

  /** {@code dir} joined with the single name or relative path {@code bytes}. */
  public static Path resolve(Path dir, byte[] bytes) {
    return dir.resolve(of(bytes));
  }

  /** True when {@code bytes} decode as UTF-8 without error. */
  public static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  /**
   * A printable form of a name for logs and error messages: valid UTF-8 as is, other bytes as
   * {@code \xHH} escapes (the way rsync prints them).
   */
  public static String printable(byte[] bytes) {
    if (isUtf8(bytes)) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    StringBuilder sb = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int u = b & 0xff;
      if (u >= 0x20 && u < 0x7f && u != '\\') {
        sb.append((char) u);
      } else {
        sb.append(String.format("\\x%02x", u));
      }
    }
    return sb.toString();
  }

  /** {@link #printable(byte[])} of a path's exact bytes. */
  public static String printable(Path path) {
    return printable(bytes(path));
  }
}
