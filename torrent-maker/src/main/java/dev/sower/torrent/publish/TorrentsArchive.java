package dev.sower.torrent.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code torrents.tar.xz}: the .torrent files in one download. Deterministic: entries in name
 * order, mode 0644, owner 0:0 without names, a fixed mtime; xz preset 0 in parallel streams of at
 * most 1 MiB of input, except that each torrent's piece hashes (random bytes that do not compress)
 * are stored in streams of their own without trying to compress them.
 */
public final class TorrentsArchive {
  private static final int CHUNK = 1 << 20;
  private static final int BLOCK = 512;

  private TorrentsArchive() {}

  /**
   * One archive member.
   *
   * @param bytes its content
   * @param storedFrom start of a range of {@code bytes} that does not compress (piece hashes)
   * @param storedTo end of that range (exclusive); equal to {@code storedFrom} when there is none
   */
  public record Member(byte[] bytes, int storedFrom, int storedTo) {
    public Member {
      if (storedFrom < 0 || storedTo < storedFrom || storedTo > bytes.length) {
        throw new IllegalArgumentException("bad stored range " + storedFrom + ".." + storedTo);
      }
    }

    /** A member compressed throughout. */
    public static Member of(byte[] bytes) {
      return new Member(bytes, 0, 0);
    }
  }

  /**
   * Writes the archive.
   *
   * @param file where
   * @param entries file name to member
   * @param mtimeSeconds mtime of every entry
   */
  public static void write(Path file, SortedMap<String, Member> entries, long mtimeSeconds)
      throws IOException {
    long size = 1024;
    for (Member m : entries.values()) {
      size += m.bytes().length + 1536;
    }
    if (size > Integer.MAX_VALUE - 64) {
      throw new IOException("torrents too large for one archive: " + size + " bytes");
    }
    XzOptions.Buffer tarBytes = new XzOptions.Buffer((int) size);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Map.Entry<String, Member> e : entries.entrySet()) {
        TarArchiveEntry te = new TarArchiveEntry(e.getKey());
        te.setSize(e.getValue().bytes().length);
        te.setMode(0100644);
        te.setUserId(0);
        te.setGroupId(0);
        te.setUserName("");
        te.setGroupName("");
        te.setModTime(new Date(mtimeSeconds * 1000));
        tar.putArchiveEntry(te);
        tar.write(e.getValue().bytes());
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    List<XzOptions.Region> regions = regions(tarBytes.array(), tarBytes.size(), entries.values());
    try (OutputStream out = Files.newOutputStream(file)) {
      tarBytes.compressTo(out, regions, 0, CHUNK);
    }
  }

  /**
   * Finds each member's data in the tar bytes (walking the 512-byte headers, skipping PAX and GNU
   * long-name headers) and marks its stored range.
   */
  static List<XzOptions.Region> regions(byte[] tar, int length,
      java.util.Collection<Member> members) {
    List<XzOptions.Region> regions = new ArrayList<>();
    int pos = 0;
    int done = 0; // tar bytes covered by regions so far
    for (Member m : members) {
      int data;
      while (true) {
        if (pos + BLOCK > length) {
          throw new IllegalStateException("tar ends before member data");
        }
        byte type = tar[pos + 156];
        long size = octal(tar, pos + 124, 12);
        if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
          pos += BLOCK + (int) padded(size);
          continue;
        }
        if (size != m.bytes().length) {
          throw new IllegalStateException("tar member size " + size + " != " + m.bytes().length);
        }
        data = pos + BLOCK;
        pos = data + (int) padded(size);
        break;
      }
      if (m.storedTo() > m.storedFrom()) {
        int from = data + m.storedFrom();
        int to = data + m.storedTo();
        if (!Arrays.equals(tar, from, to, m.bytes(), m.storedFrom(), m.storedTo())) {
          throw new IllegalStateException("member bytes not where the tar header says");
        }
        if (from > done) {
          regions.add(new XzOptions.Region(done, from, false));
        }
        regions.add(new XzOptions.Region(from, to, true));
        done = to;
      }
    }
    if (done < length || regions.isEmpty()) {
      regions.add(new XzOptions.Region(done, length, false));
    }
    return regions;
  }

  private static long padded(long size) {
    return (size + BLOCK - 1) / BLOCK * BLOCK;
  }

  private static long octal(byte[] b, int off, int len) {
    long v = 0;
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (c == 0 || c == ' ') {
        if (v != 0 || i > off && b[i - 1] >= '0') {
          break;
        }
        continue;
      }
      if (c < '0' || c > '7') {
        throw new IllegalStateException("bad octal in tar header");
      }
      v = v * 8 + (c - '0');
    }
    return v;
  }
}
