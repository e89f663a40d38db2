package dev.sower.torrent.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import java.util.SortedMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code torrents.tar.xz}: the .torrent files in one download. Deterministic: entries in name
 * order, mode 0644, owner 0:0 without names, a fixed mtime; xz preset 0 in parallel 1 MiB streams
 * (piece hashes do not compress, so a stronger preset costs time for nothing).
 */
public final class TorrentsArchive {
  private TorrentsArchive() {}

  /**
   * Writes the archive.
   *
   * @param file where
   * @param entries file name to bytes
   * @param mtimeSeconds mtime of every entry
   */
  public static void write(Path file, SortedMap<String, byte[]> entries, long mtimeSeconds)
      throws IOException {
    long size = 1024;
    for (byte[] b : entries.values()) {
      size += b.length + 1536;
    }
    if (size > Integer.MAX_VALUE - 64) {
      throw new IOException("torrents too large for one archive: " + size + " bytes");
    }
    XzOptions.Buffer tarBytes = new XzOptions.Buffer((int) size);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        TarArchiveEntry te = new TarArchiveEntry(e.getKey());
        te.setSize(e.getValue().length);
        te.setMode(0100644);
        te.setUserId(0);
        te.setGroupId(0);
        te.setUserName("");
        te.setGroupName("");
        te.setModTime(new Date(mtimeSeconds * 1000));
        tar.putArchiveEntry(te);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      tarBytes.compressTo(out, 0, 1 << 20);
    }
  }
}
