package dev.sower.server.seed;

import dev.sower.dataset.RawPaths;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
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
  private final BitSet corrupt;
  private final Object[] stripes = new Object[64];
  private final Map<Integer, CompletableFuture<Boolean>> inflight = new ConcurrentHashMap<>();
  private final Map<Integer, CompletableFuture<Void>> loading = new ConcurrentHashMap<>();
  private final AtomicLong corruptPieces = new AtomicLong();
  private final AtomicLong piecesHashed = new AtomicLong();
  private final AtomicLong piecesServed = new AtomicLong();
  private volatile IntConsumer onCorrupt = piece -> { };
  private volatile VerifiedBytes keeper;
  private volatile boolean stampsChanged;
  private volatile long firstServedNanos;

  public ServeGuard(SeedTorrent torrent, DatasetReader reader, FileStamps stamps) {
    this.torrent = torrent;
    this.reader = reader;
    this.stamps = stamps;
    this.checked = new BitSet(torrent.pieceCount());
    this.corrupt = new BitSet(torrent.pieceCount());
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Object();
    }
  }

  public void onCorrupt(IntConsumer callback) {
    this.onCorrupt = callback;
  }

  /** Receives the bytes of a piece that has just passed its first-serve check. */
  @FunctionalInterface
  public interface VerifiedBytes {
    /** {@code bytes} holds exactly the piece, hashed good; the receiver must not change it. */
    void verified(int piece, byte[] bytes);
  }

  /**
   * Hands every piece that passes its first-serve check to {@code receiver}, read once for both
   * hashing and serving, and called before the check's future completes.
   */
  public void keepVerifiedBytes(VerifiedBytes receiver) {
    this.keeper = receiver;
  }

  /**
   * The first-serve check of {@code piece} as a future: completed at once when the piece was
   * checked before; otherwise one hashing task per piece on {@code executor}, shared by every
   * request that arrives meanwhile (no thread waits for another's hash).
   */
  public CompletableFuture<Boolean> checkAsync(int piece, Executor executor) {
    synchronized (checked) {
      if (checked.get(piece)) {
        return CompletableFuture.completedFuture(true);
      }
      if (corrupt.get(piece)) {
        return CompletableFuture.completedFuture(false);
      }
    }
    return shared(inflight, piece,
        () -> CompletableFuture.supplyAsync(() -> checkBeforeServe(piece), executor));
  }

  /** The running task of {@code piece} in {@code tasks}, else a new one; removed when done. */
  private static <T> CompletableFuture<T> shared(Map<Integer, CompletableFuture<T>> tasks,
      int piece, Supplier<CompletableFuture<T>> start) {
    CompletableFuture<T> task = tasks.computeIfAbsent(piece, p -> start.get());
    if (task.isDone()) {
      tasks.remove(piece, task);
    } else {
      task.whenComplete((result, error) -> tasks.remove(piece, task));
    }
    return task;
  }

  /**
   * Reads a piece that passed its check before, without hashing it again, and hands its bytes to
   * the {@link #keepVerifiedBytes receiver} so that its blocks are served from memory rather than
   * read on the network thread that writes them; one task per piece on {@code executor}, shared
   * by the requests that arrive meanwhile. Completes normally even when the read fails (the block
   * is then read, and its error reported, where it is served).
   */
  public CompletableFuture<Void> loadAsync(int piece, Executor executor) {
    VerifiedBytes receiver = keeper;
    if (receiver == null) {
      return CompletableFuture.completedFuture(null);
    }
    return shared(loading, piece, () -> CompletableFuture.runAsync(() -> {
      byte[] bytes = new byte[torrent.pieceSize(piece)];
      if (new PieceHasher(torrent, reader).read(piece, bytes)) {
        receiver.verified(piece, bytes);
      }
    }, executor)).exceptionally(error -> null);
  }

  public int pieceCount() {
    return torrent.pieceCount();
  }

  public boolean alreadyChecked(int piece) {
    synchronized (checked) {
      return checked.get(piece);
    }
  }

  /**
   * Hashes the piece unless done before; returns whether it may be served. Blocks on disk;
   * concurrent requests for one piece hash it once.
   */
  public boolean checkBeforeServe(int piece) {
    synchronized (stripes[piece & (stripes.length - 1)]) {
      synchronized (checked) {
        if (checked.get(piece)) {
          return true;
        }
        if (corrupt.get(piece)) {
          return false;
        }
      }
      return hashBeforeServe(piece);
    }
  }

  private boolean hashBeforeServe(int piece) {
    VerifiedBytes receiver = keeper;
    byte[] bytes = receiver == null ? null : new byte[torrent.pieceSize(piece)];
    PieceHasher hasher = new PieceHasher(torrent, reader);
    boolean good = bytes == null ? hasher.matches(piece) : hasher.readAndMatch(piece, bytes);
    piecesHashed.incrementAndGet();
    if (good) {
      if (receiver != null) {
        receiver.verified(piece, bytes);
      }
      synchronized (checked) {
        checked.set(piece);
      }
      if (firstServedNanos == 0) {
        firstServedNanos = System.nanoTime();
      }
      return true;
    }
    corruptPieces.incrementAndGet();
    synchronized (checked) {
      corrupt.set(piece);
    }
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

  /** {@link System#nanoTime()} when the first piece passed its first-serve check, or 0. */
  public long firstServedNanos() {
    return firstServedNanos;
  }

  public long corruptPieces() {
    return corruptPieces.get();
  }

  /**
   * Records a block read for a peer; the block that ends a piece counts that piece as served
   * once more (a piece sent to three peers counts three times).
   */
  public void blockServed(int piece, int offset, int length) {
    if (piece >= 0 && piece < torrent.pieceCount()
        && (long) offset + length == torrent.pieceSize(piece)) {
      piecesServed.incrementAndGet();
    }
  }

  /** Pieces whose last block was read for a peer, counted per peer. */
  public long piecesServed() {
    return piecesServed.get();
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
