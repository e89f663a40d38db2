package dev.sower.metrics;

import io.micrometer.core.instrument.Meter;
import java.util.List;

/**
 * The kinds of meter in the catalogue and the series each one exposes to Prometheus, as
 * micrometer-registry-prometheus 1.17 (Prometheus client 1.x, text format 0.0.4) writes them:
 * the family name already carries the base unit; counters get {@code _total}; timers and
 * distribution summaries give {@code _count}, {@code _sum}, a separate {@code _max} gauge, and
 * {@code _bucket} when they have buckets; an info metric is {@code <name>_info} with value 1.
 */
public enum MeterKind {
  COUNTER(Meter.Type.COUNTER),
  GAUGE(Meter.Type.GAUGE),
  TIMER(Meter.Type.TIMER),
  DISTRIBUTION_SUMMARY(Meter.Type.DISTRIBUTION_SUMMARY),
  /** Not a Micrometer meter: registered as a Prometheus {@code Info} metric (constant 1). */
  INFO(Meter.Type.OTHER);

  private final Meter.Type micrometerType;

  MeterKind(Meter.Type micrometerType) {
    this.micrometerType = micrometerType;
  }

  /** The Micrometer meter type the naming convention is applied with. */
  public Meter.Type micrometerType() {
    return micrometerType;
  }

  /** Series names in a scrape for a meter whose Prometheus family name is {@code family}. */
  public List<String> seriesNames(String family, boolean buckets) {
    return switch (this) {
      case COUNTER -> List.of(family + "_total");
      case GAUGE -> List.of(family);
      case TIMER, DISTRIBUTION_SUMMARY -> buckets
          ? List.of(family + "_count", family + "_sum", family + "_max", family + "_bucket")
          : List.of(family + "_count", family + "_sum", family + "_max");
      case INFO -> List.of(family + "_info");
    };
  }
}
