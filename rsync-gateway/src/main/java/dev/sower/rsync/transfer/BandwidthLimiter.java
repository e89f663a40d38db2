package dev.sower.rsync.transfer;

/**
 * {@code --bwlimit}: how long to pause after writing, by rsync's rule (io.c
 * {@code sleep_for_bwlimit}). Bytes written accumulate as debt; elapsed time pays it off at the
 * limit's rate; once the debt is worth a tenth of a second or more the writer pauses for it,
 * and whatever the pause over- or under-shot is carried over. The limit is in KiB per second
 * (units of 1024 bytes), as the option is. rsync also caps each write at {@link #maxWrite()}.
 * Pure arithmetic on a caller-supplied clock; {@link ThrottledSink} does the sleeping.
 */
public final class BandwidthLimiter {
    private static final long ONE_SEC_US = 1_000_000L;

    private final long kibPerSecond;
    private long debt;
    private long priorUs = -1;
    private long pendingStartUs;
    private long pendingSleepUs;

    /** @param kibPerSecond the client's {@code --bwlimit} (or the daemon's, if lower), > 0 */
    public BandwidthLimiter(long kibPerSecond) {
        if (kibPerSecond <= 0) {
            throw new IllegalArgumentException("bwlimit must be positive: " + kibPerSecond);
        }
        this.kibPerSecond = kibPerSecond;
    }

    /** The largest single write rsync makes under this limit: 1/8 s worth, at least 512 bytes. */
    public int maxWrite() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(512, kibPerSecond * 128));
    }

    /**
     * Records {@code bytes} written at {@code nowUs} (microseconds, any origin) and returns the
     * pause in microseconds (0 for none). After pausing, call {@link #paused} with the time the
     * pause really ended.
     */
    public long wrote(int bytes, long nowUs) {
        debt += bytes;
        if (priorUs >= 0) {
            long elapsed = nowUs - priorUs;
            debt -= elapsed * kibPerSecond / (ONE_SEC_US / 1024);
            if (debt < 0) {
                debt = 0;
            }
        }
        long sleepUs = debt * (ONE_SEC_US / 1024) / kibPerSecond;
        if (sleepUs < ONE_SEC_US / 10) {
            priorUs = nowUs;
            return 0;
        }
        pendingStartUs = nowUs;
        pendingSleepUs = sleepUs;
        return sleepUs;
    }

    /** The pause asked for by the last {@link #wrote} ended at {@code nowUs}. */
    public void paused(long nowUs) {
        long elapsed = nowUs - pendingStartUs;
        debt = (pendingSleepUs - elapsed) * kibPerSecond / (ONE_SEC_US / 1024);
        priorUs = nowUs;
    }
}
