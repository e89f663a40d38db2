package dev.sower.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Creates the meters of the {@link SowerMeter} catalogue in a registry, checking kind and tags,
 * so no binder can invent a name, a unit or an unbounded label. Registering the same meter and
 * tags twice returns the existing meter, as Micrometer does.
 *
 * <p>Gauges and function counters hold a strong reference to their state object; a binder that
 * drops a torrent or a module removes its meters with {@link MeterRegistry#remove}.
 */
public final class SowerMeters {
  private SowerMeters() {}

  public static Counter counter(MeterRegistry registry, SowerMeter meter, Tags tags) {
    expect(meter, MeterKind.COUNTER);
    return Counter.builder(meter.meterName())
        .description(meter.description())
        .baseUnit(meter.baseUnit())
        .tags(meter.checkTags(tags))
        .register(registry);
  }

  /** A counter that reads a monotonic total kept elsewhere (e.g. a tracker's completed count). */
  public static <T> FunctionCounter functionCounter(MeterRegistry registry, SowerMeter meter,
      Tags tags, T state, ToDoubleFunction<T> total) {
    expect(meter, MeterKind.COUNTER);
    return FunctionCounter.builder(meter.meterName(), state, total)
        .description(meter.description())
        .baseUnit(meter.baseUnit())
        .tags(meter.checkTags(tags))
        .register(registry);
  }

  public static <T> Gauge gauge(MeterRegistry registry, SowerMeter meter, Tags tags, T state,
      ToDoubleFunction<T> value) {
    expect(meter, MeterKind.GAUGE);
    return Gauge.builder(meter.meterName(), state, value)
        .description(meter.description())
        .baseUnit(meter.baseUnit())
        .tags(meter.checkTags(tags))
        .strongReference(true)
        .register(registry);
  }

  public static Timer timer(MeterRegistry registry, SowerMeter meter, Tags tags) {
    expect(meter, MeterKind.TIMER);
    Duration[] slos = Arrays.stream(meter.buckets())
        .mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9)))
        .toArray(Duration[]::new);
    return Timer.builder(meter.meterName())
        .description(meter.description())
        .tags(meter.checkTags(tags))
        .serviceLevelObjectives(slos)
        .register(registry);
  }

  public static DistributionSummary summary(MeterRegistry registry, SowerMeter meter, Tags tags) {
    expect(meter, MeterKind.DISTRIBUTION_SUMMARY);
    return DistributionSummary.builder(meter.meterName())
        .description(meter.description())
        .baseUnit(meter.baseUnit())
        .tags(meter.checkTags(tags))
        .serviceLevelObjectives(meter.buckets())
        .register(registry);
  }

  private static void expect(SowerMeter meter, MeterKind kind) {
    if (meter.kind() != kind) {
      throw new IllegalArgumentException(meter.meterName() + " is a " + meter.kind()
          + " in the catalogue, not a " + kind);
    }
  }
}
