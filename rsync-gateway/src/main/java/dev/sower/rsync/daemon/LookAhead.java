package dev.sower.rsync.daemon;

import dev.sower.rsync.flist.FileEntry;
import dev.sower.rsync.flist.ModuleRoot;
import dev.sower.rsync.flist.PosixStat;
import dev.sower.rsync.transfer.LookAheadCompressor;
import dev.sower.rsync.transfer.PrecompressedFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compresses the session's next new files ({@code -z}, no block sums, no append) on threads of
 * its own while the sending thread sends the current one. rsync resets its deflate stream at
 * every file, so a file made ahead is byte for byte the stream the sending thread would make.
 *
 * <p>The sending thread {@link #plan}s requests already queued and {@link #take}s a file's result
 * when its turn comes. The result is used only when the file is unchanged since (same device,
 * inode, size and modification time by {@code lstat}, same length through the channel the
 * sending thread opened in order, as today); otherwise, or when the look-ahead has not started
 * the file, failed to open or read it, or exceeded its output bound, the file is sent inline,
 * so errors are reported exactly as without look-ahead, in order.
 *
 * <p>Several files are made at once, one per look-ahead thread (each with its own compressor),
 * and the sending thread compresses inline any file whose turn comes before a look-ahead
 * thread started it, so with two threads up to three files are being deflated at a time.
 * Memory per session: at most {@code maxFiles} results of at most the compressors' output
 * bound each, and per thread one deflater and one window. The threads are the session's own,
 * made when first needed and gone after 5 s idle; {@link #close()} cancels queued and running
 * work.
 */
final class LookAhead implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LookAhead.class);
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int CANCELLED = 2;

  /** What was made for one file, with the file's identity when it was read. */
  record Prepared(PrecompressedFile file, long dev, long ino, long size, long mtime,
      int mtimeNsec) {
    boolean sameFile(PosixStat st, long openedLength) {
      return st.dev() == dev && st.ino() == ino && st.size() == size && st.mtime() == mtime
          && st.mtimeNsec() == mtimeNsec && openedLength == file.result().length();
    }

    /**
     * Whether the file the sending thread opened at {@code resolved}, {@code openedLength}
     * bytes long, is still the one read ahead (else it is sent inline, as without look-ahead).
     */
    boolean stillValid(ModuleRoot root, Path resolved, long openedLength) {
      try {
        return sameFile(root.lstat(resolved), openedLength);
      } catch (IOException e) {
        return false;
      }
    }
  }

  /** Where a request's file is, and whether it is one the look-ahead may make. */
  interface Planner {
    /** The path inside the module to read ahead, or {@code null} when the step is not eligible. */
    byte[] eligiblePath(SendStep.Transfer step);

    /** Whether the file matches the skip-compress list. */
    boolean lowCompression(SendStep.Transfer step);
  }

  private final Supplier<ModuleRoot> roots;
  private final Planner planner;
  /** One compressor per look-ahead thread, taken by a job for its file. */
  private final ArrayBlockingQueue<LookAheadCompressor> compressors;
  private final int maxFiles;
  private final ArrayDeque<Job> jobs = new ArrayDeque<>();
  private final ThreadPoolExecutor thread;
  private volatile boolean closed;

  /**
   * @param compressors one per look-ahead thread, used by those threads only from now on;
   *                    closed by {@link #close()}
   * @param maxFiles    results made or being made at a time
   */
  LookAhead(Supplier<ModuleRoot> roots, Planner planner, List<LookAheadCompressor> compressors,
      int maxFiles) {
    this.roots = roots;
    this.planner = planner;
    this.compressors = new ArrayBlockingQueue<>(compressors.size(), false, compressors);
    this.maxFiles = maxFiles;
    int threads = compressors.size();
    this.thread = new ThreadPoolExecutor(threads, threads, 5, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, "rsync-zahead");
          t.setDaemon(true);
          return t;
        });
    thread.allowCoreThreadTimeOut(true);
  }

  /** How many steps to look at per {@link #plan} call. */
  int window() {
    return maxFiles * 4;
  }

  /**
   * Starts work on eligible requests among {@code upcoming} (the steps queued after the current
   * one, in order) until {@code maxFiles} are outstanding. Sending thread only.
   */
  void plan(List<SendStep> upcoming) {
    for (SendStep s : upcoming) {
      if (closed || jobs.size() >= maxFiles) {
        return;
      }
      if (!(s instanceof SendStep.Transfer t) || planned(t)) {
        continue;
      }
      byte[] path = planner.eligiblePath(t);
      if (path == null) {
        continue;
      }
      Job j = new Job(t, path, planner.lowCompression(t));
      try {
        thread.execute(j);
      } catch (RejectedExecutionException e) {
        return; // closed meanwhile
      }
      jobs.add(j);
    }
  }

  private boolean planned(SendStep.Transfer t) {
    for (Job j : jobs) {
      if (j.step == t) {
        return true;
      }
    }
    return false;
  }

  /**
   * The result made for {@code t} if it was planned and started, waiting for it if it is being
   * made; {@code null} otherwise (then the work is cancelled). Sending thread only, for every
   * transfer step in order.
   */
  Prepared take(SendStep.Transfer t) {
    Job j = jobs.peek();
    if (j == null || j.step != t) {
      return null;
    }
    jobs.poll();
    if (j.state.compareAndSet(QUEUED, CANCELLED)) {
      return null;
    }
    return j.result.join();
  }

  /** Waits until every planned file not yet taken is made or given up (tests). */
  void awaitPlanned() {
    for (Job j : jobs) {
      j.result.join();
    }
  }

  /**
   * Cancels the work: queued files are skipped, the file being made stops at its next window
   * slide, then the compressor is closed on the look-ahead thread and the thread ends. Any
   * thread; never blocks.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      // the compressors idle now; a job still using one closes it when it gives it back
      thread.execute(this::closeIdleCompressors);
    } catch (RejectedExecutionException e) {
      // already shut down
    }
    thread.shutdown();
  }

  /** Something done with a compressor of the pool. */
  @FunctionalInterface
  private interface CompressorUse<T> {
    T apply(LookAheadCompressor c) throws IOException;
  }

  /** Runs {@code use} with a compressor of the pool; {@code null} when there is none (closed). */
  private <T> T withCompressor(CompressorUse<T> use) throws IOException {
    LookAheadCompressor c = compressors.poll(); // one per thread: always there until closed
    if (c == null) {
      return null;
    }
    try {
      return use.apply(c);
    } finally {
      compressors.add(c);
      if (closed) {
        closeIdleCompressors();
      }
    }
  }

  private void closeIdleCompressors() {
    for (LookAheadCompressor c = compressors.poll(); c != null; c = compressors.poll()) {
      c.close();
    }
  }

  private final class Job implements Runnable {
    final SendStep.Transfer step;
    final byte[] path;
    final boolean low;
    final AtomicInteger state = new AtomicInteger(QUEUED);
    final CompletableFuture<Prepared> result = new CompletableFuture<>();

    Job(SendStep.Transfer step, byte[] path, boolean low) {
      this.step = step;
      this.path = path;
      this.low = low;
    }

    @Override
    public void run() {
      if (!state.compareAndSet(QUEUED, RUNNING)) {
        return;
      }
      Prepared p = null;
      try {
        p = closed ? null : prepare();
      } catch (IOException | RuntimeException e) {
        LOG.debug("look-ahead gave up a file: {}", e.toString());
      } finally {
        result.complete(p);
      }
    }

    private Prepared prepare() throws IOException {
      ModuleRoot root = roots.get();
      if (root == null) {
        return null;
      }
      Path resolved = root.resolve(path);
      PosixStat before = root.lstat(resolved);
      if (!before.isRegular()) {
        return null;
      }
      try (FileChannel ch = FileChannel.open(resolved, StandardOpenOption.READ,
          LinkOption.NOFOLLOW_LINKS)) {
        long length = ch.size();
        if (length != before.size()) {
          return null;
        }
        PrecompressedFile f = withCompressor(c -> c.compress(ch, length, low, () -> closed));
        if (f == null) {
          return null;
        }
        Prepared p = new Prepared(f, before.dev(), before.ino(), before.size(), before.mtime(),
            before.mtimeNsec());
        return p.sameFile(root.lstat(resolved), length) ? p : null;
      }
    }
  }
}
