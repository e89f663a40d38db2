package dev.sower.server.bt;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Tells the message dispatcher that there is work: inbound bytes were read from a peer, or a
 * block a peer asked for is ready to send. A flag plus park/unpark, so a signal given while the
 * dispatcher is busy is never lost: the dispatcher clears the flag before each pass and parks
 * only while it is still clear.
 */
final class DispatchWakeup {
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile Thread waiter;

  /** Work is queued (call after queueing it). */
  void signal() {
    if (!pending.getAndSet(true)) {
      Thread t = waiter;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  /** Before a pass: forgets signals for work the pass is about to see. */
  void clear() {
    pending.set(false);
  }

  /**
   * After a pass that found nothing: waits until a signal given since {@link #clear()}, at most
   * {@code nanos} (returns at once if one was given meanwhile, or spuriously).
   */
  void await(long nanos) {
    waiter = Thread.currentThread();
    if (!pending.get()) {
      LockSupport.parkNanos(this, nanos);
    }
  }
}
