package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;

import bt.metainfo.TorrentId;
import bt.tracker.Tracker;
import bt.tracker.TrackerRequestBuilder;
import bt.tracker.TrackerResponse;
import dev.sower.server.bt.AnnounceListener.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Concurrent announces through a pool of single-connection tracker clients. */
class HttpTrackerPoolTest {
  private static final String URL = "http://tracker.example/announce";

  /** Like Bt's HTTP client: one request at a time, any other fails while it is busy. */
  private static final class SingleConnectionClient implements Tracker {
    final AtomicBoolean busy = new AtomicBoolean();
    final Queue<String> sent = new ConcurrentLinkedQueue<>();
    final CountDownLatch release;
    volatile boolean closed;

    SingleConnectionClient(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public TrackerRequestBuilder request(TorrentId torrentId) {
      return new TrackerRequestBuilder(torrentId) {
        @Override
        public TrackerResponse start() {
          return send("started", this);
        }

        @Override
        public TrackerResponse stop() {
          return send("stopped", this);
        }

        @Override
        public TrackerResponse complete() {
          return send("completed", this);
        }

        @Override
        public TrackerResponse query() {
          return send("query", this);
        }
      };
    }

    private TrackerResponse send(String event, TrackerRequestBuilder request) {
      if (!busy.compareAndSet(false, true)) {
        return TrackerResponse.exceptional(
            new IllegalStateException("Connection is still allocated"));
      }
      try {
        sent.add(event + " " + request.getTorrentId() + " numwant=" + request.getNumWant());
        release.await(5, TimeUnit.SECONDS);
        return TrackerResponse.ok();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return TrackerResponse.exceptional(e);
      } finally {
        busy.set(false);
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static TorrentId torrent(int i) {
    byte[] id = new byte[20];
    id[0] = (byte) i;
    return TorrentId.fromBytes(id);
  }

  @Test
  void concurrentAnnouncesShareAtMostSizeClientsAndAllSucceed() throws Exception {
    List<SingleConnectionClient> clients = new ArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    HttpTrackerPool pool = new HttpTrackerPool(URL, () -> {
      SingleConnectionClient c = new SingleConnectionClient(release);
      synchronized (clients) {
        clients.add(c);
      }
      return c;
    }, 3, Duration.ofSeconds(10));
    int torrents = 12;
    ExecutorService threads = Executors.newFixedThreadPool(torrents);
    try {
      List<Future<TrackerResponse>> responses = new ArrayList<>();
      for (int i = 0; i < torrents; i++) {
        TorrentId id = torrent(i);
        boolean first = i % 2 == 0;
        responses.add(threads.submit(() -> first
            ? pool.request(id).numWant(5).start() : pool.request(id).query()));
      }
      Thread.sleep(200); // every announce has taken a client or is waiting for one
      synchronized (clients) {
        assertThat(clients).hasSize(3);
      }
      release.countDown();
      for (Future<TrackerResponse> r : responses) {
        TrackerResponse response = r.get(10, TimeUnit.SECONDS);
        assertThat(response.isSuccess()).as(String.valueOf(response.getError())).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
    List<String> sent = clients.stream().flatMap(c -> c.sent.stream()).toList();
    assertThat(sent).hasSize(torrents);
    for (int i = 0; i < torrents; i++) {
      assertThat(sent).contains(i % 2 == 0 ? "started " + torrent(i) + " numwant=5"
          : "query " + torrent(i) + " numwant=null");
    }
    assertThat(clients).hasSize(3);
    pool.close();
    assertThat(clients).allMatch(c -> c.closed);
  }

  @Test
  void anAnnounceFindingEveryClientBusyTimesOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger created = new AtomicInteger();
    HttpTrackerPool pool = new HttpTrackerPool(URL, () -> {
      created.incrementAndGet();
      return new SingleConnectionClient(release);
    }, 1, Duration.ofMillis(200));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<TrackerResponse> holder = thread.submit(() -> pool.request(torrent(1)).query());
      Thread.sleep(100); // the one client is lent out
      TrackerResponse waited = pool.request(torrent(2)).stop();
      assertThat(waited.isSuccess()).isFalse();
      assertThat(waited.getError().orElseThrow()).hasMessageContaining("no connection to " + URL);
      assertThat(TimedTrackerService.outcome(waited, null)).isEqualTo(Outcome.TIMEOUT);
      release.countDown();
      assertThat(holder.get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
      // the client is back: the next announce takes it
      assertThat(pool.request(torrent(3)).complete().isSuccess()).isTrue();
      assertThat(created).hasValue(1);
    } finally {
      thread.shutdownNow();
    }
  }
}
