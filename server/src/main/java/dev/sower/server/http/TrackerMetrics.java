package dev.sower.server.http;

import dev.sower.server.tracker.EmbeddedTracker;

/**
 * {@code /metrics} until the metrics subsystem installs its registry: the embedded tracker's
 * swarm counts and request counters in Prometheus text format.
 */
final class TrackerMetrics implements HttpListener.MetricsRenderer {
  private final EmbeddedTracker tracker;

  TrackerMetrics(EmbeddedTracker tracker) {
    this.tracker = tracker;
  }

  @Override
  public String render() {
    StringBuilder sb = new StringBuilder(512);
    sb.append("# HELP sower_tracker_peers Peers known to the embedded tracker.\n")
        .append("# TYPE sower_tracker_peers gauge\n");
    for (EmbeddedTracker.SwarmCounts c : tracker.counts()) {
      sb.append("sower_tracker_peers{info_hash=\"").append(c.infoHash())
          .append("\",state=\"seeder\"} ").append(c.seeders()).append('\n');
      sb.append("sower_tracker_peers{info_hash=\"").append(c.infoHash())
          .append("\",state=\"leecher\"} ").append(c.leechers()).append('\n');
    }
    sb.append("# HELP sower_tracker_requests_total Tracker requests answered.\n")
        .append("# TYPE sower_tracker_requests_total counter\n")
        .append("sower_tracker_requests_total{kind=\"announce\"} ").append(tracker.announces())
        .append('\n')
        .append("sower_tracker_requests_total{kind=\"scrape\"} ").append(tracker.scrapes())
        .append('\n')
        .append("sower_tracker_requests_total{kind=\"refused\"} ").append(tracker.refused())
        .append('\n');
    return sb.toString();
  }
}
