package dev.sower.rsync.flist;

import dev.sower.rsync.wire.MuxFrameEncoder;
import dev.sower.rsync.wire.WireBuffer;
import java.util.List;

/**
 * A finished file list: the sorted entries (indexes for the sender phase point into it) and
 * the bytes that carry it to the client, already cut into DATA frames: the entries, the end
 * marker and, with -o/-g and without --numeric-ids, the uid and gid lists.
 */
public record EncodedList(List<FileEntry> entries, byte[] framed, int ioError, long totalSize) {
  public EncodedList {
    entries = List.copyOf(entries);
  }

  /** Encodes {@code sorted} (already in f_name_cmp order). */
  public static EncodedList encode(List<FileEntry> sorted, ListFormat format, boolean numericIds,
      int ioError, IdNames names) {
    WireBuffer raw = new WireBuffer(Math.max(256, sorted.size() * 24));
    FileListEncoder enc = new FileListEncoder(format);
    long total = 0;
    for (FileEntry e : sorted) {
      enc.encode(raw, e);
      if (e.isRegular() || e.isSymlink()) {
        total += e.size();
      }
    }
    FileListEncoder.end(raw, ioError);
    if (!numericIds) {
      if (format.uids()) {
        idList(raw, IdNames.distinct(sorted, true), names, true);
      }
      if (format.gids()) {
        idList(raw, IdNames.distinct(sorted, false), names, false);
      }
    }
    WireBuffer framed = new WireBuffer(raw.size() + raw.size() / 8000 + 16);
    MuxFrameEncoder.data(framed, raw.array(), 0, raw.size());
    return new EncodedList(sorted, framed.toByteArray(), ioError, total);
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
