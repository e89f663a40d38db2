package dev.sower.torrent.publish;

import java.io.BufferedOutputStream;
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
 * order, mode 0644, owner 0:0 without names, a fixed mtime.
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
    long sizeHint = 0;
    for (byte[] b : entries.values()) {
      sizeHint += b.length + 1024;
    }
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file));
        OutputStream xz = XzOptions.stream(os, sizeHint);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
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
  }
}
