package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class BtShutdownLogFilterTest {
  private final LoggerContext context = new LoggerContext();
  private final BtShutdownLogFilter filter = new BtShutdownLogFilter();

  private LoggingEvent event(String logger, Throwable thrown) {
    return new LoggingEvent("test", context.getLogger(logger), Level.WARN,
        "Peer collection finished with exception in peer source", thrown, null);
  }

  @Test
  void dropsOnlyTheInterruptedTrackerQueryOfBtsShutdown() {
    assertThat(filter.decide(event(BtShutdownLogFilter.LOGGER, new InterruptedException())))
        .isEqualTo(FilterReply.DENY);
    // real tracker failures from the same logger, and interruptions logged elsewhere, pass
    assertThat(filter.decide(event(BtShutdownLogFilter.LOGGER, new TimeoutException())))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(event(BtShutdownLogFilter.LOGGER, null)))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(event("bt.net.DataReceivingLoop", new InterruptedException())))
        .isEqualTo(FilterReply.NEUTRAL);
  }
}
