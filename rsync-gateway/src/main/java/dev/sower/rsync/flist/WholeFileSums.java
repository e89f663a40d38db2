package dev.sower.rsync.flist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole-file MD5 for {@code -c} (unseeded, as protocol 30/31 sends in the list). Files are
 * opened with NOFOLLOW; a file that cannot be read gets an all-zero sum, like rsync.
 */
public final class WholeFileSums {
  private WholeFileSums() {}

  public static byte[] md5(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 unavailable", e);
    }
    ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS)) {
      while (ch.read(buf) >= 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
    }
    return md.digest();
  }

  /** Returns {@code entries} with the MD5 of every regular file filled in. */
  public static List<FileEntry> fill(ModuleRoot root, List<FileEntry> entries) {
    List<FileEntry> out = new ArrayList<>(entries.size());
    for (FileEntry e : entries) {
      if (!e.isRegular()) {
        out.add(e);
        continue;
      }
      byte[] sum;
      try {
        sum = md5(root.resolve(e.pathInModule()));
      } catch (IOException ex) {
        sum = new byte[16];
      }
      out.add(e.withMd5(sum));
    }
    return out;
  }
}
