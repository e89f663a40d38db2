package dev.sower.metrics;

import dev.sower.dataset.Layout;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every tag (Prometheus label) a Sower meter may carry, each with its bounded set of values.
 *
 * <p>Labels stay bounded: a tag either has a fixed list of values here, or takes identifiers
 * that the operator's configuration bounds (torrent ids of the release, rsync module names) and
 * that must match {@link #IDENTIFIER}. File names and peer addresses are never tag values.
 * Several constants share a key ({@code result}) with a different value set per meter.
 */
public enum SowerTag {
  /** Short torrent id of the release, e.g. {@code original-0000-0099}; bounded by the release. */
  TORRENT("torrent"),
  /** Who reports a swarm count: our embedded tracker or an external tracker's scrape. */
  SWARM_SOURCE("source", "embedded", "external"),
  /** Who opened a peer connection. */
  PEER_DIRECTION("direction", "incoming", "outgoing"),
  /** Outcome of one announce to a tracker. */
  ANNOUNCE_RESULT("result", "success", "failure", "timeout"),
  /** rsync module name from the configuration; bounded by it. */
  MODULE("module"),
  /** How an rsync session ended: like rsync's exit codes 0, 23/24, other errors, hang-up. */
  SESSION_RESULT("result", "ok", "partial", "error", "aborted"),
  /** Why an rsync connection was refused before a session started. */
  REJECT_REASON("reason",
      "max_connections", "hosts_deny", "unknown_module", "refused_option", "timeout", "protocol"),
  /** Kind of error inside an rsync session. */
  ERROR_KIND("kind", "io", "vanished", "protocol", "timeout", "internal"),
  /** Dataset operation whose last run is reported. */
  DATASET_OPERATION("operation", "make", "scan"),
  /** Top-level tree of the dataset layout. */
  DATASET_TREE("tree", Layout.ORIGINAL, Layout.SUBSET_512, Layout.METADATA),
  /** Kind of odd file found in the dataset. */
  ODDITY("kind",
      "wrong_extension", "truncated", "empty", "non_utf8_name", "unusual_name", "missing"),
  /** Sower version, e.g. {@code 0.1.0}. */
  VERSION("version"),
  /** Java runtime version, e.g. {@code 17.0.15+6}. */
  JAVA_VERSION("java_version");

  /** What an open-valued tag (no fixed list) must look like: short, no spaces, no slashes. */
  public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}");

  private final String key;
  private final List<String> allowedValues;

  SowerTag(String key, String... values) {
    this.key = key;
    this.allowedValues = List.of(values);
  }

  /** The tag key as written (already a valid Prometheus label name). */
  public String key() {
    return key;
  }

  /** The allowed values, or an empty list when values are identifiers matching {@link #IDENTIFIER}. */
  public List<String> allowedValues() {
    return allowedValues;
  }

  /** True when {@code value} is allowed for this tag. */
  public boolean allows(String value) {
    return allowedValues.isEmpty()
        ? IDENTIFIER.matcher(value).matches() : allowedValues.contains(value);
  }

  /** A value that this tag allows, for documentation and tests. */
  public String exampleValue() {
    return allowedValues.isEmpty() ? switch (this) {
      case TORRENT -> "original-0000-0099";
      case MODULE -> "dataset";
      case VERSION -> "0.1.0";
      case JAVA_VERSION -> "17.0.15";
      default -> throw new IllegalStateException("no example for " + this);
    } : allowedValues.get(0);
  }
}
