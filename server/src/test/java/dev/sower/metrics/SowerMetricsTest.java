package dev.sower.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SowerMetricsTest {

  /** Creates one of each catalogue meter with example tags and gives each a value. */
  static SowerMetrics withEveryMeter() {
    SowerMetrics metrics = SowerMetrics.create("0.1.0-SNAPSHOT");
    MeterRegistry r = metrics.registry();
    for (SowerMeter m : SowerMeter.values()) {
      Tags tags = m.exampleTags();
      switch (m.kind()) {
        case COUNTER -> {
          if (m == SowerMeter.BT_SWARM_COMPLETED) {
            SowerMeters.functionCounter(r, m, tags, new AtomicLong(7), AtomicLong::get);
          } else {
            SowerMeters.counter(r, m, tags).increment(3);
          }
        }
        case GAUGE -> SowerMeters.gauge(r, m, tags, new AtomicLong(5), AtomicLong::get);
        case TIMER -> SowerMeters.timer(r, m, tags).record(Duration.ofMillis(1500));
        case DISTRIBUTION_SUMMARY -> SowerMeters.summary(r, m, tags).record(1234);
        case INFO -> { } // registered by SowerMetrics.create
      }
    }
    return metrics;
  }

  /** Metric (series) names in a text-format scrape. */
  static Set<String> seriesNames(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  /**
   * Scrapes after a garbage collection has been reported, so the GC pause timer (registered by
   * JvmGcMetrics on the first GC notification) is in it too.
   */
  static String scrapeAfterGc(SowerMetrics metrics) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String text = metrics.scrape();
    while (!text.contains("jvm_gc_pause_seconds_count") && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(50);
      text = metrics.scrape();
    }
    return text;
  }

  @Test
  void scrapeExposesExactlyTheDerivedNamesOfTheCatalogue() throws InterruptedException {
    try (SowerMetrics metrics = withEveryMeter()) {
      Set<String> scraped = seriesNames(scrapeAfterGc(metrics));
      Set<String> derived = new TreeSet<>();
      for (SowerMeter m : SowerMeter.values()) {
        derived.addAll(m.seriesNames());
      }
      Set<String> sowerScraped = new TreeSet<>(scraped);
      sowerScraped.removeIf(n -> !n.startsWith("sower_"));
      assertThat(sowerScraped).isEqualTo(derived);
      assertThat(scraped).contains("jvm_memory_used_bytes", "process_files_open_files",
          "process_files_max_files", "process_cpu_usage", "jvm_gc_pause_seconds_count");
    }
  }

  @Test
  void scrapeCarriesValuesUnitsAndBuildInfo() throws IOException {
    try (SowerMetrics metrics = withEveryMeter()) {
      String text = metrics.scrape();
      assertThat(text)
          .contains("sower_bt_uploaded_bytes_total{torrent=\"original-0000-0099\"} 3.0\n")
          .contains("sower_bt_swarm_completed_total{source=\"embedded\",torrent=\"original-0000-0099\"} 7.0\n")
          .contains("sower_rsync_sessions_seconds_bucket{module=\"dataset\",result=\"ok\",le=\"1.0\"} 0\n")
          .contains("sower_rsync_sessions_seconds_bucket{module=\"dataset\",result=\"ok\",le=\"10.0\"} 1\n")
          .contains("sower_rsync_sessions_seconds_sum{module=\"dataset\",result=\"ok\"} 1.5\n")
          .contains("sower_rsync_file_list_size_files_sum{module=\"dataset\"} 1234.0\n")
          .contains("# HELP sower_bt_uploaded_bytes_total Piece data uploaded to peers\n")
          .contains("sower_build_info{java_version=\"" + Runtime.version() + "\",version=\"0.1.0-SNAPSHOT\"} 1\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      metrics.scrape(out);
      assertThat(seriesNames(out.toString(StandardCharsets.UTF_8))).isEqualTo(seriesNames(text));
    }
  }

  @Test
  void promtoolFindsNothingToLintInTheScrape() throws Exception {
    String text;
    try (SowerMetrics metrics = withEveryMeter()) {
      text = scrapeAfterGc(metrics);
    }
    Process p = new ProcessBuilder("promtool", "check", "metrics")
        .redirectErrorStream(true).start();
    try {
      p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(out).isEmpty();
      assertThat(p.exitValue()).isZero();
    } finally {
      p.destroyForcibly();
    }
  }
}
