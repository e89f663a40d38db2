package dev.sower.rsync.flist;

import dev.sower.dataset.RawPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Whether every file below a directory is on a local file system, where a read returns fewer
 * bytes than asked only at the end of the file. NFS, FUSE and the like may return a short read
 * in the middle of a file, so a read's count does not tell a file's length there.
 *
 * <p>Decided from the type of the directory's {@link java.nio.file.FileStore} and of every mount
 * below it in {@code /proc/self/mounts}, all from an allow-list; anything else, or a table that
 * cannot be read, is not local.
 */
public final class LocalFileSystems {
  /** File system types whose reads come up short only at the end of a file. */
  static final Set<String> LOCAL_TYPES =
      Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "zfs", "f2fs");
  private static final Path MOUNTS = Path.of("/proc/self/mounts");

  private LocalFileSystems() {
  }

  /** Whether {@code dir} and every mount below it are local now. */
  public static boolean below(Path dir) {
    try {
      return below(dir, Files.getFileStore(dir).type(), Files.readAllLines(MOUNTS,
          StandardCharsets.ISO_8859_1));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether {@code dir}, on a file system of type {@code dirType}, and every mount below it in
   * {@code mountLines} (lines of {@code /proc/self/mounts}, read as ISO-8859-1) are local.
   */
  static boolean below(Path dir, String dirType, List<String> mountLines) {
    if (!LOCAL_TYPES.contains(dirType)) {
      return false;
    }
    for (String line : mountLines) {
      String[] f = line.split(" ");
      if (f.length < 3) {
        continue;
      }
      Path point = RawPaths.of(unescape(f[1]));
      if (point.startsWith(dir) && !point.equals(dir) && !LOCAL_TYPES.contains(f[2])) {
        return false;
      }
    }
    return true;
  }

  /** A mount point's bytes: the table writes space, tab, newline and backslash as {@code \ooo}. */
  private static byte[] unescape(String field) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && isOctal(field, i + 1)) {
        out.write(Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  private static boolean isOctal(String s, int from) {
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
