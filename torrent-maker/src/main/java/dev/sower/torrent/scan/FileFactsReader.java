package dev.sower.torrent.scan;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code lstat} of a file: type, size, mtime and inode. Reads the JDK's
 * {@code sun.nio.fs.UnixFileAttributes} directly (reachable through the
 * {@code --add-opens java.base/sun.nio.fs} the launcher and tests set), which costs a fraction of
 * the generic {@code "unix:..."} attribute map per file; without that opening it falls back to the
 * map.
 */
final class FileFactsReader {
  private static final String ATTRS =
      "unix:size,lastModifiedTime,ino,isRegularFile,isDirectory,isSymbolicLink";
  private static final MethodHandle INO = inodeHandle();

  private FileFactsReader() {}

  /** What one {@code lstat} says. */
  record Facts(boolean regular, boolean directory, boolean symlink, long size, long mtimeNanos,
      long inode) {}

  private static MethodHandle inodeHandle() {
    try {
      Class<?> c = Class.forName("sun.nio.fs.UnixFileAttributes");
      MethodHandles.Lookup l = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
      return l.findVirtual(c, "ino", MethodType.methodType(long.class))
          .asType(MethodType.methodType(long.class, Object.class));
    } catch (ReflectiveOperationException | IllegalAccessError | SecurityException
        | IllegalArgumentException e) {
      return null;
    }
  }

  /** {@code lstat} of {@code file}; throws NoSuchFileException when it is gone. */
  static Facts read(Path file) throws IOException {
    if (INO != null) {
      PosixFileAttributes a =
          Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      long ino;
      try {
        ino = (long) INO.invokeExact((Object) a);
      } catch (ClassCastException e) {
        return readMap(file);
      } catch (Throwable t) {
        throw new IllegalStateException("cannot read the inode of " + file, t);
      }
      return facts(a, ino);
    }
    return readMap(file);
  }

  private static Facts facts(BasicFileAttributes a, long ino) {
    return new Facts(a.isRegularFile(), a.isDirectory(), a.isSymbolicLink(), a.size(),
        a.lastModifiedTime().to(TimeUnit.NANOSECONDS), ino);
  }

  /** The portable way: the attribute map of the {@code unix} view. */
  static Facts readMap(Path file) throws IOException {
    Map<String, Object> a = Files.readAttributes(file, ATTRS, LinkOption.NOFOLLOW_LINKS);
    return new Facts((Boolean) a.get("isRegularFile"), (Boolean) a.get("isDirectory"),
        (Boolean) a.get("isSymbolicLink"), (Long) a.get("size"),
        ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS), (Long) a.get("ino"));
  }
}
