package dev.sower.rsync.flist;

import dev.sower.rsync.transfer.WholeFileChecksum;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole-file MD5 of every regular file for {@code -c} (flist.c {@code make_file} calling
 * checksum.c {@code file_checksum}): the listed length, zero-padded if the file shrank, an
 * all-zero sum when it cannot be opened. Files are opened through {@link ModuleRoot} with
 * NOFOLLOW. The calling thread hashes, and up to {@code helpers} tasks on a bounded pool hash
 * alongside it, each claiming the next file: the caller can finish alone if the pool is busy,
 * so it never waits on queued work.
 */
public final class WholeFileSums {
  private static final int READ_BYTES = 256 * 1024;

  private WholeFileSums() {}

  /** Returns {@code entries} with the MD5 of every regular file filled in, in the same order. */
  public static List<FileEntry> fill(ModuleRoot root, List<FileEntry> entries, Executor pool,
      int helpers) throws InterruptedException {
    FileEntry[] out = entries.toArray(new FileEntry[0]);
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(out.length);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Runnable hasher = () -> {
      WholeFileChecksum sums = new WholeFileChecksum(READ_BYTES);
      for (int i; (i = next.getAndIncrement()) < out.length; ) {
        try {
          if (out[i].isRegular() && failure.get() == null) {
            out[i] = out[i].withMd5(sumOf(root, out[i], sums));
          }
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      }
    };
    try {
      for (int h = 0; h < helpers && out.length > 1; h++) {
        pool.execute(hasher);
      }
    } catch (RejectedExecutionException e) {
      // the pool is shutting down: the caller hashes alone
    }
    hasher.run();
    done.await();
    if (failure.get() != null) {
      throw failure.get();
    }
    return Arrays.asList(out);
  }

  private static byte[] sumOf(ModuleRoot root, FileEntry e, WholeFileChecksum sums) {
    try (FileChannel ch = FileChannel.open(root.resolve(e.pathInModule()),
        StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      return sums.of(ch, e.size());
    } catch (IOException ex) {
      return WholeFileChecksum.unreadable();
    }
  }
}
