package dev.sower.rsync.transfer;

import java.io.IOException;

/**
 * Where the sender writes a file's data stream (the bytes the session then wraps in
 * multiplexed DATA frames). Implementations may block the calling worker thread to apply
 * back-pressure; they never buffer without bound.
 */
public interface TransferSink {
    /** Writes {@code len} bytes of {@code b} from {@code off}; may block until there is room. */
    void write(byte[] b, int off, int len) throws IOException;

    /** Hands on whatever is buffered; called at the end of each file. */
    void flush() throws IOException;
}
