package dev.sower.torrent.hash;

import dev.sower.dataset.RawPaths;
import dev.sower.torrent.MakeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * SHA-1 of v1 pieces across file boundaries, on all cores. The payloads of all jobs are cut into
 * units of consecutive pieces (about 16 MiB); worker threads take units in payload order, so the
 * disk sees large, nearly sequential reads and every byte is read once. Within a unit, bytes are
 * read in chunks of at least 1 MiB and hashed while still in cache.
 *
 * <p>In strict mode (make) any file that cannot be read, vanished or is shorter than expected fails
 * the run with a {@link MakeException} naming it. In tolerant mode (verify) such pieces are marked
 * unreadable and the file is reported.
 */
public final class PieceHasher {
  private static final long UNIT_BYTES = 16L << 20;
  private static final long CHUNK_BYTES = 1L << 20;

  private final int threads;
  private final boolean tolerant;
  private final LongAdder progress;

  /**
   * @param threads worker threads
   * @param tolerant report unreadable data instead of failing
   * @param progress incremented by the bytes hashed so far
   */
  public PieceHasher(int threads, boolean tolerant, LongAdder progress) {
    this.threads = Math.max(1, threads);
    this.tolerant = tolerant;
    this.progress = progress;
  }

  /**
   * Starts a short background SHA-1 run (16 MiB of zeros, the hashers' code path) so the JIT has
   * compiled SHA-1 to its CPU-instruction intrinsic before the hashers start; call it before
   * scanning. Without it the first tens of megabytes are hashed by interpreted code.
   */
  public static void warmUp() {
    Thread t = new Thread(() -> {
      try {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        ByteBuffer b = ByteBuffer.allocateDirect(64 << 10);
        byte[] out = new byte[20];
        for (int i = 0; i < 1024; i++) {
          b.limit(16 << 10).position(0);
          sha1.update(b);
          sha1.digest(out, 0, 20);
        }
      } catch (NoSuchAlgorithmException | java.security.DigestException e) {
        // the hashers report it
      }
    }, "sower-hash-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /** Hashes all jobs; results in job order. */
  public List<HashResult> hash(List<HashJob> jobs) {
    List<JobState> states = new ArrayList<>();
    List<Unit> units = new ArrayList<>();
    for (HashJob job : jobs) {
      JobState s = new JobState(job);
      states.add(s);
      long unitPieces = Math.max(1, UNIT_BYTES / job.pieceLength());
      for (long p = job.firstPiece(); p < s.pieceCount; p += unitPieces) {
        units.add(new Unit(s, (int) p, (int) Math.min(s.pieceCount, p + unitPieces)));
      }
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    int n = Math.min(threads, Math.max(1, units.size()));
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(() -> work(units, next, failure), "sower-hash-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
    try {
      for (Thread t : workers) {
        t.join();
      }
    } catch (InterruptedException e) {
      failure.compareAndSet(null, new MakeException("interrupted while hashing"));
      for (Thread t : workers) {
        t.interrupt();
      }
      Thread.currentThread().interrupt();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    List<HashResult> results = new ArrayList<>();
    for (JobState s : states) {
      List<String> problems = new ArrayList<>(s.problems);
      Collections.sort(problems);
      results.add(new HashResult(s.pieces, s.unreadable, List.copyOf(problems)));
    }
    return results;
  }

  private void work(List<Unit> units, AtomicInteger next, AtomicReference<RuntimeException> failure) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      failure.compareAndSet(null, new IllegalStateException("no SHA-1 in this JVM", e));
      return;
    }
    ByteBuffer buffer = null;
    while (failure.get() == null) {
      int i = next.getAndIncrement();
      if (i >= units.size()) {
        return;
      }
      Unit u = units.get(i);
      long chunk = Math.max(u.job.pieceLength, CHUNK_BYTES / u.job.pieceLength * u.job.pieceLength);
      if (buffer == null || buffer.capacity() < chunk) {
        // direct: the kernel copies file bytes straight into it, no second copy to the heap
        buffer = ByteBuffer.allocateDirect((int) chunk);
      }
      try {
        hashUnit(u, sha1, buffer, (int) chunk);
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        return;
      }
    }
  }

  private void hashUnit(Unit u, MessageDigest sha1, ByteBuffer buffer, int chunk) {
    JobState s = u.job;
    long pl = s.pieceLength;
    long unitEnd = Math.min(s.total, (long) u.to * pl);
    int piece = u.from;
    long pos = (long) u.from * pl;
    int file = s.fileAt(pos);
    FileReader reader = new FileReader(s, file);
    try {
      while (pos < unitEnd) {
        int len = (int) Math.min(chunk, unitEnd - pos);
        reader.fill(pos, buffer, len);
        // hash the whole pieces in this chunk
        for (int off = 0; off < len; off += (int) pl) {
          int plen = (int) Math.min(pl, len - off);
          buffer.limit(off + plen).position(off);
          sha1.update(buffer);
          try {
            sha1.digest(s.pieces, piece * 20, 20);
          } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
          }
          piece++;
        }
        progress.add(len);
        pos += len;
      }
    } finally {
      reader.close();
    }
  }

  /** Reads consecutive payload bytes, keeping the current file open. */
  private final class FileReader {
    private final JobState s;
    private int file;
    private FileChannel channel;
    private int channelFile = -1;

    FileReader(JobState s, int file) {
      this.s = s;
      this.file = file;
    }

    /** Fills {@code buf[0, len)} with payload bytes from {@code pos}. */
    void fill(long pos, ByteBuffer buf, int len) {
      int done = 0;
      while (done < len) {
        long at = pos + done;
        while (s.starts[file + 1] <= at) {
          file++;
        }
        long inFile = at - s.starts[file];
        int want = (int) Math.min(len - done, s.starts[file + 1] - at);
        int got = read(file, inFile, buf, done, want);
        if (got < want) {
          buf.limit(buf.capacity());
          for (int i = done + got; i < done + want; i++) {
            buf.put(i, (byte) 0);
          }
          markBad(at + got, at + want);
        }
        done += want;
      }
    }

    private int read(int f, long offset, ByteBuffer buf, int off, int len) {
      HashJob.PayloadFile pf = s.job.files().get(f);
      Path path = RawPaths.resolve(s.job.root(), pf.path());
      try {
        if (channelFile != f) {
          close();
          channelFile = f;
          channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }
        ByteBuffer bb = buf.limit(off + len).position(off);
        int got = 0;
        while (got < len) {
          int r = channel.read(bb, offset + got);
          if (r < 0) {
            break;
          }
          got += r;
        }
        if (got < len) {
          problem(pf, "is shorter than " + pf.length() + " bytes (ends at byte "
              + (offset + got) + ")", "has fewer bytes than the scan found ("
              + pf.length() + "): it changed during the make");
        }
        return got;
      } catch (NoSuchFileException e) {
        problem(pf, "is missing", "vanished during the make");
        return 0;
      } catch (IOException e) {
        problem(pf, "cannot be read: " + e, "cannot be read: " + e);
        return 0;
      }
    }

    private void problem(HashJob.PayloadFile pf, String tolerantText, String strictText) {
      String name = RawPaths.printable(pf.path());
      if (!tolerant) {
        throw new MakeException(name + " " + strictText);
      }
      s.problems.add(name + " " + tolerantText);
    }

    private void markBad(long from, long to) {
      int first = (int) (from / s.pieceLength);
      int last = (int) ((to - 1) / s.pieceLength);
      synchronized (s.unreadable) {
        s.unreadable.set(first, last + 1);
      }
    }

    void close() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // read-only channel: nothing to lose
        }
        channel = null;
        channelFile = -1;
      }
    }
  }

  private record Unit(JobState job, int from, int to) {}

  private static final class JobState {
    final HashJob job;
    final long pieceLength;
    final long total;
    final int pieceCount;
    /** starts[i] = payload offset of file i; starts[n] = total. */
    final long[] starts;
    final byte[] pieces;
    final BitSet unreadable = new BitSet();
    final java.util.Set<String> problems = java.util.concurrent.ConcurrentHashMap.newKeySet();

    JobState(HashJob job) {
      this.job = job;
      this.pieceLength = job.pieceLength();
      this.starts = new long[job.files().size() + 1];
      long at = 0;
      for (int i = 0; i < job.files().size(); i++) {
        starts[i] = at;
        at += job.files().get(i).length();
      }
      starts[job.files().size()] = at;
      this.total = at;
      this.pieceCount = job.pieceCount();
      this.pieces = new byte[pieceCount * 20];
    }

    /** Index of the first file with bytes at or after {@code pos}. */
    int fileAt(long pos) {
      int i = Arrays.binarySearch(starts, pos);
      if (i < 0) {
        return -i - 2;
      }
      // several files may start here (empty ones); take the first, fill() skips the empty ones
      while (i > 0 && starts[i - 1] == pos) {
        i--;
      }
      return Math.min(i, job.files().size() - 1);
    }
  }
}
