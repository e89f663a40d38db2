package dev.sower.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {
  @Test
  void findsMetricNamesAndSkipsFunctionsLabelsAndDurations() {
    assertThat(PromQlNames.of(
        "histogram_quantile(0.95, sum by (le) (rate(sower_bt_announces_seconds_bucket"
            + "{instance=~\"$instance\", torrent=~\"a|b\"}[$__rate_interval])))"))
        .containsExactly("sower_bt_announces_seconds_bucket");
    assertThat(PromQlNames.of("sum by (instance, module) (sower_rsync_sessions_active)\n"
        + "  / sum by (instance, module) (sower_rsync_sessions_max > 0)\n  > 0.9"))
        .containsExactly("sower_rsync_sessions_active", "sower_rsync_sessions_max");
    assertThat(PromQlNames.of("time() - sower_dataset_last_run_timestamp_seconds offset 1h"))
        .containsExactly("sower_dataset_last_run_timestamp_seconds");
    assertThat(PromQlNames.of("up{job=\"sower\"} == 0 or absent(up) and on(instance) x_total"))
        .containsExactly("up", "x_total");
    assertThat(PromQlNames.of("rate(a_total[5m]) * 1e3 + b_bytes"))
        .containsExactly("a_total", "b_bytes");
    assertThat(PromQlNames.of("label_values(sower_bt_swarm_seeders{instance=~\"$instance\"}, torrent)"))
        .containsExactly("sower_bt_swarm_seeders");
  }
}
