package dev.sower.rsync.daemon;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The --files-from names on their way from the network thread to the list builder: a
 * bounded queue (the network side stops reading when it is full and resumes when the builder
 * drains it), so millions of names stream through a fixed amount of memory.
 */
final class NameQueue {
  /** Called (outside the lock) when the queue has room again. */
  interface Drained {
    void onRoom();
  }

  private final int capacity;
  private final ArrayDeque<byte[]> names = new ArrayDeque<>();
  private final Drained drained;
  private boolean ended;
  private boolean aborted;
  private boolean waitingForRoom;

  NameQueue(int capacity, Drained drained) {
    this.capacity = capacity;
    this.drained = drained;
  }

  /** Adds a name; false (name not added) when full. */
  synchronized boolean offer(byte[] name) {
    if (names.size() >= capacity) {
      waitingForRoom = true;
      return false;
    }
    names.add(name);
    notifyAll();
    return true;
  }

  synchronized void end() {
    ended = true;
    notifyAll();
  }

  synchronized void abort() {
    aborted = true;
    notifyAll();
  }

  /** The next name, or empty at the end of the list; blocks the (worker) caller. */
  Optional<byte[]> take() throws InterruptedException {
    byte[] n;
    boolean wake;
    synchronized (this) {
      while (names.isEmpty() && !ended && !aborted) {
        wait();
      }
      if (aborted) {
        throw new InterruptedException("session closed");
      }
      n = names.poll();
      wake = waitingForRoom && names.size() <= capacity / 2;
      if (wake) {
        waitingForRoom = false;
      }
    }
    if (wake) {
      drained.onRoom();
    }
    return Optional.ofNullable(n);
  }
}
