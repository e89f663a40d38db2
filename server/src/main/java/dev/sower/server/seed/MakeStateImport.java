package dev.sower.server.seed;

import dev.sower.torrent.meta.TorrentState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Fills unknown {@link FileStamps} from the {@code state/NAME.state} file that {@code sower make}
 * wrote next to {@code NAME.torrent}: make hashed exactly those files, so a file whose size,
 * mtime and inode still equal make's facts holds the bytes of the torrent's pieces. This is what
 * lets the very first start of the daemon trust the release without hashing it again. A state
 * file of another info-hash, a damaged one or none at all changes nothing.
 */
public final class MakeStateImport {
  private MakeStateImport() {}

  /** The state file {@code sower make} wrote for {@code torrentFile}. */
  public static Path stateFileFor(Path torrentFile) {
    String name = torrentFile.getFileName().toString();
    String base = name.endsWith(".torrent") ? name.substring(0, name.length() - 8) : name;
    Path parent = torrentFile.toAbsolutePath().getParent();
    return parent.resolve("state").resolve(base + ".state");
  }

  /**
   * Sets every unknown stamp of {@code stamps} whose path appears in make's state for this very
   * torrent; returns how many were set.
   */
  public static int fill(FileStamps stamps, SeedTorrent torrent) throws IOException {
    FileTable table = torrent.files();
    int unknown = 0;
    for (int f = 0; f < table.count(); f++) {
      if (!stamps.known(f)) {
        unknown++;
      }
    }
    Path file = stateFileFor(torrent.source().torrentFile());
    if (unknown == 0 || !Files.isRegularFile(file)) {
      return 0;
    }
    TorrentState state;
    try {
      state = TorrentState.read(file);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    if (!Arrays.equals(state.infoHash(), torrent.infoHash())) {
      return 0;
    }
    Map<ByteBuffer, TorrentState.FileFacts> byPath = new HashMap<>(state.files().size() * 2);
    for (TorrentState.FileFacts facts : state.files()) {
      byPath.put(ByteBuffer.wrap(facts.path()), facts);
    }
    int set = 0;
    for (int f = 0; f < table.count(); f++) {
      if (stamps.known(f)) {
        continue;
      }
      TorrentState.FileFacts facts = byPath.get(ByteBuffer.wrap(table.path(f)));
      if (facts != null && facts.size() == table.size(f)) {
        stamps.set(f, facts.size(), facts.mtimeNanos(), facts.inode());
        set++;
      }
    }
    return set;
  }
}
