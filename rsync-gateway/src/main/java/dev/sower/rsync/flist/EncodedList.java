package dev.sower.rsync.flist;

import dev.sower.rsync.wire.WireBuffer;
import java.util.List;

/**
 * A finished file list: the entries (file indexes point into {@link #files()}) and the raw
 * bytes that carry it to the client: the entries, the end marker and, with -o/-g and
 * without --numeric-ids, the uid and gid lists. The entries are stored compactly (see
 * {@link CompactFileList}).
 */
public record EncodedList(FileList files, byte[] raw, int ioError, long totalSize) {
  /** Encodes {@code sorted} (already in f_name_cmp order). */
  public static EncodedList encode(List<FileEntry> sorted, ListFormat format, boolean numericIds,
      int ioError, IdNames names) {
    return encode(sorted, format, numericIds, ioError, true, names);
  }

  /**
   * @param safeEnd the client understands the I/O-error end marker (protocol 31, or 30 with
   *     the 'f' compat letter); otherwise the list ends with a 0 byte and the caller sends
   *     MSG_IO_ERROR after it
   */
  public static EncodedList encode(List<FileEntry> sorted, ListFormat format, boolean numericIds,
      int ioError, boolean safeEnd, IdNames names) {
    WireBuffer raw = new WireBuffer(Math.max(256, sorted.size() * 24));
    FileListEncoder enc = new FileListEncoder(format);
    long total = 0;
    for (FileEntry e : sorted) {
      enc.encode(raw, e);
      if (e.isRegular() || e.isSymlink()) {
        total += e.size();
      }
    }
    FileListEncoder.end(raw, safeEnd ? ioError : 0);
    if (!numericIds) {
      if (format.uids()) {
        idList(raw, IdNames.distinct(sorted, true), names, true);
      }
      if (format.gids()) {
        idList(raw, IdNames.distinct(sorted, false), names, false);
      }
    }
    byte[] bytes = raw.toByteArray();
    return new EncodedList(CompactFileList.index(format, bytes, sorted), bytes, ioError, total);
  }

  private static void idList(WireBuffer out, List<Integer> ids, IdNames names, boolean users) {
    for (int id : ids) {
      byte[] name = users ? names.user(id) : names.group(id);
      if (id != 0 && name != null) {
        out.putVarint(id);
        out.putByte(name.length);
        out.putBytes(name);
      }
    }
    out.putVarint(0);
  }
}
