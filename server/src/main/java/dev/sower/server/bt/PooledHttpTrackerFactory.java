package dev.sower.server.bt;

import bt.tracker.Tracker;
import bt.tracker.TrackerFactory;
import bt.tracker.http.HttpTrackerFactory;
import com.google.inject.Inject;
import java.time.Duration;

/**
 * Bt's HTTP tracker factory made safe for many torrents on one runtime: each tracker URL gets an
 * {@link HttpTrackerPool} of Bt's own HTTP clients (same query, timeouts and response parsing),
 * so concurrent announces of several torrents to one tracker no longer fail. Registered for
 * "http" and "https" in place of Bt's {@code HttpTrackerModule}.
 */
final class PooledHttpTrackerFactory implements TrackerFactory {
  /** Announces in flight to one tracker at most; more torrents queue (politer to the tracker). */
  static final int CONNECTIONS_PER_TRACKER = 8;
  /**
   * How long an announce may wait for a free connection: enough for a few rounds of requests
   * that each take Bt's whole tracker timeout (connect plus read, 5 s each).
   */
  static final Duration WAIT_FOR_CONNECTION = Duration.ofSeconds(30);

  private final HttpTrackerFactory bt;

  @Inject
  PooledHttpTrackerFactory(HttpTrackerFactory bt) {
    this.bt = bt;
  }

  @Override
  public Tracker getTracker(String trackerUrl) {
    return new HttpTrackerPool(trackerUrl, () -> bt.getTracker(trackerUrl),
        CONNECTIONS_PER_TRACKER, WAIT_FOR_CONNECTION);
  }
}
