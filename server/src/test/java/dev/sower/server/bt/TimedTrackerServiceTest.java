package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;

import bt.tracker.TrackerResponse;
import dev.sower.server.bt.AnnounceListener.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** How Bt's tracker responses and exceptions count as announce results. */
class TimedTrackerServiceTest {
  @Test
  void outcomes() {
    assertThat(TimedTrackerService.outcome(TrackerResponse.ok(), null)).isEqualTo(Outcome.SUCCESS);
    assertThat(TimedTrackerService.outcome(TrackerResponse.failure("unregistered torrent"), null))
        .isEqualTo(Outcome.FAILURE);
    assertThat(TimedTrackerService.outcome(
        TrackerResponse.exceptional(new ConnectException("refused")), null))
        .isEqualTo(Outcome.FAILURE);
    // Bt wraps the I/O error; a read or connect timeout anywhere in the chain is a timeout
    assertThat(TimedTrackerService.outcome(TrackerResponse.exceptional(
        new RuntimeException(new IOException(new SocketTimeoutException("Read timed out")))),
        null)).isEqualTo(Outcome.TIMEOUT);
    assertThat(TimedTrackerService.outcome(null, new IllegalStateException("boom")))
        .isEqualTo(Outcome.FAILURE);
    assertThat(TimedTrackerService.outcome(null,
        new RuntimeException(new SocketTimeoutException()))).isEqualTo(Outcome.TIMEOUT);
  }
}
