package dev.sower.server.seed;

import dev.sower.dataset.RawPaths;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes each piece the first time a peer asks for it, even when it was trusted at start, so bit
 * rot is caught before bad bytes leave. A piece that fails is reported (log line, counter, the
 * {@code onCorrupt} callback that withdraws it from the bitfield) and its files lose their stamps
 * so the next start hashes them again.
 */
public final class ServeGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ServeGuard.class);

  private final SeedTorrent torrent;
  private final DatasetReader reader;
  private final FileStamps stamps;
  private final BitSet checked;
  private final AtomicLong corruptPieces = new AtomicLong();
  private final AtomicLong piecesHashed = new AtomicLong();
  private volatile IntConsumer onCorrupt = piece -> { };
  private volatile boolean stampsChanged;

  public ServeGuard(SeedTorrent torrent, DatasetReader reader, FileStamps stamps) {
    this.torrent = torrent;
    this.reader = reader;
    this.stamps = stamps;
    this.checked = new BitSet(torrent.pieceCount());
  }

  public void onCorrupt(IntConsumer callback) {
    this.onCorrupt = callback;
  }

  public boolean alreadyChecked(int piece) {
    synchronized (checked) {
      return checked.get(piece);
    }
  }

  /** Hashes the piece unless done before; returns whether it may be served. Blocks on disk. */
  public boolean checkBeforeServe(int piece) {
    if (alreadyChecked(piece)) {
      return true;
    }
    boolean good = new PieceHasher(torrent, reader).matches(piece);
    piecesHashed.incrementAndGet();
    if (good) {
      synchronized (checked) {
        checked.set(piece);
      }
      return true;
    }
    corruptPieces.incrementAndGet();
    int first = torrent.firstFileOf(piece);
    int last = torrent.lastFileOf(piece);
    synchronized (stamps) {
      for (int f = first; f <= last; f++) {
        stamps.clear(f);
      }
      stampsChanged = true;
    }
    LOG.warn("corrupt piece withdrawn: torrent {} piece {} (files {}{}) does not match its hash;"
            + " it is no longer offered, run 'sower verify' to find the damaged file",
        torrent, piece, RawPaths.printable(torrent.files().path(first)),
        last > first ? " .. " + RawPaths.printable(torrent.files().path(last)) : "");
    onCorrupt.accept(piece);
    return false;
  }

  public long corruptPieces() {
    return corruptPieces.get();
  }

  public long piecesHashed() {
    return piecesHashed.get();
  }

  /** True when a corrupt piece changed the stamps since start (they need saving). */
  public boolean stampsChanged() {
    return stampsChanged;
  }

  public FileStamps stamps() {
    return stamps;
  }
}
