package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;

import bt.metainfo.TorrentId;
import bt.net.Peer;
import bt.net.buffer.BufferedData;
import bt.torrent.data.BlockRead;
import bt.torrent.data.BlockWrite;
import bt.torrent.data.DataWorker;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WakingDataWorkerTest {
  private final CompletableFuture<BlockRead> read = new CompletableFuture<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final WakingDataWorker worker = new WakingDataWorker(() -> events.add("wake"),
      new DataWorker() {
        @Override
        public CompletableFuture<BlockRead> addBlockRequest(TorrentId torrentId, Peer peer,
            int pieceIndex, int offset, int length) {
          return read;
        }

        @Override
        public CompletableFuture<BlockWrite> addBlock(TorrentId torrentId, Peer peer,
            int pieceIndex, int offset, BufferedData buffer) {
          throw new UnsupportedOperationException();
        }
      });

  @Test
  void wakesTheDispatcherOnlyAfterBtsCallbackQueuedTheBlock() throws Exception {
    CompletableFuture<BlockRead> handed = worker.addBlockRequest(null, null, 0, 0, 16384);
    // Bt's PeerRequestConsumer queues the block for its peer in this callback.
    handed.whenComplete((block, error) -> events.add("queued"));
    assertThat(events).isEmpty();
    Thread reader = new Thread(() -> read.complete(null));
    reader.start();
    reader.join();
    assertThat(events).containsExactly("queued", "wake");
  }

  @Test
  void aFailedReadIsHandedOnAndStillWakes() {
    CompletableFuture<BlockRead> handed = worker.addBlockRequest(null, null, 0, 0, 16384);
    handed.whenComplete((block, error) -> events.add("failed " + error.getMessage()));
    read.completeExceptionally(new IllegalStateException("disk"));
    assertThat(events).containsExactly("failed disk", "wake");
  }
}
