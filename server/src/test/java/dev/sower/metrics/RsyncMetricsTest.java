package dev.sower.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RsyncMetricsTest {
  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final RsyncMetrics rsync = new RsyncMetrics(registry);

  private double gauge(String name, String module) {
    return registry.get(name).tag("module", module).gauge().value();
  }

  @Test
  void sessionsAreActiveUntilEndedThenCountedByResultWithDuration() {
    rsync.module("dataset", 50);
    RsyncMetrics.Session a = rsync.sessionStarted("dataset");
    RsyncMetrics.Session b = rsync.sessionStarted("dataset");
    assertThat(gauge("sower.rsync.sessions.active", "dataset")).isEqualTo(2);
    assertThat(gauge("sower.rsync.sessions.max", "dataset")).isEqualTo(50);

    clock.add(Duration.ofSeconds(90));
    a.end(RsyncMetrics.SessionResult.OK);
    a.end(RsyncMetrics.SessionResult.ERROR); // ignored: a session ends once
    clock.add(Duration.ofSeconds(10));
    b.end(RsyncMetrics.SessionResult.PARTIAL);

    assertThat(gauge("sower.rsync.sessions.active", "dataset")).isZero();
    Timer ok = registry.get("sower.rsync.sessions").tags("module", "dataset", "result", "ok").timer();
    assertThat(ok.count()).isEqualTo(1);
    assertThat(ok.totalTime(TimeUnit.SECONDS)).isEqualTo(90);
    Timer partial = registry.get("sower.rsync.sessions").tags("result", "partial").timer();
    assertThat(partial.totalTime(TimeUnit.SECONDS)).isEqualTo(100);
    assertThat(registry.find("sower.rsync.sessions").tags("result", "error").timer()).isNull();
  }

  @Test
  void countsBytesFilesErrorsAndFileLists() {
    rsync.module("dataset", 0);
    RsyncMetrics.Session s = rsync.sessionStarted("dataset");
    s.sent(1000);
    s.sent(24);
    s.fileSent();
    s.fileSent();
    s.error(RsyncMetrics.ErrorKind.VANISHED);
    s.fileListBuilt(Duration.ofMillis(250), 3_000);
    s.end(RsyncMetrics.SessionResult.PARTIAL);

    assertThat(registry.get("sower.rsync.sent").counter().count()).isEqualTo(1024);
    assertThat(registry.get("sower.rsync.files.sent").counter().count()).isEqualTo(2);
    assertThat(registry.get("sower.rsync.errors").tags("module", "dataset", "kind", "vanished")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("sower.rsync.file.list.build").timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(250);
    assertThat(registry.get("sower.rsync.file.list.size").summary().totalAmount()).isEqualTo(3000);
    assertThatThrownBy(() -> s.sent(-1)).hasMessage("negative byte count -1");
  }

  @Test
  void rejectionsAreCountedByReasonAndUndeclaredModulesRefused() {
    rsync.rejected(RsyncMetrics.Rejection.MAX_CONNECTIONS);
    rsync.rejected(RsyncMetrics.Rejection.MAX_CONNECTIONS);
    rsync.rejected(RsyncMetrics.Rejection.HOSTS_DENY);
    assertThat(registry.get("sower.rsync.connections.rejected").tag("reason", "max_connections")
        .counter().count()).isEqualTo(2);
    assertThat(registry.get("sower.rsync.connections.rejected").tag("reason", "hosts_deny")
        .counter().count()).isEqualTo(1);
    assertThatThrownBy(() -> rsync.sessionStarted("nope"))
        .hasMessage("rsync module not declared to the metrics: nope");
    assertThatThrownBy(() -> rsync.module("bad/name", 1))
        .hasMessageContaining("module=\"bad/name\" is not allowed");
  }
}
