package dev.sower.metrics;

import static dev.sower.metrics.MeterKind.COUNTER;
import static dev.sower.metrics.MeterKind.DISTRIBUTION_SUMMARY;
import static dev.sower.metrics.MeterKind.GAUGE;
import static dev.sower.metrics.MeterKind.INFO;
import static dev.sower.metrics.MeterKind.TIMER;
import static dev.sower.metrics.SowerTag.ANNOUNCE_RESULT;
import static dev.sower.metrics.SowerTag.DATASET_OPERATION;
import static dev.sower.metrics.SowerTag.DATASET_TREE;
import static dev.sower.metrics.SowerTag.ERROR_KIND;
import static dev.sower.metrics.SowerTag.JAVA_VERSION;
import static dev.sower.metrics.SowerTag.MODULE;
import static dev.sower.metrics.SowerTag.ODDITY;
import static dev.sower.metrics.SowerTag.PEER_DIRECTION;
import static dev.sower.metrics.SowerTag.REJECT_REASON;
import static dev.sower.metrics.SowerTag.SESSION_RESULT;
import static dev.sower.metrics.SowerTag.SWARM_SOURCE;
import static dev.sower.metrics.SowerTag.TORRENT;
import static dev.sower.metrics.SowerTag.VERSION;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The catalogue of every Sower-specific meter: name, kind, base unit, description and the exact
 * tag keys it carries. Subsystem binders create their meters only through {@link SowerMeters},
 * which checks them against this catalogue, and the Grafana dashboard and Prometheus alerts in
 * {@code deploy/} may only use the series names {@link #seriesNames()} derives from it.
 *
 * <p>Names follow Micrometer's dotted style without units; the unit is in {@link #baseUnit()}
 * and the Prometheus registry appends it (and {@code _total}, {@code _seconds}) itself.
 */
public enum SowerMeter {
  // ---- BitTorrent, per torrent of the release ----
  BT_SWARM_SEEDERS("sower.bt.swarm.seeders", GAUGE, null,
      "Seeders in the swarm (including this daemon) as seen by the embedded tracker or an external tracker's scrape",
      TORRENT, SWARM_SOURCE),
  BT_SWARM_LEECHERS("sower.bt.swarm.leechers", GAUGE, null,
      "Leechers in the swarm as seen by the embedded tracker or an external tracker's scrape",
      TORRENT, SWARM_SOURCE),
  BT_SWARM_COMPLETED("sower.bt.swarm.completed", COUNTER, null,
      "Completed downloads reported by the embedded tracker or an external tracker's scrape",
      TORRENT, SWARM_SOURCE),
  BT_PEERS_CONNECTED("sower.bt.peers.connected", GAUGE, null,
      "Open peer connections that passed the handshake, by who opened them",
      TORRENT, PEER_DIRECTION),
  BT_PEERS_INTERESTED("sower.bt.peers.interested", GAUGE, null,
      "Connected peers interested in pieces this daemon has",
      TORRENT),
  BT_UPLOADED("sower.bt.uploaded", COUNTER, BaseUnits.BYTES,
      "Piece data uploaded to peers",
      TORRENT),
  BT_PIECES_SERVED("sower.bt.pieces.served", COUNTER, null,
      "Pieces whose last block was sent to a peer",
      TORRENT),
  BT_PIECE_VERIFICATION_FAILURES("sower.bt.piece.verification.failures", COUNTER, null,
      "Pieces whose data on disk did not match the torrent's hash when verified",
      TORRENT),
  BT_ANNOUNCES("sower.bt.announces", TIMER, null,
      "Announces to the external trackers (not the embedded one) and their latency, by result",
      buckets(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
      TORRENT, ANNOUNCE_RESULT),
  BT_DHT_NODES("sower.bt.dht.nodes", GAUGE, null,
      "Nodes in the DHT routing table (absent when DHT is off)"),

  // ---- rsync gateway ----
  RSYNC_SESSIONS("sower.rsync.sessions", TIMER, null,
      "Finished rsync sessions and their duration, by module and result",
      buckets(1, 10, 60, 300, 1800, 3600, 4 * 3600, 24 * 3600),
      MODULE, SESSION_RESULT),
  RSYNC_SESSIONS_ACTIVE("sower.rsync.sessions.active", GAUGE, null,
      "rsync sessions in progress",
      MODULE),
  RSYNC_SESSIONS_MAX("sower.rsync.sessions.max", GAUGE, null,
      "Configured max connections of the module (0 means unlimited)",
      MODULE),
  RSYNC_CONNECTIONS_REJECTED("sower.rsync.connections.rejected", COUNTER, null,
      "rsync connections refused before a session started, by reason",
      REJECT_REASON),
  RSYNC_SENT("sower.rsync.sent", COUNTER, BaseUnits.BYTES,
      "Bytes handed to the connections of rsync clients (file data, file lists and protocol, from the greeting on)",
      MODULE),
  RSYNC_FILES_SENT("sower.rsync.files.sent", COUNTER, null,
      "Files whose data was sent to rsync clients",
      MODULE),
  RSYNC_ERRORS("sower.rsync.errors", COUNTER, null,
      "Errors inside rsync sessions, by kind",
      MODULE, ERROR_KIND),
  RSYNC_FILE_LIST_BUILD("sower.rsync.file.list.build", TIMER, null,
      "Time to build and send the file list of a session",
      buckets(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300),
      MODULE),
  RSYNC_FILE_LIST_SIZE("sower.rsync.file.list.size", DISTRIBUTION_SUMMARY, BaseUnits.FILES,
      "Entries in the file list of a session",
      buckets(1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000),
      MODULE),

  // ---- dataset ----
  DATASET_FILES("sower.dataset.files", GAUGE, null,
      "Regular files in the dataset, by top-level tree",
      DATASET_TREE),
  DATASET_SIZE("sower.dataset.size", GAUGE, BaseUnits.BYTES,
      "Total size of the regular files in the dataset, by top-level tree",
      DATASET_TREE),
  DATASET_LAST_RUN_TIMESTAMP("sower.dataset.last.run.timestamp", GAUGE, "seconds",
      "Unix time at which the last make or scan of the dataset ended",
      DATASET_OPERATION),
  DATASET_LAST_RUN_SUCCESS("sower.dataset.last.run.success", GAUGE, null,
      "1 if the last make or scan of the dataset succeeded, 0 if it failed",
      DATASET_OPERATION),
  DATASET_ODD_FILES("sower.dataset.odd.files", GAUGE, null,
      "Odd files found in the dataset, by kind",
      ODDITY),

  // ---- build ----
  BUILD("sower.build", INFO, null,
      "Sower build: its version and the Java runtime, value always 1",
      VERSION, JAVA_VERSION);

  private static final PrometheusNamingConvention PROMETHEUS = new PrometheusNamingConvention();

  private final String meterName;
  private final MeterKind kind;
  private final String baseUnit;
  private final String description;
  private final double[] buckets;
  private final List<SowerTag> tags;

  SowerMeter(String meterName, MeterKind kind, String baseUnit, String description,
      SowerTag... tags) {
    this(meterName, kind, baseUnit, description, null, tags);
  }

  SowerMeter(String meterName, MeterKind kind, String baseUnit, String description,
      double[] buckets, SowerTag... tags) {
    this.meterName = meterName;
    this.kind = kind;
    this.baseUnit = baseUnit;
    this.description = description;
    this.buckets = buckets;
    this.tags = List.of(tags);
  }

  private static double[] buckets(double... upperBounds) {
    return upperBounds;
  }

  /** Micrometer name, dotted, without unit. */
  public String meterName() {
    return meterName;
  }

  public MeterKind kind() {
    return kind;
  }

  /** Base unit (Micrometer {@link BaseUnits} spelling), or null for plain counts. */
  public String baseUnit() {
    return baseUnit;
  }

  public String description() {
    return description;
  }

  /** The tags this meter always carries, in order. */
  public List<SowerTag> tags() {
    return tags;
  }

  /** Histogram bucket upper bounds in the base unit (seconds for timers), or empty. */
  public double[] buckets() {
    return buckets == null ? new double[0] : buckets.clone();
  }

  /** The Prometheus metric family name, as micrometer-registry-prometheus names this meter. */
  public String prometheusFamily() {
    if (kind == INFO) {
      return PROMETHEUS.name(meterName, MeterKind.GAUGE.micrometerType(), null);
    }
    return PROMETHEUS.name(meterName, kind.micrometerType(), baseUnit);
  }

  /** Every series name this meter adds to a scrape. */
  public List<String> seriesNames() {
    return kind.seriesNames(prometheusFamily(), buckets != null);
  }

  /**
   * Checks that {@code given} has exactly this meter's tag keys with allowed values.
   *
   * @throws IllegalArgumentException naming the meter, the key and what is allowed
   */
  public Tags checkTags(Tags given) {
    List<String> keys = new ArrayList<>();
    for (Tag t : given) {
      keys.add(t.getKey());
    }
    List<String> expected = tags.stream().map(SowerTag::key).sorted().toList();
    if (!keys.equals(expected)) {
      throw new IllegalArgumentException(meterName + " takes tags " + expected + ", not " + keys);
    }
    for (SowerTag tag : tags) {
      String value = given.stream().filter(t -> t.getKey().equals(tag.key())).findFirst()
          .orElseThrow().getValue();
      if (!tag.allows(value)) {
        throw new IllegalArgumentException(meterName + ": tag " + tag.key() + "=\"" + value
            + "\" is not allowed; expected " + (tag.allowedValues().isEmpty()
                ? "an identifier matching " + SowerTag.IDENTIFIER.pattern()
                : "one of " + tag.allowedValues()));
      }
    }
    return given;
  }

  /** Tags for this meter with each key's {@link SowerTag#exampleValue()}, for docs and tests. */
  public Tags exampleTags() {
    Tags out = Tags.empty();
    for (SowerTag tag : tags) {
      out = out.and(tag.key(), tag.exampleValue());
    }
    return out;
  }

  @Override
  public String toString() {
    return meterName + " (" + kind + (baseUnit == null ? "" : ", " + baseUnit) + ") "
        + Arrays.toString(tags.toArray());
  }
}
