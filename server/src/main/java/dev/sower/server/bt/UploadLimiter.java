package dev.sower.server.bt;

import java.util.function.LongSupplier;

/**
 * A token bucket that never blocks: each block to be sent reserves its bytes and is told how
 * long to wait before it may go. Idle time earns credit up to {@code burstBytes}; past the burst
 * the reservations follow each other at exactly the rate. Over any interval of T seconds at most
 * {@code rate * T + burstBytes} bytes plus one block get a zero or elapsed wait.
 */
final class UploadLimiter {
  private static final long NANOS = 1_000_000_000L;

  private final long bytesPerSecond;
  private final long burstNanos;
  private final LongSupplier nanoClock;
  /** When the bytes reserved so far have all gone out at the rate (may lie in the past). */
  private long free;

  UploadLimiter(long bytesPerSecond, long burstBytes, LongSupplier nanoClock) {
    if (bytesPerSecond <= 0 || burstBytes < 0) {
      throw new IllegalArgumentException("rate must be positive and burst not negative");
    }
    this.bytesPerSecond = bytesPerSecond;
    this.burstNanos = nanosFor(burstBytes);
    this.nanoClock = nanoClock;
    this.free = nanoClock.getAsLong() - burstNanos;
  }

  /** A limiter for {@code bytesPerSecond} with a quarter of a second of burst (at least 64 KiB). */
  static UploadLimiter forRate(long bytesPerSecond) {
    return new UploadLimiter(bytesPerSecond, defaultBurst(bytesPerSecond), System::nanoTime);
  }

  static long defaultBurst(long bytesPerSecond) {
    return Math.max(64 * 1024, bytesPerSecond / 4);
  }

  long bytesPerSecond() {
    return bytesPerSecond;
  }

  /** Reserves {@code bytes}; returns the nanoseconds to wait before sending them (0 = now). */
  synchronized long reserve(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes < 0: " + bytes);
    }
    long now = nanoClock.getAsLong();
    long start = Math.max(free, now - burstNanos);
    free = start + nanosFor(bytes);
    return Math.max(0, start - now);
  }

  private long nanosFor(long bytes) {
    return bytes < Long.MAX_VALUE / NANOS ? bytes * NANOS / bytesPerSecond
        : (long) ((double) bytes * NANOS / bytesPerSecond);
  }
}
