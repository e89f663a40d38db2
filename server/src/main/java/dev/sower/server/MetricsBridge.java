package dev.sower.server;

import dev.sower.metrics.BitTorrentMetrics;
import dev.sower.metrics.DatasetMetrics;
import dev.sower.metrics.SowerTag;
import dev.sower.server.bt.AnnounceListener;
import dev.sower.server.bt.BtSeeder;
import dev.sower.server.scrape.SwarmCounts;
import dev.sower.server.tracker.EmbeddedTracker;
import dev.sower.torrent.meta.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link BitTorrentMetrics} and {@link DatasetMetrics} at each scrape from what the daemon
 * already counts: the embedded tracker's swarms, Bt's per-torrent upload totals, the pieces the
 * first-serve guard passed to peers or found corrupt, and the release's {@code manifest.json}.
 * Torrents are labelled by their manifest name ({@code original-0000-0099}), which is bounded by
 * the release layout. Counters carry across a reload (a new seeding service starts from zero).
 */
public final class MetricsBridge {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsBridge.class);

  private final BitTorrentMetrics bt;
  private final DatasetMetrics dataset;
  private final EmbeddedTracker tracker;
  private final Supplier<Path> releaseDir;
  private final Supplier<SeedingService> seeding;
  private Supplier<Map<String, SwarmCounts>> externalSwarms = Map::of;
  private Path loadedRelease;
  private Map<String, String> idByHash = Map.of();
  private final Map<String, long[]> last = new HashMap<>();
  private SeedingService lastSeeding;
  private boolean dhtBound;

  public MetricsBridge(BitTorrentMetrics bt, DatasetMetrics dataset, EmbeddedTracker tracker,
      Supplier<Path> releaseDir, Supplier<SeedingService> seeding) {
    this.bt = bt;
    this.dataset = dataset;
    this.tracker = tracker;
    this.releaseDir = releaseDir;
    this.seeding = seeding;
  }

  /** The external trackers' scrapes, by lower-case hex info-hash ({@code source="external"}). */
  public synchronized MetricsBridge withExternalSwarms(Supplier<Map<String, SwarmCounts>> swarms) {
    this.externalSwarms = swarms;
    return this;
  }

  /** Records one announce to an external tracker of a torrent of the release. */
  public synchronized void announced(String infoHashHex, AnnounceListener.Outcome outcome,
      Duration took) {
    loadReleaseIfNew();
    String id = idByHash.get(infoHashHex.toLowerCase(Locale.ROOT));
    if (id != null) {
      bt.torrent(id).announced(switch (outcome) {
        case SUCCESS -> BitTorrentMetrics.AnnounceResult.SUCCESS;
        case FAILURE -> BitTorrentMetrics.AnnounceResult.FAILURE;
        case TIMEOUT -> BitTorrentMetrics.AnnounceResult.TIMEOUT;
      }, took);
    }
  }

  private void loadReleaseIfNew() {
    Path release = releaseDir.get();
    if (release != null && !release.equals(loadedRelease)) {
      loadRelease(release);
    }
  }

  /** Brings every bridged meter up to date; call before rendering a scrape. */
  public synchronized void refresh() {
    loadReleaseIfNew();
    for (EmbeddedTracker.SwarmCounts c : tracker.counts()) {
      String id = idByHash.get(c.infoHash().toLowerCase(Locale.ROOT));
      if (id != null) {
        bt.torrent(id).swarm(BitTorrentMetrics.SwarmSource.EMBEDDED, c.seeders(), c.leechers(),
            c.completed());
      }
    }
    externalSwarms.get().forEach((hash, c) -> {
      String id = idByHash.get(hash);
      if (id != null) {
        bt.torrent(id).swarm(BitTorrentMetrics.SwarmSource.EXTERNAL, c.seeders(), c.leechers(),
            c.completed());
      }
    });
    SeedingService s = seeding.get();
    if (s == null) {
      return;
    }
    if (!dhtBound && s.dhtNodes().isPresent()) {
      // absent while DHT is off; once on, read at each scrape from whichever service runs
      bt.dhtNodes(() -> {
        SeedingService now = seeding.get();
        return now == null ? 0 : now.dhtNodes().orElse(0);
      });
      dhtBound = true;
    }
    for (BtSeeder.PeerCounts p : s.peerCounts()) {
      String id = idOf(p.infoHash(), null);
      if (id != null) {
        bt.torrent(id).peers(p.incoming(), p.outgoing(), p.interested());
      }
    }
    if (s != lastSeeding) {
      last.clear(); // a new service counts from zero
      lastSeeding = s;
    }
    for (BtSeeder.TorrentStats st : s.stats()) {
      String id = idOf(st.infoHash(), null);
      if (id != null) {
        bt.torrent(id).uploaded(delta(st.infoHash() + "/up", st.uploadedBytes()));
      }
    }
    for (SeedingService.TorrentCounters c : s.counters()) {
      String id = idOf(c.infoHash(), c.file());
      if (id == null) {
        continue;
      }
      BitTorrentMetrics.Torrent t = bt.torrent(id);
      for (long n = delta(c.infoHash() + "/served", c.piecesServed()); n > 0; n--) {
        t.pieceServed();
      }
      for (long n = delta(c.infoHash() + "/corrupt", c.corruptPieces()); n > 0; n--) {
        t.verificationFailed();
      }
    }
  }

  private String idOf(String infoHash, String torrentFile) {
    String id = idByHash.get(infoHash.toLowerCase(Locale.ROOT));
    if (id == null && torrentFile != null && torrentFile.endsWith(".torrent")) {
      String name = torrentFile.substring(0, torrentFile.length() - ".torrent".length());
      id = SowerTag.TORRENT.allows(name) ? name : null;
    }
    return id;
  }

  private long delta(String key, long total) {
    long[] prev = last.computeIfAbsent(key, k -> new long[1]);
    long d = total >= prev[0] ? total - prev[0] : total;
    prev[0] = total;
    return d;
  }

  private void loadRelease(Path release) {
    Path file = release.resolve(Manifest.FILE);
    Map<String, String> ids = new HashMap<>();
    try {
      Manifest m = Manifest.read(file);
      Map<String, Long> files = new HashMap<>();
      Map<String, Long> bytes = new HashMap<>();
      for (Manifest.Torrent t : m.torrents()) {
        if (SowerTag.TORRENT.allows(t.name())) {
          ids.put(t.infoHash().toLowerCase(Locale.ROOT), t.name());
        }
        if (DatasetMetrics.TREES.contains(t.tree())) {
          files.merge(t.tree(), (long) t.files(), Long::sum);
          bytes.merge(t.tree(), t.payloadBytes(), Long::sum);
        }
      }
      Map<DatasetMetrics.OddKind, Long> odd = new EnumMap<>(DatasetMetrics.OddKind.class);
      for (Manifest.Odd o : m.scan().oddFiles()) {
        DatasetMetrics.OddKind kind = oddKind(o.kind());
        if (kind != null) {
          odd.merge(kind, 1L, Long::sum);
        }
      }
      dataset.census(new DatasetMetrics.Census(files, bytes, odd));
      dataset.runFinished(DatasetMetrics.Operation.MAKE,
          Files.getLastModifiedTime(file).toInstant(), true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("no dataset metrics: cannot read {}: {}", file, e.getMessage());
    }
    for (String gone : idByHash.values()) {
      if (!ids.containsValue(gone)) {
        bt.remove(gone);
      }
    }
    idByHash = Map.copyOf(ids);
    loadedRelease = release;
  }

  /**
   * Make's odd-file kinds as the metric's kinds: names make cannot place by ID count as unusual
   * names; symlinks and special files are not published, so they are not counted.
   */
  static DatasetMetrics.OddKind oddKind(String makeKind) {
    return switch (Objects.requireNonNullElse(makeKind, "")) {
      case "NON_UTF8_NAME" -> DatasetMetrics.OddKind.NON_UTF8_NAME;
      case "EMPTY" -> DatasetMetrics.OddKind.EMPTY;
      case "NOT_AN_ID_NAME", "WRONG_BUCKET", "OUTSIDE_BUCKETS" ->
          DatasetMetrics.OddKind.UNUSUAL_NAME;
      default -> null;
    };
  }
}
