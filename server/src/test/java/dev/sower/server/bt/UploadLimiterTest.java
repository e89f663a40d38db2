package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UploadLimiterTest {
  private static final long MS = 1_000_000L;
  private final AtomicLong clock = new AtomicLong(5_000 * MS);

  @Test
  void theBurstGoesAtOnceThenBlocksFollowAtTheRate() {
    // 1 MB/s with 64 kB of burst: four 16 kB blocks now, then one every 16 ms.
    UploadLimiter limiter = new UploadLimiter(1_000_000, 64_000, clock::get);
    for (int i = 0; i < 4; i++) {
      assertThat(limiter.reserve(16_000)).isZero();
    }
    assertThat(limiter.reserve(16_000)).isEqualTo(0);
    assertThat(limiter.reserve(16_000)).isEqualTo(16 * MS);
    assertThat(limiter.reserve(16_000)).isEqualTo(32 * MS);
  }

  @Test
  void reservationsAreSpacedByTheRateWhateverTheArrivalPattern() {
    UploadLimiter limiter = new UploadLimiter(2_000_000, 0, clock::get);
    long last = 0;
    for (int i = 0; i < 100; i++) {
      long wait = limiter.reserve(20_000);
      assertThat(wait).isEqualTo(i * 10 * MS);
      last = wait;
    }
    // 100 blocks of 20 kB at 2 MB/s: the last may go after 990 ms, i.e. 2 MB in 1 s.
    assertThat(last).isEqualTo(990 * MS);
  }

  @Test
  void idleTimeEarnsCreditOnlyUpToTheBurst() {
    UploadLimiter limiter = new UploadLimiter(1_000_000, 50_000, clock::get);
    clock.addAndGet(60_000 * MS); // a minute idle
    assertThat(limiter.reserve(50_000)).isZero();
    assertThat(limiter.reserve(10_000)).isEqualTo(0);
    assertThat(limiter.reserve(10_000)).isEqualTo(10 * MS);
  }

  @Test
  void waitingShrinksAsTimePasses() {
    UploadLimiter limiter = new UploadLimiter(1_000_000, 0, clock::get);
    assertThat(limiter.reserve(100_000)).isZero();
    assertThat(limiter.reserve(100_000)).isEqualTo(100 * MS);
    clock.addAndGet(150 * MS);
    assertThat(limiter.reserve(100_000)).isEqualTo(50 * MS);
    clock.addAndGet(1_000 * MS);
    assertThat(limiter.reserve(100_000)).isZero();
  }

  @Test
  void theLongRunAverageIsTheRate() {
    // Blocks arrive faster than the rate for 10 simulated seconds; count what may go by then.
    UploadLimiter limiter = new UploadLimiter(3_000_000, 100_000, clock::get);
    long start = clock.get();
    long sent = 0;
    while (true) {
      long sendAt = clock.get() + limiter.reserve(16_384);
      if (sendAt - start > 10_000 * MS) {
        break;
      }
      sent += 16_384;
      clock.set(Math.max(sendAt, clock.get() + MS / 4)); // waits as told, or 0.25 ms
    }
    // rate * T, plus at most the burst and the block that starts exactly at T
    assertThat(sent).isBetween(30_000_000L - 16_384, 30_000_000L + 100_000 + 16_384);
  }

  @Test
  void concurrentReservationsNeverOverlap() throws Exception {
    UploadLimiter limiter = new UploadLimiter(1_000_000, 0, clock::get);
    Thread[] threads = new Thread[4];
    long[] total = new long[1];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          long w = limiter.reserve(1_000);
          synchronized (total) {
            total[0] = Math.max(total[0], w);
          }
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    // 4000 reservations of 1 ms each from one instant: the last waits exactly 3999 ms.
    assertThat(total[0]).isEqualTo(3_999 * MS);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new UploadLimiter(0, 0, clock::get))
        .isInstanceOf(IllegalArgumentException.class);
    UploadLimiter limiter = new UploadLimiter(1, 0, clock::get);
    assertThatThrownBy(() -> limiter.reserve(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultBurstIsAQuarterSecondAndAtLeast64KiB() {
    assertThat(UploadLimiter.defaultBurst(2_000_000)).isEqualTo(500_000);
    assertThat(UploadLimiter.defaultBurst(1_000)).isEqualTo(65_536);
    assertThat(UploadLimiter.forRate(2_000_000).bytesPerSecond()).isEqualTo(2_000_000);
  }
}
