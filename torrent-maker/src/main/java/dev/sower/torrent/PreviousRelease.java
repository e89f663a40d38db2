package dev.sower.torrent;

import dev.sower.dataset.ByteKey;
import dev.sower.torrent.meta.Manifest;
import dev.sower.torrent.meta.TorrentFile;
import dev.sower.torrent.meta.TorrentState;
import dev.sower.torrent.scan.ScannedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The output of the previous release's {@code make}, loaded for {@code --previous}: its manifest,
 * and for every torrent its piece hashes and the file facts they were computed from. Every part is
 * checked against the others; anything inconsistent is a {@link MakeException}.
 */
public final class PreviousRelease {
  private final Path dir;
  private final Manifest manifest;
  private final Map<String, TorrentFile> torrents = new HashMap<>();
  private final Map<String, TorrentState> states = new HashMap<>();

  private PreviousRelease(Path dir, Manifest manifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  /** Loads and cross-checks {@code dir}. */
  public static PreviousRelease load(Path dir) {
    Path mf = dir.resolve(Manifest.FILE);
    if (!Files.isRegularFile(mf)) {
      throw new MakeException("--previous " + dir + " is not the output of sower make: no " + mf);
    }
    Manifest m;
    try {
      m = Manifest.read(mf);
    } catch (IOException | RuntimeException e) {
      throw new MakeException("--previous " + dir + ": cannot read " + mf + ": " + e.getMessage(), e);
    }
    PreviousRelease p = new PreviousRelease(dir, m);
    for (Manifest.Torrent t : m.torrents()) {
      Path tf = dir.resolve(t.file());
      Path sf = dir.resolve(t.stateFile());
      TorrentFile torrent;
      TorrentState state;
      try {
        torrent = TorrentFile.read(tf);
        state = TorrentState.read(sf);
      } catch (IOException | RuntimeException e) {
        throw new MakeException("--previous " + dir + ": cannot read torrent " + t.name() + " ("
            + tf.getFileName() + ", " + sf + "): " + e.getMessage(), e);
      }
      if (!torrent.infoHashHex().equals(t.infoHash())
          || !Arrays.equals(state.infoHash(), torrent.infoHash())
          || state.files().size() != torrent.files().size()
          || state.pieceLength() != torrent.pieceLength()) {
        throw new MakeException("--previous " + dir + ": torrent " + t.name()
            + " does not match its manifest entry or state file (edited by hand?)");
      }
      for (int i = 0; i < state.files().size(); i++) {
        TorrentState.FileFacts f = state.files().get(i);
        TorrentFile.Entry e = torrent.files().get(i);
        if (f.size() != e.length() || !Arrays.equals(e.path(), f.path())) {
          throw new MakeException("--previous " + dir + ": state of torrent " + t.name()
              + " does not list the torrent's files");
        }
      }
      p.torrents.put(t.name(), torrent);
      p.states.put(t.name(), state);
    }
    return p;
  }


  public Manifest manifest() {
    return manifest;
  }

  public Path dir() {
    return dir;
  }

  public TorrentFile torrent(String name) {
    return torrents.get(name);
  }

  public TorrentState state(String name) {
    return states.get(name);
  }

  /** Every file of the previous release with its facts, from all state files. */
  public Map<ByteKey, TorrentState.FileFacts> allFiles() {
    Map<ByteKey, TorrentState.FileFacts> all = new HashMap<>();
    for (TorrentState s : states.values()) {
      for (TorrentState.FileFacts f : s.files()) {
        all.put(new ByteKey(f.path()), f);
      }
    }
    return all;
  }

  /**
   * How many leading pieces of a new torrent of {@code files} with {@code pieceLength} have bytes
   * that map to the same unchanged files (path, size, mtime, inode) at the same offsets as in the
   * previous torrent {@code name}: their old hashes stay valid.
   */
  public int reusablePieces(String name, List<ScannedFile> files, long pieceLength) {
    TorrentState s = states.get(name);
    if (s == null || s.pieceLength() != pieceLength) {
      return 0;
    }
    long same = 0;
    int n = Math.min(files.size(), s.files().size());
    for (int i = 0; i < n; i++) {
      ScannedFile f = files.get(i);
      TorrentState.FileFacts o = s.files().get(i);
      if (!Arrays.equals(f.path(), o.path()) || !f.sameFacts(o.size(), o.mtimeNanos(), o.inode())) {
        break;
      }
      same += f.size();
    }
    long oldPieces = torrents.get(name).pieceCount();
    return (int) Math.min(same / pieceLength, oldPieces);
  }

}
