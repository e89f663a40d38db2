package dev.sower.rsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GuardedListenerTest {
  /** The sessions' call sites see one listener class whatever the daemon was given. */
  @Test
  void everyListenerNoneAndNullIncludedIsWrappedInTheSameClass() {
    AtomicInteger files = new AtomicInteger();
    RsyncListener counting = new RsyncListener() {
      @Override
      public SessionListener sessionStarted(String module) {
        return new SessionListener() {
          @Override
          public void fileSent() {
            files.incrementAndGet();
          }
        };
      }
    };
    SessionListener a = GuardedListener.of(counting).sessionStarted("m");
    SessionListener b = GuardedListener.of(RsyncListener.NONE).sessionStarted("m");
    SessionListener c = GuardedListener.of(null).sessionStarted("m");
    assertThat(b.getClass()).isEqualTo(a.getClass()).isEqualTo(c.getClass());
    a.fileSent();
    b.fileSent();
    c.fileSent();
    assertThat(files).hasValue(1);
  }

  @Test
  void aThrowingListenerNeverReachesTheSession() {
    RsyncListener broken = new RsyncListener() {
      @Override
      public SessionListener sessionStarted(String module) {
        throw new IllegalStateException("broken");
      }
    };
    SessionListener s = GuardedListener.of(broken).sessionStarted("m");
    s.fileSent();
    s.ended(SessionListener.Result.OK);
  }
}
