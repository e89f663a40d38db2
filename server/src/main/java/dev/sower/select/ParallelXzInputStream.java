package dev.sower.select;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.SeekableFileInputStream;
import org.tukaani.xz.SeekableXZInputStream;

/**
 * Decompresses an xz file made of several independent blocks (as {@code xz -T}, {@code pixz} or
 * {@code pxz} write them) on several threads, returning the bytes in order. Each worker has its own
 * seekable decoder; at most {@code threads + 1} decoded blocks are held at once, so memory stays
 * bounded by the block size (files whose blocks exceed {@link #MAX_BLOCK} are not taken). A file
 * of one block (plain {@code xz}) gains nothing: use the streaming decoder for it.
 */
final class ParallelXzInputStream extends InputStream {
  /** Largest block decoded in one piece; {@code xz -T} at -6 writes 24 MiB blocks. */
  static final long MAX_BLOCK = 32L << 20;

  private final ExecutorService pool;
  private final List<SeekableXZInputStream> decoders = new ArrayList<>();
  private final ThreadLocal<SeekableXZInputStream> decoder;
  private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
  private final int blocks;
  private final int window;
  private int nextBlock;
  private byte[] current = new byte[0];
  private int pos;
  private boolean closed;

  private ParallelXzInputStream(Path file, int blocks, int threads) {
    this.blocks = blocks;
    this.window = threads + 1;
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sower-select-xz");
      t.setDaemon(true);
      return t;
    });
    this.decoder = ThreadLocal.withInitial(() -> {
      try {
        // Each worker reuses its dictionary and buffers from block to block.
        SeekableXZInputStream s = new SeekableXZInputStream(new SeekableFileInputStream(file.toFile()),
            -1, new BasicArrayCache());
        synchronized (decoders) {
          decoders.add(s);
        }
        return s;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /**
   * A parallel decoder for {@code file} when it is an xz file of at least two blocks none larger
   * than {@link #MAX_BLOCK} and more than one thread is worth using; otherwise null.
   */
  static ParallelXzInputStream openIfWorthwhile(Path file, int threads) {
    if (threads < 2) {
      return null;
    }
    try (SeekableXZInputStream probe = new SeekableXZInputStream(new SeekableFileInputStream(file.toFile()))) {
      int n = probe.getBlockCount();
      if (n < 2 || probe.getLargestBlockSize() > MAX_BLOCK) {
        return null;
      }
      return new ParallelXzInputStream(file, n, threads);
    } catch (IOException | RuntimeException e) {
      // Not seekable xz (truncated, corrupt index, ...): the streaming decoder reports it.
      return null;
    }
  }

  private void fill() {
    while (inFlight.size() < window && nextBlock < blocks) {
      int block = nextBlock++;
      inFlight.add(pool.submit(() -> decode(block)));
    }
  }

  private byte[] decode(int block) throws IOException {
    SeekableXZInputStream s = decoder.get();
    s.seekToBlock(block);
    byte[] out = new byte[(int) s.getBlockSize(block)];
    int got = 0;
    while (got < out.length) {
      int n = s.read(out, got, out.length - got);
      if (n < 0) {
        throw new EOFException("xz block " + block + " ends early");
      }
      got += n;
    }
    return out;
  }

  private boolean advance() throws IOException {
    while (pos >= current.length) {
      fill();
      Future<byte[]> next = inFlight.poll();
      if (next == null) {
        return false;
      }
      try {
        current = next.get();
        pos = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof java.io.UncheckedIOException u) {
          c = u.getCause();
        }
        if (c instanceof IOException io) {
          throw io;
        }
        throw new IOException("xz decoding failed: " + c, c);
      }
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    return advance() ? current[pos++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    if (!advance()) {
      return -1;
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    pool.shutdownNow();
    synchronized (decoders) {
      for (SeekableXZInputStream s : decoders) {
        s.close();
      }
    }
  }
}
