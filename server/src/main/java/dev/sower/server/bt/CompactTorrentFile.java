package dev.sower.server.bt;

import bt.metainfo.TorrentFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A file of a {@link CompactTorrent}, made on demand; equal to any other view of the same file. */
final class CompactTorrentFile implements TorrentFile {
  private final CompactTorrent torrent;
  private final int index;

  CompactTorrentFile(CompactTorrent torrent, int index) {
    this.torrent = torrent;
    this.index = index;
  }

  int index() {
    return index;
  }

  CompactTorrent torrent() {
    return torrent;
  }

  byte[] pathBytes() {
    return torrent.seed().files().path(index);
  }

  @Override
  public long getSize() {
    return torrent.seed().files().size(index);
  }

  /** Elements as UTF-8 text, for Bt's logs only: Sower opens files by their exact bytes. */
  @Override
  public List<String> getPathElements() {
    byte[] path = pathBytes();
    List<String> elements = new ArrayList<>(4);
    int start = 0;
    for (int i = 0; i <= path.length; i++) {
      if (i == path.length || path[i] == '/') {
        elements.add(new String(path, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return elements;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompactTorrentFile f && f.index == index && f.torrent == torrent;
  }

  @Override
  public int hashCode() {
    return index * 31 + System.identityHashCode(torrent);
  }

  @Override
  public String toString() {
    return String.join("/", getPathElements());
  }
}
