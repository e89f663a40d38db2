package dev.sower.server.bt;

import bt.data.ChunkVerifier;
import bt.data.DataDescriptor;
import bt.metainfo.TorrentId;
import bt.net.Peer;
import bt.net.buffer.BufferedData;
import bt.runtime.Config;
import bt.service.IRuntimeLifecycleBinder;
import bt.torrent.TorrentDescriptor;
import bt.torrent.TorrentRegistry;
import bt.torrent.data.BlockCache;
import bt.torrent.data.BlockRead;
import bt.torrent.data.BlockWrite;
import bt.torrent.data.DataWorker;
import bt.torrent.data.DefaultDataWorker;
import com.google.inject.Inject;
import dev.sower.server.seed.ServeGuard;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bt's data worker with one step in front: the first request for a piece waits until the piece
 * has been hashed from disk ({@link ServeGuard}), on a pool of its own so no network thread reads
 * the disk. A corrupt piece is withdrawn from the bitfield before Bt's worker sees the request,
 * which then rejects it as unverified. A good piece's bytes, read once for the hash, are kept in
 * the {@link VerifiedPieceCache} for the blocks that follow. Writes go to Bt's worker, which
 * refuses them because every piece of a seeded torrent counts as complete.
 */
final class FirstServeDataWorker implements DataWorker {
  private final DataWorker delegate;
  private final TorrentRegistry registry;
  private final ExecutorService hashing;
  private final VerifiedPieceCache pieces;

  @Inject
  FirstServeDataWorker(IRuntimeLifecycleBinder lifecycle, TorrentRegistry registry,
      ChunkVerifier verifier, BlockCache blockCache, Config config, VerifiedPieceCache pieces) {
    this.delegate = new DefaultDataWorker(lifecycle, registry, verifier, blockCache, config);
    this.registry = registry;
    this.pieces = pieces;
    AtomicInteger n = new AtomicInteger();
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.hashing = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sower-first-serve-hash-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    lifecycle.onShutdown("Shutdown first-serve hashing", hashing::shutdownNow);
  }

  @Override
  public CompletableFuture<BlockRead> addBlockRequest(TorrentId torrentId, Peer peer,
      int pieceIndex, int offset, int length) {
    ServeGuard guard = guardOf(torrentId);
    if (guard == null) {
      return delegate.addBlockRequest(torrentId, peer, pieceIndex, offset, length);
    }
    if (guard.alreadyChecked(pieceIndex)) {
      if (pieces.holds(torrentId, pieceIndex)) {
        return counted(guard,
            delegate.addBlockRequest(torrentId, peer, pieceIndex, offset, length));
      }
      // A checked piece whose bytes are no longer held: read it whole on the pool (Bt would read
      // each block on the thread that writes the PIECE message, stalling every peer behind it).
      return counted(guard, guard.loadAsync(pieceIndex, hashing).thenCompose(
          v -> delegate.addBlockRequest(torrentId, peer, pieceIndex, offset, length)));
    }
    // No read-ahead of following pieces: aria2c and libtorrent pick pieces in random order
    // (rarest first, ties shuffled), so hashing neighbours only delayed the requested pieces
    // queued behind them, and their bytes left the cache before anyone asked for them.
    CompletableFuture<Boolean> check = guard.checkAsync(pieceIndex, hashing);
    return counted(guard, check.thenCompose(
        ok -> delegate.addBlockRequest(torrentId, peer, pieceIndex, offset, length)));
  }

  /** Counts the block for the metrics once Bt has it ready to send. */
  private static CompletableFuture<BlockRead> counted(ServeGuard guard,
      CompletableFuture<BlockRead> read) {
    return read.whenComplete((r, e) -> {
      if (r != null && !r.isRejected() && r.getError().isEmpty()) {
        guard.blockServed(r.getPieceIndex(), r.getOffset(), r.getLength());
      }
    });
  }

  @Override
  public CompletableFuture<BlockWrite> addBlock(TorrentId torrentId, Peer peer, int pieceIndex,
      int offset, BufferedData buffer) {
    return delegate.addBlock(torrentId, peer, pieceIndex, offset, buffer);
  }

  private ServeGuard guardOf(TorrentId torrentId) {
    DataDescriptor data = registry.getDescriptor(torrentId)
        .map(TorrentDescriptor::getDataDescriptor).orElse(null);
    return data instanceof SeedDataDescriptor seed ? seed.prepared().guard() : null;
  }
}
