package dev.sower.torrent;

import dev.sower.torrent.meta.Manifest;
import dev.sower.torrent.meta.TorrentFile;
import dev.sower.torrent.meta.TorrentState;
import dev.sower.torrent.plan.TorrentPlan;
import dev.sower.torrent.scan.ScannedFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One finished torrent: its .torrent bytes, its state file and its manifest entry.
 *
 * @param file .torrent file name
 * @param bytes .torrent bytes
 * @param state file facts for the state file
 * @param entry manifest entry
 * @param warnings client limits exceeded
 * @param piecesFrom where the piece hashes start in {@code bytes}
 */
record BuiltTorrent(String file, byte[] bytes, TorrentState state, Manifest.Torrent entry,
    List<String> warnings, int piecesFrom) {

  /** Builds the torrent of {@code plan} from its piece hashes. */
  static BuiltTorrent build(MakeOptions o, String name, TorrentPlan p, long pieceLength,
      byte[] pieces, int reused) {
    List<byte[]> paths = new ArrayList<>(p.files().size());
    List<Long> lengths = new ArrayList<>(p.files().size());
    List<TorrentState.FileFacts> facts = new ArrayList<>(p.files().size());
    for (ScannedFile f : p.files()) {
      paths.add(f.path());
      lengths.add(f.size());
      facts.add(new TorrentState.FileFacts(f.path(), f.size(), f.mtimeNanos(), f.inode()));
    }
    TorrentFile.Encoded enc = TorrentFile.create(name.getBytes(StandardCharsets.UTF_8),
        pieceLength, pieces, paths, lengths, o.announce(), o.webSeeds(), o.creationDate());
    TorrentFile t = enc.torrent();
    byte[] bytes = enc.bytes();
    long tokens = enc.tokens();
    List<String> w = ClientLimits.check(bytes.length, tokens, t.pieceCount());
    String file = p.name() + ".torrent";
    boolean image = p.bucketFrom() >= 0;
    Manifest.Torrent entry = new Manifest.Torrent(p.name(), file,
        TorrentMaker.STATE_DIR + "/" + p.name() + ".state", p.tree(),
        image ? p.bucketFrom() : null, image ? p.bucketTo() : null, t.infoHashHex(), pieceLength,
        t.pieceCount(), p.files().size(), p.payloadBytes(), bytes.length, tokens, reused,
        w.isEmpty() ? null : w);
    return new BuiltTorrent(file, bytes, new TorrentState(p.name(), t.infoHash(), pieceLength,
        facts), entry, w, enc.piecesFrom());
  }
}
