package dev.sower.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * Writes a v1 multi-file .torrent for tests: canonical bencode, files in the given order (paths
 * relative to the dataset root, elements separated by '/'), name = the root's file name, no
 * announce key when {@code announce} is null.
 */
public final class TestTorrents {
  private TestTorrents() {}

  public static void write(Path root, List<String> files, int pieceLength, String announce,
      Path out) throws IOException {
    ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    MessageDigest md = sha1();
    byte[] buf = new byte[pieceLength];
    int filled = 0;
    ByteArrayOutputStream fileList = new ByteArrayOutputStream();
    fileList.write('l');
    for (String f : files) {
      Path p = root.resolve(f);
      long size = Files.size(p);
      fileList.write('d');
      str(fileList, "length");
      integer(fileList, size);
      str(fileList, "path");
      fileList.write('l');
      for (String e : f.split("/")) {
        str(fileList, e);
      }
      fileList.write('e');
      fileList.write('e');
      try (InputStream in = Files.newInputStream(p)) {
        int n;
        while ((n = in.read(buf, filled, pieceLength - filled)) > 0) {
          filled += n;
          if (filled == pieceLength) {
            md.update(buf, 0, filled);
            pieces.writeBytes(md.digest());
            filled = 0;
          }
        }
      }
    }
    if (filled > 0) {
      md.update(buf, 0, filled);
      pieces.writeBytes(md.digest());
    }
    fileList.write('e');
    ByteArrayOutputStream t = new ByteArrayOutputStream();
    t.write('d');
    if (announce != null) {
      str(t, "announce");
      str(t, announce);
    }
    str(t, "info");
    t.write('d');
    str(t, "files");
    t.writeBytes(fileList.toByteArray());
    str(t, "name");
    str(t, root.getFileName().toString());
    str(t, "piece length");
    integer(t, pieceLength);
    str(t, "pieces");
    bytes(t, pieces.toByteArray());
    t.write('e');
    t.write('e');
    Files.write(out, t.toByteArray());
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void str(ByteArrayOutputStream out, String s) {
    bytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void bytes(ByteArrayOutputStream out, byte[] b) {
    out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(b);
  }

  private static void integer(ByteArrayOutputStream out, long v) {
    out.writeBytes(("i" + v + "e").getBytes(StandardCharsets.US_ASCII));
  }
}
