package dev.sower.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.server.bt.AnnounceListener.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Announces before the metrics are bound are kept, in order and bounded, then handed over. */
class AnnounceRelayTest {
  @Test
  void keepsEarlyAnnouncesThenForwards() {
    AnnounceRelay relay = new AnnounceRelay();
    relay.announced("aa", "udp://t:1", Outcome.SUCCESS, Duration.ofMillis(5));
    relay.announced("bb", "udp://t:1", Outcome.TIMEOUT, Duration.ofMillis(6));
    List<String> got = new ArrayList<>();
    relay.attach((hash, url, outcome, took) -> got.add(hash + " " + outcome + " "
        + took.toMillis()));
    assertThat(got).containsExactly("aa SUCCESS 5", "bb TIMEOUT 6");
    relay.announced("cc", "udp://t:1", Outcome.FAILURE, Duration.ofMillis(7));
    assertThat(got).containsExactly("aa SUCCESS 5", "bb TIMEOUT 6", "cc FAILURE 7");
  }

  @Test
  void dropsTheOldestBeyondTheBound() {
    AnnounceRelay relay = new AnnounceRelay();
    for (int i = 0; i < AnnounceRelay.MAX_WAITING + 3; i++) {
      relay.announced("h" + i, "udp://t:1", Outcome.SUCCESS, Duration.ZERO);
    }
    List<String> got = new ArrayList<>();
    relay.attach((hash, url, outcome, took) -> got.add(hash));
    assertThat(got).hasSize(AnnounceRelay.MAX_WAITING);
    assertThat(got.get(0)).isEqualTo("h3");
    assertThat(got.get(got.size() - 1)).isEqualTo("h" + (AnnounceRelay.MAX_WAITING + 2));
  }
}
