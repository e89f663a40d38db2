package dev.sower.torrent;

import java.util.concurrent.atomic.LongAdder;

/** Progress of a make or verify, polled by whoever displays it. Thread-safe. */
public final class Progress {
  private final LongAdder done = new LongAdder();
  private volatile long total;
  private volatile String phase = "starting";

  /** Bytes hashed so far, added to by the hasher. */
  public LongAdder doneCounter() {
    return done;
  }

  public long done() {
    return done.sum();
  }

  public long total() {
    return total;
  }

  public String phase() {
    return phase;
  }

  void start(String phase, long total) {
    this.phase = phase;
    this.total = total;
    done.reset();
  }

  void phase(String phase) {
    this.phase = phase;
  }
}
