package dev.sower.server;

import dev.sower.server.bt.AnnounceListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Hands announces to a listener attached after seeding started (the metrics are bound once the
 * daemon runs, while Bt announces as soon as a torrent starts): until then it keeps up to
 * {@value #MAX_WAITING} announces, dropping the oldest.
 */
public final class AnnounceRelay implements AnnounceListener {
  static final int MAX_WAITING = 10_000;

  private record Announce(String infoHashHex, String trackerUrl, Outcome outcome, Duration took) {}

  private final Deque<Announce> waiting = new ArrayDeque<>();
  private AnnounceListener target;

  @Override
  public void announced(String infoHashHex, String trackerUrl, Outcome outcome, Duration took) {
    AnnounceListener t;
    synchronized (this) {
      t = target;
      if (t == null) {
        if (waiting.size() == MAX_WAITING) {
          waiting.removeFirst();
        }
        waiting.addLast(new Announce(infoHashHex, trackerUrl, outcome, took));
        return;
      }
    }
    t.announced(infoHashHex, trackerUrl, outcome, took);
  }

  /** From now on every announce goes to {@code listener}, starting with those kept so far. */
  public synchronized void attach(AnnounceListener listener) {
    for (Announce a : waiting) {
      listener.announced(a.infoHashHex(), a.trackerUrl(), a.outcome(), a.took());
    }
    waiting.clear();
    target = listener;
  }
}
