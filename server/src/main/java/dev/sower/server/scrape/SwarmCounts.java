package dev.sower.server.scrape;

/** One torrent's swarm as a tracker's scrape reports it. */
public record SwarmCounts(int seeders, int leechers, long completed) {
  public SwarmCounts {
    if (seeders < 0 || leechers < 0 || completed < 0) {
      throw new IllegalArgumentException("negative swarm count " + seeders + "/" + leechers + "/"
          + completed);
    }
  }

  /** The larger of each count: two trackers of one swarm overlap, so their sum would overcount. */
  public SwarmCounts max(SwarmCounts other) {
    return new SwarmCounts(Math.max(seeders, other.seeders), Math.max(leechers, other.leechers),
        Math.max(completed, other.completed));
  }
}
