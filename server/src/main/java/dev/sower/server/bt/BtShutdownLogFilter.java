package dev.sower.server.bt;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the one log event of Bt's shutdown that is noise: when the runtime stops while a
 * tracker query is in flight, Bt interrupts the thread waiting for it and {@code
 * ScheduledPeerSource} logs the {@link InterruptedException} as a warning with a stack trace
 * (its own comment calls ignoring it fine: the shutdown hook ends that executor). The same logger
 * reports real tracker failures (timeouts, errors) with other exceptions; those pass. Installed on
 * the appenders of logback.xml.
 */
public final class BtShutdownLogFilter extends Filter<ILoggingEvent> {
  static final String LOGGER = "bt.peer.ScheduledPeerSource";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null && LOGGER.equals(event.getLoggerName())
        && InterruptedException.class.getName().equals(thrown.getClassName())) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
