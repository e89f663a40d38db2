package dev.sower.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

/**
 * The daemon's one metrics registry: Prometheus-backed, with Micrometer's standard JVM and
 * process binders, the {@code sower_build_info} metric, and {@link #scrape} for {@code /metrics}.
 * Subsystems bind their meters to {@link #registry()} through {@link SowerMeters}.
 */
public final class SowerMetrics implements AutoCloseable {
  /** Content type of {@link #scrape()}: Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * Standard meters left out because {@code promtool check metrics} rejects their Prometheus
   * names ({@code process_cpu_time_ns_total}: abbreviated unit; {@code system_cpu_count}: a
   * gauge ending in {@code _count}); {@code process_cpu_usage} covers what operators need.
   */
  private static final Set<String> LINT_FAILING = Set.of("process.cpu.time", "system.cpu.count");

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;

  private SowerMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
    this.registry = registry;
    this.gc = gc;
  }

  /** A registry with the JVM/process binders and {@code sower_build_info{version=...}}. */
  public static SowerMetrics create(String sowerVersion) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(MeterFilter.deny(id -> LINT_FAILING.contains(id.getName())));
    JvmGcMetrics gc = new JvmGcMetrics();
    List<MeterBinder> standard = List.of(new ClassLoaderMetrics(), new JvmMemoryMetrics(), gc,
        new JvmThreadMetrics(), new ProcessorMetrics(), new UptimeMetrics(),
        new FileDescriptorMetrics());
    standard.forEach(b -> b.bindTo(registry));
    registerBuildInfo(registry, sowerVersion);
    return new SowerMetrics(registry, gc);
  }

  private static void registerBuildInfo(PrometheusMeterRegistry registry, String sowerVersion) {
    SowerMeter meter = SowerMeter.BUILD;
    String javaVersion = Runtime.version().toString();
    String[] values = {sowerVersion, javaVersion};
    for (int i = 0; i < values.length; i++) {
      if (!meter.tags().get(i).allows(values[i])) {
        throw new IllegalArgumentException("sower_build_info: " + meter.tags().get(i).key()
            + "=\"" + values[i] + "\" is not a short identifier");
      }
    }
    Info info = Info.builder()
        .name(meter.prometheusFamily())
        .help(meter.description())
        .labelNames(meter.tags().stream().map(SowerTag::key).toArray(String[]::new))
        .register(registry.getPrometheusRegistry());
    info.setLabelValues(values);
  }

  /** Where subsystem binders register their meters (through {@link SowerMeters}). */
  public MeterRegistry registry() {
    return registry;
  }

  /** The current values in Prometheus text format ({@link #CONTENT_TYPE}). */
  public String scrape() {
    return registry.scrape();
  }

  /** Writes the current values in Prometheus text format ({@link #CONTENT_TYPE}). */
  public void scrape(OutputStream out) throws IOException {
    registry.scrape(out);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
