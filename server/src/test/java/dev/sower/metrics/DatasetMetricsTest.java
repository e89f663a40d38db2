package dev.sower.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetMetricsTest {
  @Test
  void noSeriesBeforeTheFirstReport() {
    try (SowerMetrics metrics = SowerMetrics.create("0.1.0")) {
      new DatasetMetrics(metrics.registry());
      assertThat(metrics.scrape()).doesNotContain("sower_dataset_");
    }
  }

  @Test
  void censusAndRunsShowInTheScrape() {
    try (SowerMetrics metrics = SowerMetrics.create("0.1.0")) {
      DatasetMetrics dataset = new DatasetMetrics(metrics.registry());
      dataset.census(new DatasetMetrics.Census(
          Map.of("original", 3000L, "512px", 2900L),
          Map.of("original", 110_000_000L, "512px", 9_000_000L, "metadata", 1_000L),
          Map.of(DatasetMetrics.OddKind.TRUNCATED, 2L, DatasetMetrics.OddKind.NON_UTF8_NAME, 1L)));
      dataset.runFinished(DatasetMetrics.Operation.SCAN, Instant.ofEpochSecond(1_767_225_600), false);
      dataset.runFinished(DatasetMetrics.Operation.SCAN, Instant.ofEpochSecond(1_767_229_200), true);

      assertThat(metrics.scrape())
          .contains("sower_dataset_files{tree=\"original\"} 3000.0\n")
          .contains("sower_dataset_files{tree=\"metadata\"} 0.0\n")
          .contains("sower_dataset_size_bytes{tree=\"512px\"} 9000000.0\n")
          .contains("sower_dataset_odd_files{kind=\"truncated\"} 2.0\n")
          .contains("sower_dataset_odd_files{kind=\"non_utf8_name\"} 1.0\n")
          .contains("sower_dataset_odd_files{kind=\"missing\"} 0.0\n")
          .contains("sower_dataset_last_run_success{operation=\"scan\"} 1.0\n")
          .contains("sower_dataset_last_run_timestamp_seconds{operation=\"scan\"} 1.7672292E9\n")
          .doesNotContain("operation=\"make\"");
    }
  }

  @Test
  void refusesUnknownTrees() {
    assertThatThrownBy(() -> new DatasetMetrics.Census(Map.of("thumbs", 1L), Map.of(), Map.of()))
        .hasMessage("not a dataset tree: thumbs; trees are [original, 512px, metadata]");
  }
}
