package dev.sower.rsync.daemon;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the configured {@link RsyncListener} so that nothing it throws reaches a session: the
 * first failure is logged as a warning with its stack, later ones at debug level. Every
 * listener is wrapped, {@link RsyncListener#NONE} too, so the sessions' call sites always see
 * this one class: the code the {@link SenderWarmUp} compiled stays valid whatever listener
 * the daemon serves with.
 */
final class GuardedListener implements RsyncListener {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedListener.class);

  private final RsyncListener inner;
  private final AtomicBoolean warned = new AtomicBoolean();

  private GuardedListener(RsyncListener inner) {
    this.inner = inner;
  }

  static RsyncListener of(RsyncListener listener) {
    if (listener == null) {
      return new GuardedListener(NONE);
    }
    return listener instanceof GuardedListener ? listener : new GuardedListener(listener);
  }

  @Override
  public void rejected(Rejection reason) {
    run(() -> inner.rejected(reason));
  }

  @Override
  public SessionListener sessionStarted(String module) {
    SessionListener s = call(() -> inner.sessionStarted(module));
    return new Session(s == null ? SessionListener.NONE : s);
  }

  private void run(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private <T> T call(Supplier<T> s) {
    try {
      return s.get();
    } catch (RuntimeException e) {
      failed(e);
      return null;
    }
  }

  private void failed(RuntimeException e) {
    if (warned.compareAndSet(false, true)) {
      LOG.warn("the rsync listener failed (ignored; later failures are logged at debug)", e);
    } else {
      LOG.debug("the rsync listener failed (ignored)", e);
    }
  }

  /** The guarded listener of one session. */
  private final class Session implements SessionListener {
    private final SessionListener inner;

    Session(SessionListener inner) {
      this.inner = inner;
    }

    @Override
    public void sent(long bytes) {
      run(() -> inner.sent(bytes));
    }

    @Override
    public void fileSent() {
      run(inner::fileSent);
    }

    @Override
    public void fileListBuilt(Duration took, long entries) {
      run(() -> inner.fileListBuilt(took, entries));
    }

    @Override
    public void error(ErrorKind kind) {
      run(() -> inner.error(kind));
    }

    @Override
    public void ended(Result result) {
      run(() -> inner.ended(result));
    }
  }
}
