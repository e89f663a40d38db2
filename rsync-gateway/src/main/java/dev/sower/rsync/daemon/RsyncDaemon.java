package dev.sower.rsync.daemon;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
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
  private final ExecutorService senders;
  private final ListingService listings;
  private final SenderPhase.Factory senderFactory;
  private final RsyncListener listener;

  public RsyncDaemon(DaemonConfig config, SenderPhase.Factory senderFactory) throws IOException {
    this(config, senderFactory, ListingCache.defaults(), RsyncListener.NONE);
  }

  public RsyncDaemon(DaemonConfig config, SenderPhase.Factory senderFactory, ListingCache cache)
      throws IOException {
    this(config, senderFactory, cache, RsyncListener.NONE);
  }

  /** A daemon reporting refused connections and sessions to {@code listener}. */
  public RsyncDaemon(DaemonConfig config, SenderPhase.Factory senderFactory, ListingCache cache,
      RsyncListener listener) throws IOException {
    this.config = config;
    this.listener = GuardedListener.of(listener);
    for (ModuleConfig m : config.modules()) {
      modules.put(m.name(), new ModuleRuntime(m));
    }
    this.workers = pool("rsync-worker-", config.workerThreads());
    // --files-from builds wait for the client's names: they get their own threads, so a
    // client that stalls there can never hold up ordinary listings or disk reads
    this.namesWorkers = pool("rsync-files-from-", config.workerThreads());
    this.listings = new ListingService(workers, namesWorkers, cache);
    // one sending thread per session at most while it has requests; it blocks on slow clients
    this.senders = elastic("rsync-sender-");
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

  private static ExecutorService elastic(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, prefix + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** A daemon that serves file data as a native daemon does (the sender of issue #6). */
  public static RsyncDaemon serving(DaemonConfig config) throws IOException {
    return new RsyncDaemon(config, FileTransferSender::create);
  }

  /** {@link #serving(DaemonConfig)} reporting to {@code listener} (e.g. the server's metrics). */
  public static RsyncDaemon serving(DaemonConfig config, RsyncListener listener)
      throws IOException {
    return new RsyncDaemon(config, FileTransferSender::create, ListingCache.defaults(), listener);
  }

  /** A daemon whose sessions end after the file list as a native daemon does for --list-only. */
  public static RsyncDaemon listOnly(DaemonConfig config) throws IOException {
    return new RsyncDaemon(config, ListOnlySender::create);
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

  ExecutorService senders() {
    return senders;
  }

  ListingService listings() {
    return listings;
  }

  /** The listener, guarded: it never throws. */
  RsyncListener listener() {
    return listener;
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
    senders.shutdownNow();
  }

  /** {@link #close}, then waits up to {@code wait} in all for the threads to end. */
  public void closeAndWait(java.time.Duration wait) throws InterruptedException {
    close();
    long deadline = System.nanoTime() + wait.toNanos();
    for (ExecutorService e : new ExecutorService[] {workers, namesWorkers, senders}) {
      e.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }
}
