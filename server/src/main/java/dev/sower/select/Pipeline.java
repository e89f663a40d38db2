package dev.sower.select;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a {@link MetadataSource} on its own thread (decompression is the costliest step) and hands
 * its lines, in order, to a handler on the calling thread, so reading and parsing use two cores.
 * Lines travel in a fixed number of reused chunks: memory stays bounded whatever the input size.
 */
final class Pipeline {
  /** Chunk payload size; a longer line travels alone in a chunk of its own size. */
  static final int CHUNK_BYTES = 1 << 20;
  private static final int CHUNKS = 4;

  private Pipeline() {}

  /** Streams {@code source} into {@code handler}; returns the number of lines read. */
  static long run(MetadataSource source, LineHandler handler) throws SelectException {
    BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1);
    BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
    for (int i = 0; i < CHUNKS; i++) {
      free.add(new Chunk(CHUNK_BYTES));
    }
    Producer producer = new Producer(source, full, free);
    Thread reader = new Thread(producer, "sower-select-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      while (true) {
        Chunk c = take(full);
        if (c.end) {
          if (c.failure != null) {
            throw c.failure;
          }
          return c.totalLines;
        }
        c.replay(handler);
        if (c.data.length == CHUNK_BYTES) {
          c.clear();
          free.offer(c);
        }
      }
    } finally {
      producer.cancelled = true;
      reader.interrupt();
    }
  }

  private static Chunk take(BlockingQueue<Chunk> q) throws SelectException {
    try {
      return q.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SelectException("interrupted", e);
    }
  }

  /** Runs the source on the reader thread, filling chunks. */
  private static final class Producer implements Runnable, LineHandler {
    private final MetadataSource source;
    private final BlockingQueue<Chunk> full;
    private final BlockingQueue<Chunk> free;
    volatile boolean cancelled;
    private Chunk current;

    Producer(MetadataSource source, BlockingQueue<Chunk> full, BlockingQueue<Chunk> free) {
      this.source = source;
      this.full = full;
      this.free = free;
    }

    @Override
    public void run() {
      Chunk end = new Chunk(0);
      end.end = true;
      try {
        end.totalLines = source.read(this);
        flush();
      } catch (SelectException e) {
        end.failure = e;
      } catch (RuntimeException | Error e) {
        end.failure = new SelectException("reading failed: " + e, e);
      }
      try {
        while (!cancelled && !full.offer(end, 100, TimeUnit.MILLISECONDS)) {
          // the consumer is busy; keep trying until it takes the end or gives up
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void line(String source, long lineNo, byte[] buf, int off, int len) throws SelectException {
      if (current != null && !current.fits(source, len)) {
        flush();
      }
      if (current == null) {
        current = len > CHUNK_BYTES ? new Chunk(len) : obtain();
      }
      current.add(source, lineNo, buf, off, len);
    }

    private Chunk obtain() throws SelectException {
      try {
        Chunk c;
        while ((c = free.poll(100, TimeUnit.MILLISECONDS)) == null) {
          checkCancelled();
        }
        return c;
      } catch (InterruptedException e) {
        throw new SelectException("interrupted", e);
      }
    }

    private void flush() throws SelectException {
      if (current == null) {
        return;
      }
      try {
        while (!full.offer(current, 100, TimeUnit.MILLISECONDS)) {
          checkCancelled();
        }
      } catch (InterruptedException e) {
        throw new SelectException("interrupted", e);
      }
      current = null;
    }

    private void checkCancelled() throws SelectException {
      if (cancelled) {
        throw new SelectException("cancelled");
      }
    }
  }

  /** Consecutive lines of one source, packed into one buffer. */
  private static final class Chunk {
    final byte[] data;
    int used;
    int count;
    int[] starts = new int[1024];
    int[] lengths = new int[1024];
    long[] lineNos = new long[1024];
    String source;
    boolean end;
    long totalLines;
    SelectException failure;

    Chunk(int bytes) {
      this.data = new byte[bytes];
    }

    boolean fits(String src, int len) {
      return src.equals(source) && used + len <= data.length;
    }

    void add(String src, long lineNo, byte[] buf, int off, int len) {
      source = src;
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        lengths = Arrays.copyOf(lengths, count * 2);
        lineNos = Arrays.copyOf(lineNos, count * 2);
      }
      System.arraycopy(buf, off, data, used, len);
      starts[count] = used;
      lengths[count] = len;
      lineNos[count] = lineNo;
      count++;
      used += len;
    }

    void replay(LineHandler handler) throws SelectException {
      for (int i = 0; i < count; i++) {
        handler.line(source, lineNos[i], data, starts[i], lengths[i]);
      }
    }

    void clear() {
      used = 0;
      count = 0;
      source = null;
    }
  }
}
