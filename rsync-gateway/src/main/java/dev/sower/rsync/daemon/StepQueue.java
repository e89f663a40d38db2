package dev.sower.rsync.daemon;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * The session's decoded requests waiting for its sending thread: a bounded FIFO run in order,
 * one step at a time, on a pool thread. The network side asks {@link #full()} before decoding
 * another request; when it had to hold input back, {@link #room} is called once the queue has
 * drained to half its bounds, so the session reads again.
 */
final class StepQueue {
  /** Carries out one step on the sending thread. */
  interface Runner {
    /**
     * @param moreQueued whether further steps are already waiting (the runner may keep its
     *     output buffered until the queue runs dry)
     */
    void run(SendStep step, boolean moreQueued);
  }

  private final Object lock = new Object();
  private final ArrayDeque<SendStep> steps = new ArrayDeque<>();
  private final Executor executor;
  private final Runner runner;
  private final Runnable room;
  private final int maxSteps;
  private final long maxSumBytes;
  private long sumBytes;
  private boolean running;
  private boolean heldBack;
  private boolean closed;

  StepQueue(Executor executor, Runner runner, Runnable room, int maxSteps, long maxSumBytes) {
    this.executor = executor;
    this.runner = runner;
    this.room = room;
    this.maxSteps = maxSteps;
    this.maxSumBytes = maxSumBytes;
  }

  /** Whether the network side must stop decoding (and remembers that it did). */
  boolean full() {
    synchronized (lock) {
      boolean full = steps.size() >= maxSteps || sumBytes >= maxSumBytes;
      heldBack |= full;
      return full;
    }
  }

  /** Whether input is being held back until the queue drains. */
  boolean holdingBack() {
    synchronized (lock) {
      return heldBack;
    }
  }

  void add(SendStep step) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      steps.add(step);
      sumBytes += sumBytes(step);
      if (!running) {
        running = true;
        executor.execute(this::drain);
      }
    }
  }

  /** Up to {@code max} of the steps waiting after the one running now, in order. */
  java.util.List<SendStep> upcoming(int max) {
    synchronized (lock) {
      java.util.List<SendStep> out = new java.util.ArrayList<>(Math.min(max, steps.size()));
      for (SendStep s : steps) {
        if (out.size() >= max) {
          break;
        }
        out.add(s);
      }
      return out;
    }
  }

  /** Drops what is queued and runs nothing more. */
  void close() {
    synchronized (lock) {
      closed = true;
      steps.clear();
      sumBytes = 0;
    }
  }

  private static long sumBytes(SendStep step) {
    return step instanceof SendStep.Transfer t ? t.sumBytes() : 0;
  }

  private void drain() {
    while (true) {
      SendStep step;
      boolean more;
      synchronized (lock) {
        step = closed ? null : steps.poll();
        if (step == null) {
          running = false;
          return;
        }
        more = !steps.isEmpty();
      }
      runner.run(step, more);
      boolean wake = false;
      synchronized (lock) {
        sumBytes -= sumBytes(step);
        if (heldBack && !closed && steps.size() <= maxSteps / 2 && sumBytes <= maxSumBytes / 2) {
          heldBack = false;
          wake = true;
        }
      }
      if (wake) {
        room.run();
      }
    }
  }
}
