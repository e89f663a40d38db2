package dev.sower.server.bt;

import bt.metainfo.TorrentId;
import bt.net.Peer;
import bt.net.buffer.BufferedData;
import bt.torrent.data.BlockRead;
import bt.torrent.data.BlockWrite;
import bt.torrent.data.DataWorker;
import com.google.inject.Inject;
import java.util.concurrent.CompletableFuture;

/**
 * The outermost data worker: wakes the message dispatcher when a block read completes. Bt's
 * {@code PeerRequestConsumer} queues the block for its peer in a callback on the future it gets
 * here, so the future handed to Bt is completed first (running that callback) and the dispatcher
 * is woken after, when the block is queued. A read already done when Bt asks (rare: every read is
 * asynchronous) is handed back as is; Bt's callback then runs on the dispatcher itself.
 */
final class WakingDataWorker implements DataWorker {
  private final DataWorker next;
  private final Runnable wake;

  @Inject
  WakingDataWorker(ThrottledDataWorker next, DispatchWakeup wakeup) {
    this(wakeup::signal, next);
  }

  WakingDataWorker(Runnable wake, DataWorker next) {
    this.next = next;
    this.wake = wake;
  }

  @Override
  public CompletableFuture<BlockRead> addBlockRequest(TorrentId torrentId, Peer peer,
      int pieceIndex, int offset, int length) {
    CompletableFuture<BlockRead> read =
        next.addBlockRequest(torrentId, peer, pieceIndex, offset, length);
    if (read.isDone()) {
      return read;
    }
    CompletableFuture<BlockRead> handed = new CompletableFuture<>();
    read.whenComplete((block, error) -> {
      if (error != null) {
        handed.completeExceptionally(error);
      } else {
        handed.complete(block);
      }
      wake.run();
    });
    return handed;
  }

  @Override
  public CompletableFuture<BlockWrite> addBlock(TorrentId torrentId, Peer peer, int pieceIndex,
      int offset, BufferedData buffer) {
    return next.addBlock(torrentId, peer, pieceIndex, offset, buffer);
  }
}
