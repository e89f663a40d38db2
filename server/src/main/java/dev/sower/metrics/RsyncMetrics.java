package dev.sower.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rsync gateway's meters ({@code sower_rsync_*}). The gateway declares its modules, then
 * reports each refused connection and each session through a {@link Session} handle. All
 * methods are thread-safe and cheap (no I/O), so they may be called from network threads.
 */
public final class RsyncMetrics {
  /** Why a connection was refused before a session started. */
  public enum Rejection implements TagValue {
    MAX_CONNECTIONS, HOSTS_DENY, UNKNOWN_MODULE, REFUSED_OPTION, TIMEOUT, PROTOCOL
  }

  /** How a session ended: rsync exit 0; 23/24 (some files not sent); other errors; hang-up. */
  public enum SessionResult implements TagValue { OK, PARTIAL, ERROR, ABORTED }

  /** An error inside a session. */
  public enum ErrorKind implements TagValue { IO, VANISHED, PROTOCOL, TIMEOUT, INTERNAL }

  private final MeterRegistry registry;
  private final Map<String, ModuleMeters> modules = new ConcurrentHashMap<>();

  public RsyncMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Declares a module and its max connections (0: unlimited); again to change the limit. */
  public void module(String name, int maxConnections) {
    if (maxConnections < 0) {
      throw new IllegalArgumentException("max connections of " + name + " < 0: " + maxConnections);
    }
    modules.computeIfAbsent(name, n -> new ModuleMeters(registry, n)).max.set(maxConnections);
  }

  /** Counts a connection refused before any session started. */
  public void rejected(Rejection reason) {
    SowerMeters.counter(registry, SowerMeter.RSYNC_CONNECTIONS_REJECTED,
        Tags.of(SowerTag.REJECT_REASON.key(), reason.tagValue())).increment();
  }

  /** Starts a session on a declared module; it counts as active until {@link Session#end}. */
  public Session sessionStarted(String module) {
    ModuleMeters m = modules.get(module);
    if (m == null) {
      throw new IllegalArgumentException("rsync module not declared to the metrics: " + module);
    }
    m.active.incrementAndGet();
    return new Session(m, registry.config().clock().monotonicTime());
  }

  /** One rsync session; report to it from any thread, then {@link #end} it exactly once. */
  public final class Session {
    private final ModuleMeters module;
    private final long startNanos;
    private final AtomicBoolean ended = new AtomicBoolean();

    private Session(ModuleMeters module, long startNanos) {
      this.module = module;
      this.startNanos = startNanos;
    }

    /**
     * Bytes handed to the client's connection: file data, file list and protocol, framing
     * included, from the greeting on (what rsync's statistics call the server's total written).
     */
    public void sent(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("negative byte count " + bytes);
      }
      module.sent.increment(bytes);
    }

    /** A file whose data was sent whole (each send counts, a redo too). */
    public void fileSent() {
      module.filesSent.increment();
    }

    public void error(ErrorKind kind) {
      SowerMeters.counter(registry, SowerMeter.RSYNC_ERRORS,
          Tags.of(SowerTag.MODULE.key(), module.name, SowerTag.ERROR_KIND.key(), kind.tagValue()))
          .increment();
    }

    /** The file list was built and sent: how long it took and how many entries it had. */
    public void fileListBuilt(Duration took, long entries) {
      module.fileListBuild.record(took);
      module.fileListSize.record(entries);
    }

    /** Ends the session: no longer active, counted by result with its duration. Idempotent. */
    public void end(SessionResult result) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      module.active.decrementAndGet();
      long took = registry.config().clock().monotonicTime() - startNanos;
      SowerMeters.timer(registry, SowerMeter.RSYNC_SESSIONS,
          Tags.of(SowerTag.MODULE.key(), module.name,
              SowerTag.SESSION_RESULT.key(), result.tagValue()))
          .record(took, TimeUnit.NANOSECONDS);
    }
  }

  /** The meters of one module, created when it is declared. */
  private static final class ModuleMeters {
    final String name;
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger max = new AtomicInteger();
    final Counter sent;
    final Counter filesSent;
    final Timer fileListBuild;
    final DistributionSummary fileListSize;

    ModuleMeters(MeterRegistry registry, String name) {
      this.name = name;
      Tags tags = Tags.of(SowerTag.MODULE.key(), name);
      SowerMeters.gauge(registry, SowerMeter.RSYNC_SESSIONS_ACTIVE, tags, active,
          AtomicInteger::get);
      SowerMeters.gauge(registry, SowerMeter.RSYNC_SESSIONS_MAX, tags, max, AtomicInteger::get);
      sent = SowerMeters.counter(registry, SowerMeter.RSYNC_SENT, tags);
      filesSent = SowerMeters.counter(registry, SowerMeter.RSYNC_FILES_SENT, tags);
      fileListBuild = SowerMeters.timer(registry, SowerMeter.RSYNC_FILE_LIST_BUILD, tags);
      fileListSize = SowerMeters.summary(registry, SowerMeter.RSYNC_FILE_LIST_SIZE, tags);
    }
  }
}
