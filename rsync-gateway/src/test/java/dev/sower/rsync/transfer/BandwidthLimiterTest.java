package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected values follow rsync's integer arithmetic: a KiB costs 1000000/1024 = 976 us. */
class BandwidthLimiterTest {
    @Test
    void smallDebtsDoNotPause() {
        BandwidthLimiter l = new BandwidthLimiter(1000); // 1000 KiB/s: 0.1 s is 102 400 bytes
        assertThat(l.wrote(50_000, 0)).isZero();
        assertThat(l.wrote(50_000, 0)).isZero();
    }

    @Test
    void pausesForTheDebtAtTheLimitsRate() {
        BandwidthLimiter l = new BandwidthLimiter(1000);
        // 1 024 000 bytes at 1000 KiB/s: 1 024 000 * 976 / 1000 us
        long pause = l.wrote(1_024_000, 0);
        assertThat(pause).isEqualTo(999_424);
        l.paused(999_424);
        // the pause paid the debt exactly: the next small write does not pause
        assertThat(l.wrote(10_000, 999_424)).isZero();
    }

    @Test
    void elapsedTimePaysOffDebt() {
        BandwidthLimiter l = new BandwidthLimiter(100); // 100 KiB/s
        assertThat(l.wrote(10_000, 0)).isZero(); // 97.6 ms of debt: below the 0.1 s threshold
        // half a second later 51 229 bytes are paid off: 10 000 + 60 000 - 51 229 = 18 771 remain
        assertThat(l.wrote(60_000, 500_000)).isEqualTo(18_771L * 976 / 100);
    }

    @Test
    void shortPauseCarriesTheRestOver() {
        BandwidthLimiter l = new BandwidthLimiter(1000);
        assertThat(l.wrote(1_024_000, 0)).isEqualTo(999_424);
        l.paused(600_000); // woke early: (999 424 - 600 000) * 1000 / 976 = 409 245 bytes remain
        assertThat(l.wrote(0, 600_000)).isEqualTo(409_245L * 976 / 1000);
    }

    @Test
    void writesAreCappedAtAnEighthOfASecond() {
        assertThat(new BandwidthLimiter(1000).maxWrite()).isEqualTo(128_000);
        assertThat(new BandwidthLimiter(1).maxWrite()).isEqualTo(512);
    }

    @Test
    void throttledSinkHoldsTheRate() throws Exception {
        TestFiles.ByteSink out = new TestFiles.ByteSink();
        ThrottledSink sink = new ThrottledSink(out, new BandwidthLimiter(2000)); // ~2 MB/s
        long t0 = System.nanoTime();
        sink.write(new byte[1_024_000], 0, 1_024_000); // 0.5 s worth
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(out.bytes()).hasSize(1_024_000);
        assertThat(ms).isBetween(350L, 3000L);
    }
}
