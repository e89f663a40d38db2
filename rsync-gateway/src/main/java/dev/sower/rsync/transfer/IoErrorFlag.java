package dev.sower.rsync.transfer;

/**
 * The sender's {@code io_error} bits (rsync.h IOERR_*), sent to the client at the end of the
 * send loop in MSG_IO_ERROR when they changed; the client's exit code follows from them
 * (cleanup.c): IOERR_GENERAL or any MSG_ERROR_XFER gives 23, else IOERR_VANISHED gives 24.
 */
public enum IoErrorFlag {
    GENERAL(1),
    VANISHED(1 << 1),
    DEL_LIMIT(1 << 2);

    /** rsync's RERR_PARTIAL. */
    public static final int EXIT_PARTIAL = 23;
    /** rsync's RERR_VANISHED. */
    public static final int EXIT_VANISHED = 24;

    private final int bit;

    IoErrorFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    /**
     * The exit code a client derives from {@code flags} and whether it got an error message
     * about a transfer (cleanup.c), or 0 when neither applies. (IOERR_DEL_LIMIT's own code, 25,
     * is the receiver's business.)
     */
    public static int exitCode(int flags, boolean gotXferError) {
        if ((flags & GENERAL.bit) != 0 || gotXferError) {
            return EXIT_PARTIAL;
        }
        if ((flags & VANISHED.bit) != 0) {
            return EXIT_VANISHED;
        }
        return 0;
    }
}
