package dev.sower.server.bt;

import bt.metainfo.TorrentId;
import bt.tracker.Tracker;
import bt.tracker.TrackerRequestBuilder;
import bt.tracker.TrackerResponse;
import dev.sower.server.bt.AnnounceQuery.Event;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP(S) tracker as Bt sees it, announcing through the JDK's {@link HttpClient}: any number
 * of announces at once, each a GET of {@link AnnounceQuery} that must connect within
 * {@code timeout} and be answered whole within twice that (Bt's budget: connect, then read), with
 * a 2xx status and at most {@link AnnounceAnswer#MAX_BYTES} bytes ({@link BoundedBody}); redirects
 * are not followed. Every error becomes an exceptional {@link TrackerResponse} naming the URL; a
 * timeout is an {@link InterruptedIOException} (how {@link TimedTrackerService} tells it apart).
 * A "tracker id" from the tracker goes back with the torrent's later announces.
 */
final class HttpAnnounceTracker implements Tracker {
  /** What Bt knows for the query of one announce of a torrent (all but the tracker id). */
  @FunctionalInterface
  interface QueryFields {
    AnnounceQuery of(TorrentId torrent, Integer numWant, Event event);
  }

  private final String url;
  private final HttpClient client;
  private final Duration exchangeTimeout;
  private final QueryFields fields;
  private final Map<TorrentId, byte[]> trackerIds = new ConcurrentHashMap<>();

  HttpAnnounceTracker(String url, HttpClient client, Duration timeout, QueryFields fields) {
    URI.create(url); // a malformed URL fails here, once, not at every announce
    this.url = url;
    this.client = client;
    this.exchangeTimeout = timeout.multipliedBy(2);
    this.fields = fields;
  }

  @Override
  public TrackerRequestBuilder request(TorrentId torrentId) {
    return new TrackerRequestBuilder(torrentId) {
      @Override
      public TrackerResponse start() {
        return announce(this, Event.STARTED);
      }

      @Override
      public TrackerResponse stop() {
        return announce(this, Event.STOPPED);
      }

      @Override
      public TrackerResponse complete() {
        return announce(this, Event.COMPLETED);
      }

      @Override
      public TrackerResponse query() {
        return announce(this, Event.NONE);
      }
    };
  }

  private TrackerResponse announce(TrackerRequestBuilder request, Event event) {
    TorrentId torrent = request.getTorrentId();
    AnnounceQuery query = fields.of(torrent, request.getNumWant(), event)
        .withTrackerId(trackerIds.get(torrent));
    TrackerResponse response = send(query.appendTo(url));
    if (event == Event.STOPPED) {
      trackerIds.remove(torrent);
    } else if (response.isSuccess()) {
      response.getTrackerId().ifPresent(id -> trackerIds.put(torrent, id));
    }
    return response;
  }

  private TrackerResponse send(String requestUrl) {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(requestUrl)).timeout(exchangeTimeout).GET()
          .build();
    } catch (IllegalArgumentException e) {
      return TrackerResponse.exceptional(new IOException("bad announce URL " + url, e));
    }
    CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request,
        BoundedBody.handler(AnnounceAnswer.MAX_BYTES, "announce answer of " + url));
    HttpResponse<byte[]> response;
    try {
      // the client bounds the connect and, with the request's timeout, the headers; this the body
      response = exchange.get(exchangeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      return timedOut("no answer from " + url + " within " + exchangeTimeout.toMillis() + " ms",
          e);
    } catch (InterruptedException e) {
      // only Bt's executors being shut down (SIGTERM) interrupt an announce: nothing to report.
      // An exceptional response would make Bt's ScheduledPeerSource log a WARN with a stack
      // trace at every shutdown that catches an announce in flight
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      return TrackerResponse.ok();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof HttpTimeoutException) {
        return timedOut("announce to " + url + " timed out: " + cause.getMessage(), cause);
      }
      return TrackerResponse.exceptional(
          new IOException("announce to " + url + " failed: " + cause, cause));
    }
    if (response.statusCode() / 100 != 2) {
      return TrackerResponse.exceptional(
          new IOException("tracker " + url + " answered HTTP " + response.statusCode()));
    }
    return AnnounceAnswer.decode(response.body(), url);
  }

  private static TrackerResponse timedOut(String message, Throwable cause) {
    InterruptedIOException e = new InterruptedIOException(message);
    e.initCause(cause);
    return TrackerResponse.exceptional(e);
  }

  @Override
  public void close() {
    // the client is shared by every tracker of the runtime and holds nothing of this one's
  }

  @Override
  public String toString() {
    return url;
  }
}
