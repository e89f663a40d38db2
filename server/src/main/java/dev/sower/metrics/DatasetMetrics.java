package dev.sower.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dataset's meters ({@code sower_dataset_*}): what the last census of the tree found and
 * how the last make and scan went. The series appear with the first report, so a daemon that
 * has not looked at its dataset yet does not claim it holds 0 files.
 */
public final class DatasetMetrics {
  /** The top-level trees, in layout order. */
  public static final List<String> TREES = SowerTag.DATASET_TREE.allowedValues();

  /** A dataset operation whose last run is reported. */
  public enum Operation implements TagValue { MAKE, SCAN }

  /** Kinds of odd file. */
  public enum OddKind implements TagValue {
    /** Content of another format than the extension says (PNG named .jpg). */
    WRONG_EXTENSION,
    /** Shorter than the metadata says. */
    TRUNCATED,
    /** Zero bytes. */
    EMPTY,
    /** A name that is not valid UTF-8. */
    NON_UTF8_NAME,
    /** A valid but unusual name (spaces, non-ASCII, not ID.ext). */
    UNUSUAL_NAME,
    /** Listed in the metadata but absent. */
    MISSING
  }

  /**
   * What a walk over the dataset found: files and bytes per tree ({@link #TREES}; a tree not in
   * the map has none), and odd files per kind (absent: none).
   */
  public record Census(Map<String, Long> filesByTree, Map<String, Long> bytesByTree,
      Map<OddKind, Long> oddFiles) {
    public Census {
      filesByTree = Map.copyOf(filesByTree);
      bytesByTree = Map.copyOf(bytesByTree);
      oddFiles = oddFiles.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(oddFiles));
      for (String tree : filesByTree.keySet()) {
        checkTree(tree);
      }
      for (String tree : bytesByTree.keySet()) {
        checkTree(tree);
      }
    }

    private static void checkTree(String tree) {
      if (!TREES.contains(tree)) {
        throw new IllegalArgumentException("not a dataset tree: " + tree + "; trees are " + TREES);
      }
    }
  }

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> files = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> bytes = new ConcurrentHashMap<>();
  private final Map<OddKind, AtomicLong> odd = new ConcurrentHashMap<>();
  private final Map<Operation, AtomicLong> lastEndMillis = new ConcurrentHashMap<>();
  private final Map<Operation, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

  public DatasetMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Publishes a census; every tree and odd kind gets a value (0 when absent from it). */
  public void census(Census census) {
    for (String tree : TREES) {
      Tags t = Tags.of(SowerTag.DATASET_TREE.key(), tree);
      publish(files, tree, SowerMeter.DATASET_FILES, t, census.filesByTree().getOrDefault(tree, 0L));
      publish(bytes, tree, SowerMeter.DATASET_SIZE, t, census.bytesByTree().getOrDefault(tree, 0L));
    }
    for (OddKind kind : OddKind.values()) {
      publish(odd, kind, SowerMeter.DATASET_ODD_FILES,
          Tags.of(SowerTag.ODDITY.key(), kind.tagValue()), census.oddFiles().getOrDefault(kind, 0L));
    }
  }

  /** Records that a make or scan ended at {@code end}, and whether it succeeded. */
  public void runFinished(Operation operation, Instant end, boolean success) {
    Tags t = Tags.of(SowerTag.DATASET_OPERATION.key(), operation.tagValue());
    publish(lastSuccess, operation, SowerMeter.DATASET_LAST_RUN_SUCCESS, t, success ? 1 : 0);
    long millis = end.toEpochMilli();
    lastEndMillis.computeIfAbsent(operation, op -> {
      AtomicLong v = new AtomicLong(millis);
      SowerMeters.gauge(registry, SowerMeter.DATASET_LAST_RUN_TIMESTAMP, t, v,
          a -> a.get() / 1000.0);
      return v;
    }).set(millis);
  }

  /** Sets a gauge's value, registering it with that value first if it is new. */
  private <K> void publish(Map<K, AtomicLong> values, K key, SowerMeter meter, Tags tags,
      long value) {
    values.computeIfAbsent(key, k -> {
      AtomicLong v = new AtomicLong(value);
      SowerMeters.gauge(registry, meter, tags, v, AtomicLong::get);
      return v;
    }).set(value);
  }
}
