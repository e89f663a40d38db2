package dev.sower.server.bt;

import bt.metainfo.TorrentId;
import bt.net.Peer;
import bt.net.buffer.BufferedData;
import bt.runtime.Config;
import bt.service.IRuntimeLifecycleBinder;
import bt.torrent.data.BlockRead;
import bt.torrent.data.BlockWrite;
import bt.torrent.data.DataWorker;
import com.google.inject.Inject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Upload rate limits in front of the data worker. Bt asks its {@link DataWorker} for every block a
 * peer requests and sends the PIECE message once the returned future completes (its
 * {@code PeerRequestConsumer} queues completed reads per peer, the peer's message loop sends
 * them). So a block is delayed by completing its future later: the request is handed to the next
 * worker only when the token buckets (per torrent, then global) allow its bytes. No thread waits:
 * delays run on one scheduler thread, before the block is read, so nothing is buffered meanwhile.
 * Requests beyond a bound of waiting blocks fail like a full Bt I/O queue (Bt drops them).
 */
final class ThrottledDataWorker implements DataWorker {
  private static final IllegalStateException OVERLOADED =
      new IllegalStateException("upload rate limit: too many block requests waiting");

  private final DataWorker next;
  private final UploadLimiter global;
  private final long perTorrentRate;
  private final Map<TorrentId, UploadLimiter> perTorrent = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final AtomicInteger waiting = new AtomicInteger();
  private final int maxWaiting;

  @Inject
  ThrottledDataWorker(FirstServeDataWorker next, SwarmSettings settings, Config config,
      IRuntimeLifecycleBinder lifecycle) {
    this.next = next;
    this.global = settings.uploadBytesPerSecond() > 0
        ? UploadLimiter.forRate(settings.uploadBytesPerSecond()) : null;
    this.perTorrentRate = settings.uploadBytesPerSecondPerTorrent();
    // Clients keep a few seconds of requests in flight per peer; 64 each is generous.
    this.maxWaiting = Math.max(1024, 64 * config.getMaxPeerConnections());
    this.scheduler = DaemonThreads.scheduler("sower-upload-limit");
    lifecycle.onShutdown("Shutdown upload rate limiter", scheduler::shutdownNow);
  }

  @Override
  public CompletableFuture<BlockRead> addBlockRequest(TorrentId torrentId, Peer peer,
      int pieceIndex, int offset, int length) {
    UploadLimiter torrent = perTorrentRate > 0
        ? perTorrent.computeIfAbsent(torrentId, id -> UploadLimiter.forRate(perTorrentRate))
        : null;
    if (torrent == null && global == null) {
      return next.addBlockRequest(torrentId, peer, pieceIndex, offset, length);
    }
    if (waiting.incrementAndGet() > maxWaiting) {
      waiting.decrementAndGet();
      return CompletableFuture.failedFuture(OVERLOADED);
    }
    CompletableFuture<BlockRead> result = new CompletableFuture<>();
    Runnable send = () -> {
      waiting.decrementAndGet();
      next.addBlockRequest(torrentId, peer, pieceIndex, offset, length).whenComplete((r, e) -> {
        if (e != null) {
          result.completeExceptionally(e);
        } else {
          result.complete(r);
        }
      });
    };
    // The torrent's bucket first; the global bucket is charged only when the torrent's allows
    // the block, so a throttled torrent does not hold back the others' share.
    Runnable charge = global == null ? send : () -> after(global.reserve(length), send, result);
    after(torrent == null ? 0 : torrent.reserve(length), charge, result);
    return result;
  }

  private void after(long nanos, Runnable action, CompletableFuture<BlockRead> result) {
    if (nanos == 0) {
      action.run();
      return;
    }
    try {
      scheduler.schedule(action, nanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      waiting.decrementAndGet();
      result.completeExceptionally(e);
    }
  }

  @Override
  public CompletableFuture<BlockWrite> addBlock(TorrentId torrentId, Peer peer, int pieceIndex,
      int offset, BufferedData buffer) {
    return next.addBlock(torrentId, peer, pieceIndex, offset, buffer);
  }
}
