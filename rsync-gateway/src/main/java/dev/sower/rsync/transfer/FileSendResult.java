package dev.sower.rsync.transfer;

import java.io.IOException;

/**
 * What sending one file did.
 *
 * @param length       bytes sent (the file's length when opened)
 * @param literalBytes bytes sent as literal data (rsync's "Literal data")
 * @param matchedBytes bytes covered by matched blocks (rsync's "Matched data")
 * @param matches      matched blocks
 * @param falseAlarms  weak-sum hits the strong sum refuted
 * @param readError    the first read error, or {@code null}. When set, the file shrank or could
 *                     not be read: missing bytes went out as zeros and the whole-file sum was
 *                     spoiled, so the receiver discards the file (and redoes it). The session
 *                     reports {@link #readErrorMessage} as an error and sets IOERR_GENERAL
 *                     (exit 23), as rsync does.
 */
public record FileSendResult(long length, long literalBytes, long matchedBytes, int matches, int falseAlarms,
        IOException readError) {

    /** Whether the whole file was read without error. */
    public boolean complete() {
        return readError == null;
    }

    /**
     * rsync's error line for a read failure, sent as MSG_ERROR_XFER
     * ({@code rsync: [sender] read errors mapping "<name>": No data available (61)}), given the
     * file's name as rsync's {@code full_fname} renders it ({@code "path" (in module)}).
     */
    public String readErrorMessage(String fullName) {
        if (readError == null) {
            throw new IllegalStateException("no read error");
        }
        return "rsync: [sender] read errors mapping " + fullName + ": " + Errno.of(readError).describe() + "\n";
    }
}
