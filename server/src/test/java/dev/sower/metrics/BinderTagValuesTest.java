package dev.sower.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binders' enums are exactly the value lists of the catalogue's tags. */
class BinderTagValuesTest {
  private static List<String> values(TagValue[] constants) {
    return Arrays.stream(constants).map(TagValue::tagValue).toList();
  }

  @Test
  void enumsMirrorTheTagValueLists() {
    assertThat(values(RsyncMetrics.Rejection.values()))
        .isEqualTo(SowerTag.REJECT_REASON.allowedValues());
    assertThat(values(RsyncMetrics.SessionResult.values()))
        .isEqualTo(SowerTag.SESSION_RESULT.allowedValues());
    assertThat(values(RsyncMetrics.ErrorKind.values()))
        .isEqualTo(SowerTag.ERROR_KIND.allowedValues());
    assertThat(values(BitTorrentMetrics.SwarmSource.values()))
        .isEqualTo(SowerTag.SWARM_SOURCE.allowedValues());
    assertThat(values(BitTorrentMetrics.Direction.values()))
        .isEqualTo(SowerTag.PEER_DIRECTION.allowedValues());
    assertThat(values(BitTorrentMetrics.AnnounceResult.values()))
        .isEqualTo(SowerTag.ANNOUNCE_RESULT.allowedValues());
    assertThat(values(DatasetMetrics.Operation.values()))
        .isEqualTo(SowerTag.DATASET_OPERATION.allowedValues());
    assertThat(values(DatasetMetrics.OddKind.values()))
        .isEqualTo(SowerTag.ODDITY.allowedValues());
    assertThat(DatasetMetrics.TREES).containsExactly("original", "512px", "metadata");
  }
}
