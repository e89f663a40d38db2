package dev.sower.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sower.rsync.daemon.ModuleConfig;
import dev.sower.rsync.daemon.RsyncListener;
import dev.sower.rsync.daemon.SenderWarmUp;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The gateway as {@code sower serve} starts it: the warm-up runs, quietly, or not at all. */
class RsyncGatewayWiringTest {
  @TempDir
  Path dir;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  /** The gateway's loggers and this wiring's. */
  private static Logger rsyncLogger() {
    return (Logger) LoggerFactory.getLogger("dev.sower");
  }

  @BeforeEach
  void capture() {
    log.start();
    rsyncLogger().addAppender(log);
  }

  @AfterEach
  void release() {
    rsyncLogger().detachAppender(log);
  }

  private RsyncGatewayWiring start(boolean warmUp) throws Exception {
    Files.writeString(dir.resolve("f"), "x");
    return RsyncGatewayWiring.start(List.of(ModuleConfig.of("m", dir, "")),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), RsyncListener.NONE, warmUp);
  }

  @Test
  void theWarmUpRunsInTheBackgroundAndLogsOneInfoLineNotItsSessions() throws Exception {
    try (RsyncGatewayWiring g = start(true)) {
      SenderWarmUp.Report r = g.warmUp().done().get(120, TimeUnit.SECONDS);
      assertThat(r.sessions()).isEqualTo(3 * SenderWarmUp.DEFAULT_ROUNDS);
    }
    List<String> info = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(info).hasSize(1);
    assertThat(info.get(0)).startsWith("rsync sender warm-up done: "
        + 3 * SenderWarmUp.DEFAULT_ROUNDS + " sessions, ");
  }

  @Test
  void aTemporaryDirectoryInsideAModuleSkipsTheWarmUpWithAWarning() {
    List<ModuleConfig> modules = List.of(ModuleConfig.of("m", dir.resolve("data"), ""));
    assertThat(RsyncGatewayWiring.outsideModules(dir.resolve("data/tmp"), modules)).isFalse();
    assertThat(RsyncGatewayWiring.outsideModules(dir.resolve("data"), modules)).isFalse();
    assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(2)
        .allMatch(m -> m.startsWith("rsync sender warm-up skipped: the temporary directory"));
    assertThat(RsyncGatewayWiring.outsideModules(dir, modules)).isTrue();
    assertThat(RsyncGatewayWiring.outsideModules(dir.resolve("data2"), modules)).isTrue();
  }

  @Test
  void withoutTheWarmUpNothingRuns() throws Exception {
    try (RsyncGatewayWiring g = start(false)) {
      assertThat(g.warmUp()).isNull();
    }
    assertThat(log.list).isEmpty();
  }
}
