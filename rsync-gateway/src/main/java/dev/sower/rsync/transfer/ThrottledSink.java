package dev.sower.rsync.transfer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TransferSink} that holds the sending worker thread to a {@link BandwidthLimiter}:
 * writes go on in pieces of at most {@link BandwidthLimiter#maxWrite()} bytes, each followed by
 * the pause the limiter asks for.
 */
public final class ThrottledSink implements TransferSink {
    private final TransferSink next;
    private final BandwidthLimiter limiter;

    public ThrottledSink(TransferSink next, BandwidthLimiter limiter) {
        this.next = next;
        this.limiter = limiter;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int max = limiter.maxWrite();
        while (len > 0) {
            int n = Math.min(len, max);
            next.write(b, off, n);
            off += n;
            len -= n;
            pause(n);
        }
    }

    /** Sleeps as long as the limiter asks after {@code n} bytes were written. */
    private void pause(int n) throws InterruptedIOException {
        long pauseUs = limiter.wrote(n, nowUs());
        if (pauseUs > 0) {
            try {
                TimeUnit.MICROSECONDS.sleep(pauseUs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted during a --bwlimit pause");
            }
            limiter.paused(nowUs());
        }
    }

    @Override
    public void writeDirect(int len, Filler filler) throws IOException {
        int max = limiter.maxWrite();
        while (len > 0) {
            int n = Math.min(len, max);
            next.writeDirect(n, filler);
            len -= n;
            pause(n);
        }
    }

    @Override
    public void flush() throws IOException {
        next.flush();
    }

    private static long nowUs() {
        return System.nanoTime() / 1000;
    }
}
