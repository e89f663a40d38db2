package dev.sower.rsync.daemon;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transport-independent rsync daemon: modules, the worker pool, the listing cache and the
 * sender phase to plug in after the file list. A network adapter creates one
 * {@link RsyncSession} per connection with {@link #newSession}.
 */
public final class RsyncDaemon implements AutoCloseable {
  private final DaemonConfig config;
  private final Map<String, ModuleRuntime> modules = new LinkedHashMap<>();
  private final ExecutorService workers;
  private final ExecutorService namesWorkers;
  private final ListingService listings;
  private final SenderPhase.Factory senderFactory;

  public RsyncDaemon(DaemonConfig config, SenderPhase.Factory senderFactory) throws IOException {
    this(config, senderFactory, ListingCache.defaults());
  }

  public RsyncDaemon(DaemonConfig config, SenderPhase.Factory senderFactory, ListingCache cache)
      throws IOException {
    this.config = config;
    for (ModuleConfig m : config.modules()) {
      modules.put(m.name(), new ModuleRuntime(m));
    }
    this.workers = pool("rsync-worker-", config.workerThreads());
    // --files-from builds wait for the client's names: they get their own threads, so a
    // client that stalls there can never hold up ordinary listings or disk reads
    this.namesWorkers = pool("rsync-files-from-", config.workerThreads());
    this.listings = new ListingService(workers, namesWorkers, cache);
    this.senderFactory = senderFactory;
  }

  private static ExecutorService pool(String prefix, int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, prefix + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** A daemon whose sessions end after the file list as a native daemon does for --list-only. */
  public static RsyncDaemon listOnly(DaemonConfig config) throws IOException {
    return new RsyncDaemon(config, ListOnlySender::new);
  }

  public RsyncSession newSession(SessionChannel channel) {
    return new RsyncSession(this, channel);
  }

  DaemonConfig config() {
    return config;
  }

  Optional<ModuleRuntime> module(String name) {
    return Optional.ofNullable(modules.get(name));
  }

  Iterable<ModuleRuntime> modules() {
    return modules.values();
  }

  ExecutorService workers() {
    return workers;
  }

  ListingService listings() {
    return listings;
  }

  SenderPhase.Factory senderFactory() {
    return senderFactory;
  }

  public ListingCache cache() {
    return listings.cache();
  }

  /** Live sessions on a module (for tests and metrics). */
  public int activeConnections(String module) {
    ModuleRuntime m = modules.get(module);
    return m == null ? 0 : m.activeConnections();
  }

  @Override
  public void close() {
    workers.shutdownNow();
    namesWorkers.shutdownNow();
  }
}
