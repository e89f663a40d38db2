package dev.sower.server.seed;

import java.util.BitSet;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Decides which pieces of a torrent can be announced, without reading data that is known good:
 * a piece is <em>trusted</em> when every file it touches has the same size, mtime and inode as when
 * its pieces were last found good ({@link FileStamps}); every other piece is <em>hashed</em> from
 * disk. Files are stat'ed and pieces hashed on {@code threads} threads.
 */
public final class StartupCheck {
  /** What the check found; {@code stamps} is what to save for the next start. */
  public record Result(BitSet verified, int trusted, int hashed, int failed, long bytesHashed,
      FileStamps stamps, long millis) {}

  private final SeedTorrent torrent;
  private final DatasetReader reader;
  private final int threads;

  public StartupCheck(SeedTorrent torrent, DatasetReader reader, int threads) {
    this.torrent = torrent;
    this.reader = reader;
    this.threads = Math.max(1, threads);
  }

  public Result run(FileStamps saved) {
    long t0 = System.nanoTime();
    FileTable files = torrent.files();
    int fileCount = files.count();
    FileStamps current = new FileStamps(fileCount);
    BitSet fileTrusted = new BitSet(fileCount);
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      pool.submit(() -> IntStream.range(0, fileCount).parallel().forEach(f -> {
        if (files.size(f) > 0) {
          FileStat.stat(reader.resolve(files.path(f)), f, current);
        }
      })).join();
      for (int f = 0; f < fileCount; f++) {
        if (files.size(f) == 0 || (current.sameAs(f, saved) && current.known(f)
            && sizeOf(current, f) == files.size(f))) {
          fileTrusted.set(f);
        }
      }
      int pieces = torrent.pieceCount();
      BitSet verified = new BitSet(pieces);
      BitSet toHash = new BitSet(pieces);
      for (int p = 0; p < pieces; p++) {
        int first = torrent.firstFileOf(p);
        int last = torrent.lastFileOf(p);
        int untrusted = fileTrusted.nextClearBit(first);
        if (untrusted > last) {
          verified.set(p);
        } else {
          toHash.set(p);
        }
      }
      int trusted = verified.cardinality();
      AtomicInteger failed = new AtomicInteger();
      AtomicLong bytes = new AtomicLong();
      BitSet hashedGood = new BitSet(pieces);
      pool.submit(() -> toHash.stream().parallel().forEach(p -> {
        boolean good = new PieceHasher(torrent, reader).matches(p);
        bytes.addAndGet(torrent.pieceSize(p));
        if (good) {
          synchronized (hashedGood) {
            hashedGood.set(p);
          }
        } else {
          failed.incrementAndGet();
        }
      })).join();
      verified.or(hashedGood);
      FileStamps next = new FileStamps(fileCount);
      for (int f = 0; f < fileCount; f++) {
        long size = files.size(f);
        if (size == 0 || !current.known(f) || sizeOf(current, f) != size) {
          continue;
        }
        int firstPiece = (int) (files.start(f) / torrent.pieceLength());
        int lastPiece = (int) ((files.start(f) + size - 1) / torrent.pieceLength());
        if (verified.nextClearBit(firstPiece) > lastPiece) {
          next.copyFrom(f, current);
        }
      }
      return new Result(verified, trusted, toHash.cardinality(), failed.get(), bytes.get(), next,
          (System.nanoTime() - t0) / 1_000_000);
    } finally {
      pool.shutdown();
    }
  }

  private static long sizeOf(FileStamps stamps, int file) {
    return stamps.size(file);
  }
}
