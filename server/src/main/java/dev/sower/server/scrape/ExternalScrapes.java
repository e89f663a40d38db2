package dev.sower.server.scrape;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes the external trackers periodically, on one daemon thread of its own (never on a
 * network thread of the seeder or the HTTP listener), and keeps each tracker's last good answer.
 * {@link #latest()} merges them per torrent by taking the largest count, since the trackers of
 * one swarm see overlapping peers.
 */
public final class ExternalScrapes implements AutoCloseable {
  /** First scrape after start, leaving Bt time to announce there. */
  public static final Duration FIRST = Duration.ofSeconds(5);
  /** Between two scrapes of a tracker (the usual minimum announce interval of public ones). */
  public static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final Logger LOG = LoggerFactory.getLogger(ExternalScrapes.class);

  private final Map<String, TrackerScrape> trackers = new LinkedHashMap<>();
  private final Supplier<List<String>> infoHashes;
  private final Map<String, Map<String, SwarmCounts>> answers = new ConcurrentHashMap<>();
  private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;

  /**
   * Starts scraping.
   *
   * @param announceUrls the external trackers' announce URLs; those without a scrape are skipped
   * @param infoHashes the torrents seeded now (lower-case hex), asked at each round
   */
  public ExternalScrapes(List<String> announceUrls, Supplier<List<String>> infoHashes,
      Duration first, Duration interval) {
    this.infoHashes = infoHashes;
    for (String url : announceUrls) {
      TrackerScrape scrape = TrackerScrape.forAnnounceUrl(url);
      if (scrape == null) {
        LOG.info("tracker {} has no scrape URL (its path does not end in /announce):"
            + " no external swarm counts from it", url);
      } else {
        trackers.put(url, scrape);
      }
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sower-external-scrape");
      t.setDaemon(true);
      return t;
    });
    if (!trackers.isEmpty()) {
      timer.scheduleWithFixedDelay(this::scrapeAll, first.toMillis(), interval.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void scrapeAll() {
    List<String> hashes = infoHashes.get();
    if (hashes.isEmpty()) {
      return;
    }
    for (Map.Entry<String, TrackerScrape> t : trackers.entrySet()) {
      try {
        answers.put(t.getKey(), Map.copyOf(t.getValue().scrape(hashes)));
        if (failing.remove(t.getKey()) != null) {
          LOG.info("scrape of tracker {} works again", t.getKey());
        }
      } catch (IOException | RuntimeException e) {
        // keep its last good answer; warn once per failing spell
        if (failing.put(t.getKey(), Boolean.TRUE) == null) {
          LOG.warn("scrape of tracker {} failed: {}", t.getKey(), e.toString());
        }
      }
    }
  }

  /** Per torrent (lower-case hex info-hash), the largest counts any external tracker reported. */
  public Map<String, SwarmCounts> latest() {
    Map<String, SwarmCounts> merged = new HashMap<>();
    for (Map<String, SwarmCounts> answer : answers.values()) {
      answer.forEach((hash, counts) -> merged.merge(hash, counts, SwarmCounts::max));
    }
    return merged;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
