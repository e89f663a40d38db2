package dev.sower.rsync.transfer;

import java.io.IOException;
import java.util.Arrays;

/**
 * A {@link TransferSink} that keeps what is written in memory, up to a fixed number of bytes;
 * a write past the bound fails with {@link Overflow}. Used to make a file's data stream ahead
 * of its turn. Not thread-safe.
 */
final class BoundedMemorySink implements TransferSink {
    /** The bound was reached: the caller gives the file up. */
    static final class Overflow extends IOException {
        Overflow(int bound) {
            super("more than " + bound + " bytes of output");
        }
    }

    private static final int INITIAL = 64 * 1024;
    private final int bound;
    private byte[] buf;
    private int size;

    BoundedMemorySink(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound " + bound);
        }
        this.bound = bound;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len > bound - size) {
            throw new Overflow(bound);
        }
        if (buf == null || buf.length - size < len) {
            int want = Math.max(size + len, buf == null ? INITIAL : buf.length * 2);
            buf = Arrays.copyOf(buf == null ? new byte[0] : buf, Math.min(bound, want));
        }
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    @Override
    public void flush() {
        // everything is kept until taken
    }

    /** The bytes written since the last take (the array may be longer); starts afresh. */
    byte[] take() {
        byte[] out = buf == null ? new byte[0] : buf;
        buf = null;
        size = 0;
        return out;
    }

    /** Bytes written since the last take or clear. */
    int size() {
        return size;
    }

    /** Drops what was written (the array is kept for the next file). */
    void clear() {
        size = 0;
    }
}
