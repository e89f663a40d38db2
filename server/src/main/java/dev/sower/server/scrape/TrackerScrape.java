package dev.sower.server.scrape;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Asks one tracker for the swarm counts of some torrents. */
public interface TrackerScrape {
  /**
   * The counts the tracker reports, by info-hash (lower-case hex); torrents the tracker does not
   * know are left out.
   *
   * @param infoHashes info-hashes, lower-case hex
   */
  Map<String, SwarmCounts> scrape(List<String> infoHashes) throws IOException;

  /**
   * A scrape client for an announce URL, or null when the tracker has no scrape (an HTTP announce
   * URL whose last segment does not start with {@code announce}, by the scrape convention).
   */
  static TrackerScrape forAnnounceUrl(String announceUrl) {
    String scheme = URI.create(announceUrl).getScheme();
    if ("udp".equalsIgnoreCase(scheme)) {
      return new UdpScrape(announceUrl);
    }
    String scrapeUrl = HttpScrape.scrapeUrl(announceUrl);
    return scrapeUrl == null ? null : new HttpScrape(scrapeUrl);
  }
}
