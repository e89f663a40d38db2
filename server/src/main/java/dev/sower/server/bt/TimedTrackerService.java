package dev.sower.server.bt;

import bt.metainfo.TorrentId;
import bt.tracker.AnnounceKey;
import bt.tracker.ITrackerService;
import bt.tracker.Tracker;
import bt.tracker.TrackerRequestBuilder;
import bt.tracker.TrackerResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Bt's tracker service with every announce timed and reported to an {@link AnnounceListener}:
 * Bt's own start/periodic/stopped announces to a torrent's first tracker and the periodic ones
 * of the further trackers (peer sources) all get their tracker through this service.
 */
final class TimedTrackerService implements ITrackerService {
  private final ITrackerService delegate;
  private final AnnounceListener listener;

  TimedTrackerService(ITrackerService delegate, AnnounceListener listener) {
    this.delegate = delegate;
    this.listener = listener;
  }

  @Override
  public boolean isSupportedProtocol(String trackerUrl) {
    return delegate.isSupportedProtocol(trackerUrl);
  }

  @Override
  public Tracker getTracker(String trackerUrl) {
    return timed(delegate.getTracker(trackerUrl), trackerUrl);
  }

  @Override
  public Tracker getTracker(AnnounceKey announceKey) {
    Tracker tracker = delegate.getTracker(announceKey);
    return announceKey.isMultiKey() ? tracker : timed(tracker, announceKey.getTrackerUrl());
  }

  private Tracker timed(Tracker tracker, String url) {
    return new Tracker() {
      @Override
      public TrackerRequestBuilder request(TorrentId torrentId) {
        return new TimedRequest(tracker, torrentId, url);
      }

      @Override
      public void close() throws IOException {
        tracker.close();
      }

      @Override
      public String toString() {
        return url;
      }
    };
  }

  /** How a response or an exception counts: a timeout anywhere in the cause chain is one. */
  static AnnounceListener.Outcome outcome(TrackerResponse response, Throwable thrown) {
    Throwable cause = thrown != null ? thrown : response.getError().orElse(null);
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof InterruptedIOException) {
        return AnnounceListener.Outcome.TIMEOUT;
      }
    }
    return thrown == null && response.isSuccess()
        ? AnnounceListener.Outcome.SUCCESS : AnnounceListener.Outcome.FAILURE;
  }

  private final class TimedRequest extends ForwardingRequest {
    private final Tracker tracker;
    private final String url;
    private final String infoHashHex;

    TimedRequest(Tracker tracker, TorrentId torrentId, String url) {
      super(torrentId);
      this.tracker = tracker;
      this.url = url;
      this.infoHashHex = HexFormat.of().formatHex(torrentId.getBytes());
    }

    @Override
    protected TrackerResponse send(Function<TrackerRequestBuilder, TrackerResponse> event) {
      return time(() -> event.apply(on(tracker)));
    }

    private TrackerResponse time(Supplier<TrackerResponse> announce) {
      long start = System.nanoTime();
      TrackerResponse response = null;
      Throwable thrown = null;
      try {
        response = announce.get();
        return response;
      } catch (RuntimeException | Error e) {
        thrown = e;
        throw e;
      } finally {
        listener.announced(infoHashHex, url, outcome(response, thrown),
            Duration.ofNanos(System.nanoTime() - start));
      }
    }
  }
}
