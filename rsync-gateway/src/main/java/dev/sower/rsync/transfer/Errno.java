package dev.sower.rsync.transfer;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The Linux errno values rsync prints after a failed open or read ({@code rsyserr}: "...:
 * strerror (errno)"), recovered from the JDK's exceptions, whose reason is the strerror text.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EIO(5, "Input/output error"),
    EACCES(13, "Permission denied"),
    ENOTDIR(20, "Not a directory"),
    EISDIR(21, "Is a directory"),
    ELOOP(40, "Too many levels of symbolic links"),
    ENODATA(61, "No data available"),
    ESTALE(116, "Stale file handle");

    private final int number;
    private final String text;

    Errno(int number, String text) {
        this.number = number;
        this.text = text;
    }

    public int number() {
        return number;
    }

    /** rsync's rendering: {@code strerror (errno)}. */
    public String describe() {
        return text + " (" + number + ")";
    }

    /** The errno behind an I/O failure; EIO when the JDK did not say. */
    public static Errno of(IOException e) {
        if (e instanceof ShortReadException) {
            return ENODATA;
        }
        if (e instanceof NoSuchFileException) {
            return ENOENT;
        }
        if (e instanceof AccessDeniedException) {
            return EACCES;
        }
        if (e instanceof FileSystemLoopException) {
            return ELOOP;
        }
        if (e instanceof NotDirectoryException) {
            return ENOTDIR;
        }
        String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (reason != null) {
            for (Errno errno : values()) {
                if (reason.contains(errno.text)) {
                    return errno;
                }
            }
        }
        return EIO;
    }

    /** A read that found fewer bytes than the file had when it was opened. */
    public static final class ShortReadException extends IOException {
        private static final long serialVersionUID = 1L;

        public ShortReadException(long at) {
            super("No data available (the file ended at " + at + " bytes)");
        }
    }
}
