package dev.sower.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The BitTorrent side's meters ({@code sower_bt_*}), per torrent of the release. The seeding
 * code reports through a {@link Torrent} handle; swarm counts come from the embedded tracker
 * and from external trackers' scrapes. Thread-safe and cheap (no I/O).
 */
public final class BitTorrentMetrics {
  /** Who reports a swarm count. */
  public enum SwarmSource implements TagValue { EMBEDDED, EXTERNAL }

  /** Who opened a peer connection. */
  public enum Direction implements TagValue { INCOMING, OUTGOING }

  /** Outcome of one announce. */
  public enum AnnounceResult implements TagValue { SUCCESS, FAILURE, TIMEOUT }

  private final MeterRegistry registry;
  private final Map<String, Torrent> torrents = new ConcurrentHashMap<>();

  public BitTorrentMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Publishes the DHT routing table size, read at each scrape. Call it only when DHT runs: with
   * DHT off the series is absent (not a constant 0), like the peer gauges of a seeder that
   * cannot count them.
   */
  public void dhtNodes(IntSupplier nodes) {
    SowerMeters.gauge(registry, SowerMeter.BT_DHT_NODES, Tags.empty(), nodes,
        IntSupplier::getAsInt);
  }

  /** The meters of one torrent, by its short id (e.g. {@code original-0000-0099}). */
  public Torrent torrent(String id) {
    return torrents.computeIfAbsent(id, Torrent::new);
  }

  /** Removes every meter of a torrent that is no longer seeded (e.g. after a new release). */
  public void remove(String id) {
    if (torrents.remove(id) != null) {
      for (Meter m : registry.getMeters()) {
        if (id.equals(m.getId().getTag(SowerTag.TORRENT.key()))) {
          registry.remove(m);
        }
      }
    }
  }

  /** One torrent's meters. */
  public final class Torrent {
    private final String id;
    private final Tags tags;
    private final Map<SwarmSource, long[]> swarm = new EnumMap<>(SwarmSource.class);
    private final Map<Direction, AtomicInteger> connected = new EnumMap<>(Direction.class);
    private final AtomicInteger interested = new AtomicInteger();
    private final Counter uploaded;
    private final Counter piecesServed;
    private final Counter verificationFailures;

    private Torrent(String id) {
      this.id = id;
      this.tags = SowerMeter.BT_UPLOADED.checkTags(Tags.of(SowerTag.TORRENT.key(), id));
      uploaded = SowerMeters.counter(registry, SowerMeter.BT_UPLOADED, tags);
      piecesServed = SowerMeters.counter(registry, SowerMeter.BT_PIECES_SERVED, tags);
      verificationFailures =
          SowerMeters.counter(registry, SowerMeter.BT_PIECE_VERIFICATION_FAILURES, tags);
    }

    /**
     * The latest swarm counts from one source; {@code completed} is the tracker's running
     * total of finished downloads. The first report of a source creates its series.
     */
    public void swarm(SwarmSource source, int seeders, int leechers, long completed) {
      long[] counts;
      synchronized (swarm) {
        counts = swarm.get(source);
        if (counts == null) {
          counts = new long[3];
          swarm.put(source, counts);
          Tags t = tags.and(SowerTag.SWARM_SOURCE.key(), source.tagValue());
          long[] c = counts;
          SowerMeters.gauge(registry, SowerMeter.BT_SWARM_SEEDERS, t, c, a -> read(a, 0));
          SowerMeters.gauge(registry, SowerMeter.BT_SWARM_LEECHERS, t, c, a -> read(a, 1));
          SowerMeters.functionCounter(registry, SowerMeter.BT_SWARM_COMPLETED, t, c,
              a -> read(a, 2));
        }
        counts[0] = seeders;
        counts[1] = leechers;
        counts[2] = completed;
      }
    }

    private double read(long[] counts, int i) {
      synchronized (swarm) {
        return counts[i];
      }
    }

    /** Peers connected now, by direction, and how many of them are interested. */
    public void peers(int incoming, int outgoing, int interestedPeers) {
      // The series appear with the first report: a seeder that cannot tell directions apart
      // publishes none rather than a constant 0.
      synchronized (connected) {
        if (connected.isEmpty()) {
          for (Direction d : Direction.values()) {
            AtomicInteger n = new AtomicInteger();
            connected.put(d, n);
            SowerMeters.gauge(registry, SowerMeter.BT_PEERS_CONNECTED,
                tags.and(SowerTag.PEER_DIRECTION.key(), d.tagValue()), n, AtomicInteger::get);
          }
          SowerMeters.gauge(registry, SowerMeter.BT_PEERS_INTERESTED, tags, interested,
              AtomicInteger::get);
        }
        connected.get(Direction.INCOMING).set(incoming);
        connected.get(Direction.OUTGOING).set(outgoing);
      }
      interested.set(interestedPeers);
    }

    /** Piece data sent to a peer. */
    public void uploaded(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("negative byte count " + bytes);
      }
      uploaded.increment(bytes);
    }

    /** A piece whose last block went to a peer. */
    public void pieceServed() {
      piecesServed.increment();
    }

    /** A piece whose data on disk did not match its hash. */
    public void verificationFailed() {
      verificationFailures.increment();
    }

    /** One announce to a tracker, its outcome and how long it took. */
    public void announced(AnnounceResult result, Duration took) {
      SowerMeters.timer(registry, SowerMeter.BT_ANNOUNCES,
          tags.and(SowerTag.ANNOUNCE_RESULT.key(), result.tagValue())).record(took);
    }

    @Override
    public String toString() {
      return "torrent " + id;
    }
  }
}
