package dev.sower.rsync.transfer;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * What the session reports when a file cannot be opened for sending (sender.c
 * {@code send_files}): the file gets MSG_NO_SEND with its index instead of data, and a message.
 * A file that vanished since the file list is a warning and IOERR_VANISHED (exit 24); any other
 * failure is an error and IOERR_GENERAL (exit 23).
 *
 * @param flag    the io_error bit to set
 * @param warning true for MSG_WARNING, false for MSG_ERROR_XFER
 * @param message the line to send, newline included
 */
public record OpenFailure(IoErrorFlag flag, boolean warning, String message) {

    /**
     * @param cause    the failure of the open
     * @param fullName the name as rsync's {@code full_fname} renders it, e.g.
     *                 {@code "original/0001/1.jpg" (in data)}
     */
    public static OpenFailure of(IOException cause, String fullName) {
        if (cause instanceof NoSuchFileException || Errno.of(cause) == Errno.ENOENT) {
            return new OpenFailure(IoErrorFlag.VANISHED, true, "file has vanished: " + fullName + "\n");
        }
        return new OpenFailure(IoErrorFlag.GENERAL, false,
                "rsync: [sender] send_files failed to open " + fullName + ": " + Errno.of(cause).describe() + "\n");
    }
}
