package dev.sower.rsync.it;

import dev.sower.dataset.RawPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a destination tree holds, for byte-for-byte comparison: per path (raw bytes shown as
 * ISO-8859-1) the type, permissions, mtime (files and symlinks keep theirs with -t), size,
 * the MD5 of the content, or the link target.
 */
final class TreeSnapshot {
  private TreeSnapshot() {}

  static Map<String, String> of(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = new String(RawPaths.bytes(root.relativize(p)), StandardCharsets.ISO_8859_1);
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        String perms = PosixFilePermissions.toString(a.permissions());
        String d;
        if (a.isSymbolicLink()) {
          d = "link -> " + new String(RawPaths.bytes(Files.readSymbolicLink(p)),
              StandardCharsets.ISO_8859_1);
        } else if (a.isDirectory()) {
          d = "dir " + perms;
        } else if (a.isRegularFile()) {
          d = "file " + perms + " " + a.lastModifiedTime().toMillis() / 1000 + " " + a.size()
              + " " + md5(p);
        } else {
          d = "other " + perms;
        }
        out.put(rel, d);
      }
    }
    return out;
  }

  private static String md5(Path p) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      byte[] buf = new byte[1 << 20];
      try (var in = Files.newInputStream(p)) {
        for (int n; (n = in.read(buf)) > 0; ) {
          md.update(buf, 0, n);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
