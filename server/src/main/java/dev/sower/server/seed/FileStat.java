package dev.sower.server.seed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Reads a file's size, mtime and inode without following a final symlink. */
final class FileStat {
  private FileStat() {}

  /** Fills {@code file}'s entry of {@code into}; leaves it unknown if the file is missing/odd. */
  static void stat(Path path, int file, FileStamps into) {
    try {
      Map<String, Object> a = Files.readAttributes(path, "unix:size,lastModifiedTime,ino,mode",
          LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      if ((mode & 0170000) != 0100000) {
        into.clear(file); // not a regular file
        return;
      }
      long mtime = ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
      into.set(file, (Long) a.get("size"), mtime == 0 ? 1 : mtime, (Long) a.get("ino"));
    } catch (IOException | UnsupportedOperationException e) {
      into.clear(file);
    }
  }
}
