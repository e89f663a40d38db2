package dev.sower.torrent;

import dev.sower.dataset.ByteKey;
import dev.sower.dataset.RawPaths;
import dev.sower.torrent.meta.TorrentState;
import dev.sower.torrent.scan.ScannedFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between the previous release and this one, by path: added, removed, and modified
 * (present in both with another size or mtime). Lists are sorted by path bytes.
 */
public record ChangeSet(List<byte[]> added, List<byte[]> removed, List<byte[]> modified) {
  /** Compares this release's files with the previous release's. */
  public static ChangeSet between(Map<ByteKey, TorrentState.FileFacts> old,
      List<ScannedFile> now) {
    Map<ByteKey, TorrentState.FileFacts> left = new HashMap<>(old);
    List<byte[]> added = new ArrayList<>();
    List<byte[]> modified = new ArrayList<>();
    for (ScannedFile f : now) {
      TorrentState.FileFacts o = left.remove(new ByteKey(f.path()));
      if (o == null) {
        added.add(f.path());
      } else if (o.size() != f.size() || o.mtimeNanos() != f.mtimeNanos()) {
        modified.add(f.path());
      }
    }
    List<byte[]> removed = new ArrayList<>();
    for (ByteKey k : left.keySet()) {
      removed.add(k.bytes());
    }
    added.sort(Arrays::compareUnsigned);
    removed.sort(Arrays::compareUnsigned);
    modified.sort(Arrays::compareUnsigned);
    return new ChangeSet(added, removed, modified);
  }

  /** Printable paths ({@code \xHH} for bytes that are not UTF-8), for JSON. */
  public static List<String> printable(List<byte[]> paths) {
    List<String> out = new ArrayList<>(paths.size());
    for (byte[] p : paths) {
      out.add(RawPaths.printable(p));
    }
    return out;
  }

  /** The JSON document of {@code changes.json}. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("added", printable(added));
    m.put("removed", printable(removed));
    m.put("modified", printable(modified));
    return m;
  }
}
