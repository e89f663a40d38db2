package dev.sower.rsync.daemon;

import dev.sower.rsync.transfer.ChunkedSink;
import dev.sower.rsync.transfer.TransferSink;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The session's output sink: {@link #flush()} (called by the file sender after every file) is
 * ignored so that many small files share chunks; the session calls {@link #flushNow()} when
 * no request is waiting or before a message frame must follow the data in order.
 */
final class DeferredFlushSink implements TransferSink {
  private final ChunkedSink chunks;

  DeferredFlushSink(ChunkedSink chunks) {
    this.chunks = chunks;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    chunks.write(b, off, len);
  }

  @Override
  public void writeDirect(int len, Filler filler) throws IOException {
    chunks.writeDirect(len, filler);
  }

  @Override
  public ByteBuffer room(int min) throws IOException {
    return chunks.room(min);
  }

  @Override
  public void commit(int n) throws IOException {
    chunks.commit(n);
  }

  @Override
  public void flush() {
    // deferred: see flushNow
  }

  void flushNow() throws IOException {
    chunks.flush();
  }
}
