package dev.sower.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SowerMeterCatalogueTest {
  private static final List<String> UNIT_WORDS =
      List.of("bytes", "seconds", "millis", "milliseconds", "total", "count", "info");

  @Test
  void namesAreUniqueDottedAndFreeOfUnits() {
    Set<String> names = new HashSet<>();
    Set<String> families = new HashSet<>();
    for (SowerMeter m : SowerMeter.values()) {
      assertThat(names.add(m.meterName())).as("duplicate name %s", m).isTrue();
      assertThat(families.add(m.prometheusFamily())).as("duplicate family %s", m).isTrue();
      assertThat(m.meterName()).matches("sower(\\.[a-z]+)+");
      assertThat(Arrays.asList(m.meterName().split("\\."))).as(m.meterName())
          .doesNotContainAnyElementsOf(UNIT_WORDS);
      assertThat(m.description()).as(m.meterName()).isNotBlank().doesNotEndWith(".");
      assertThat(m.tags().stream().map(SowerTag::key).distinct().count())
          .as("tag keys of %s", m).isEqualTo(m.tags().size());
    }
  }

  @Test
  void everyTorrentAndModuleMeterIsLabelledByIt() {
    for (SowerMeter m : SowerMeter.values()) {
      if (m.meterName().startsWith("sower.bt.") && m != SowerMeter.BT_DHT_NODES) {
        assertThat(m.tags()).as(m.meterName()).contains(SowerTag.TORRENT);
      }
    }
    assertThat(SowerMeter.RSYNC_SESSIONS.tags()).containsExactly(SowerTag.MODULE,
        SowerTag.SESSION_RESULT);
  }

  @Test
  void derivesPrometheusNamesWithUnitAndTypeSuffixes() {
    assertThat(SowerMeter.BT_UPLOADED.seriesNames()).containsExactly("sower_bt_uploaded_bytes_total");
    assertThat(SowerMeter.BT_SWARM_SEEDERS.seriesNames()).containsExactly("sower_bt_swarm_seeders");
    assertThat(SowerMeter.RSYNC_FILE_LIST_BUILD.seriesNames()).containsExactly(
        "sower_rsync_file_list_build_seconds_count", "sower_rsync_file_list_build_seconds_sum",
        "sower_rsync_file_list_build_seconds_max", "sower_rsync_file_list_build_seconds_bucket");
    assertThat(SowerMeter.RSYNC_FILE_LIST_SIZE.prometheusFamily())
        .isEqualTo("sower_rsync_file_list_size_files");
    assertThat(SowerMeter.DATASET_LAST_RUN_TIMESTAMP.seriesNames())
        .containsExactly("sower_dataset_last_run_timestamp_seconds");
    assertThat(SowerMeter.BUILD.seriesNames()).containsExactly("sower_build_info");
  }

  @Test
  void rejectsMissingExtraAndUnboundedTags() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    assertThatThrownBy(() -> SowerMeters.counter(r, SowerMeter.BT_UPLOADED, Tags.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sower.bt.uploaded takes tags [torrent], not []");
    assertThatThrownBy(() -> SowerMeters.counter(r, SowerMeter.BT_UPLOADED,
        Tags.of("torrent", "a", "peer", "10.0.0.1")))
        .hasMessage("sower.bt.uploaded takes tags [torrent], not [peer, torrent]");
    assertThatThrownBy(() -> SowerMeters.counter(r, SowerMeter.RSYNC_CONNECTIONS_REJECTED,
        Tags.of("reason", "because")))
        .hasMessageContaining("reason=\"because\" is not allowed; expected one of [max_connections,");
    assertThatThrownBy(() -> SowerMeters.counter(r, SowerMeter.BT_UPLOADED,
        Tags.of("torrent", "original/0001/1.jpg")))
        .hasMessageContaining("an identifier matching");
    assertThatThrownBy(() -> SowerMeters.timer(r, SowerMeter.BT_UPLOADED,
        Tags.of("torrent", "a")))
        .hasMessage("sower.bt.uploaded is a COUNTER in the catalogue, not a TIMER");
    assertThat(r.getMeters()).isEmpty();
  }

  @Test
  void acceptsEveryAllowedValue() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    for (String reason : SowerTag.REJECT_REASON.allowedValues()) {
      SowerMeters.counter(r, SowerMeter.RSYNC_CONNECTIONS_REJECTED, Tags.of("reason", reason))
          .increment();
    }
    assertThat(r.getMeters()).hasSize(6);
    assertThat(SowerTag.TORRENT.allows("512px-0000-0999")).isTrue();
    assertThat(SowerTag.TORRENT.allows("x".repeat(65))).isFalse();
    assertThat(SowerTag.TORRENT.allows("")).isFalse();
  }
}
