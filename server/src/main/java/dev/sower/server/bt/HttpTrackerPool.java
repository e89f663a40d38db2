package dev.sower.server.bt;

import bt.metainfo.TorrentId;
import bt.tracker.Tracker;
import bt.tracker.TrackerRequestBuilder;
import bt.tracker.TrackerResponse;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Deque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One HTTP tracker as Bt sees it, announcing through up to {@code size} of Bt's own HTTP tracker
 * clients for that URL. Each Bt client owns a single connection and fails any request made while
 * it is busy ("Connection is still allocated"), yet Bt queries a tracker for all its torrents at
 * once: so each client here serves one announce at a time, and an announce finding all of them
 * busy waits for one, up to {@code wait} (then it fails as a timeout).
 */
final class HttpTrackerPool implements Tracker {
  private final String url;
  private final Supplier<Tracker> newClient;
  private final Semaphore free;
  private final Duration wait;
  private final Deque<Tracker> idle = new ConcurrentLinkedDeque<>();
  private final Queue<Tracker> created = new ConcurrentLinkedQueue<>();

  HttpTrackerPool(String url, Supplier<Tracker> newClient, int size, Duration wait) {
    this.url = url;
    this.newClient = newClient;
    this.free = new Semaphore(size, true);
    this.wait = wait;
  }

  @Override
  public TrackerRequestBuilder request(TorrentId torrentId) {
    return new ForwardingRequest(torrentId) {
      @Override
      protected TrackerResponse send(Function<TrackerRequestBuilder, TrackerResponse> event) {
        return lend(client -> event.apply(on(client)));
      }
    };
  }

  private TrackerResponse lend(Function<Tracker, TrackerResponse> announce) {
    try {
      if (!free.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        return TrackerResponse.exceptional(new InterruptedIOException(
            "no connection to " + url + " free within " + wait.toSeconds() + " s"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return TrackerResponse.exceptional(new InterruptedIOException(
          "interrupted waiting for a connection to " + url));
    }
    try {
      // a permit guarantees an idle client or room for a new one
      Tracker client = idle.pollFirst();
      if (client == null) {
        client = newClient.get();
        created.add(client);
      }
      try {
        return announce.apply(client);
      } finally {
        idle.addFirst(client);
      }
    } finally {
      free.release();
    }
  }

  @Override
  public void close() {
    for (Tracker client; (client = created.poll()) != null; ) {
      try {
        client.close();
      } catch (java.io.IOException | RuntimeException e) {
        // closing a client that has no open connection left; nothing to do
      }
    }
  }

  @Override
  public String toString() {
    return url;
  }
}
