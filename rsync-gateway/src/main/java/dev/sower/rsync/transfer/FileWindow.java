package dev.sower.rsync.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A sliding window of a file's bytes, read in large positional reads (rsync's
 * {@code map_file}/{@code map_ptr}). The file's length is fixed when the window is created, as
 * rsync fixes it at {@code fstat} time: bytes appended later are not sent, and when the file
 * shrinks, or a read fails, the missing bytes read as zeros and the first error is remembered
 * ({@link #readError()}) so the sender can spoil the whole-file sum as rsync does.
 *
 * <p>Callers promise never to ask again for bytes before {@link #release(long)}'s mark, which
 * lets the window keep what is still needed when it slides.
 */
public final class FileWindow {
    /** Default window capacity. */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private final FileChannel channel;
    private final long length;
    private final byte[] buf;
    private long start;
    private int filled;
    private long keepFrom;
    private IOException readError;
    private long bytesRead;
    private Runnable beforeSlide = () -> { };

    /**
     * @param channel  open for reading; positional reads only, so it may be shared
     * @param length   the file's length when it was opened
     * @param buffer   the window's memory (reused from file to file); must hold the longest span
     *                 a caller asks for
     */
    public FileWindow(FileChannel channel, long length, byte[] buffer) {
        if (length < 0 || buffer.length < 1) {
            throw new IllegalArgumentException("length " + length + ", capacity " + buffer.length);
        }
        this.channel = channel;
        this.length = length;
        this.buf = buffer;
    }

    /** The file length this window serves. */
    public long length() {
        return length;
    }

    /** The backing array; valid for the index returned by the latest {@link #map}. */
    public byte[] array() {
        return buf;
    }

    /**
     * Runs {@code hook} before the window moves or overwrites bytes it has handed out (a reader
     * of {@link #array()} on another thread waits there).
     */
    void beforeSlide(Runnable hook) {
        this.beforeSlide = hook;
    }

    /** Bytes before {@code offset} will not be asked for again. */
    public void release(long offset) {
        keepFrom = Math.max(keepFrom, offset);
    }

    /**
     * Makes {@code [offset, offset + len)} available and returns the index of {@code offset} in
     * {@link #array()}. The range must lie within the file.
     */
    public int map(long offset, int len) {
        if (offset < 0 || len < 0 || offset + len > length) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + len + " outside 0.." + length);
        }
        if (len > buf.length) {
            throw new IllegalArgumentException("window of " + buf.length + " bytes cannot map " + len);
        }
        if (offset >= start && offset + len <= start + filled) {
            return (int) (offset - start);
        }
        slide(offset, len);
        return (int) (offset - start);
    }

    private void slide(long offset, int len) {
        beforeSlide.run();
        long newStart = offset;
        if (keepFrom < offset && offset + len - keepFrom <= buf.length) {
            newStart = keepFrom;
        }
        long oldEnd = start + filled;
        int kept = 0;
        if (newStart >= start && newStart < oldEnd) {
            kept = (int) (oldEnd - newStart);
            System.arraycopy(buf, (int) (newStart - start), buf, 0, kept);
        }
        start = newStart;
        int want = (int) Math.min(buf.length, length - newStart);
        fill(kept, want);
        filled = want;
    }

    private void fill(int from, int to) {
        int pos = from;
        while (pos < to) {
            if (readError == null) {
                try {
                    int n = channel.read(ByteBuffer.wrap(buf, pos, to - pos), start + pos);
                    if (n > 0) {
                        pos += n;
                        bytesRead += n;
                        continue;
                    }
                    readError = new Errno.ShortReadException(start + pos);
                } catch (IOException e) {
                    readError = e;
                }
            }
            java.util.Arrays.fill(buf, pos, to, (byte) 0);
            pos = to;
        }
    }

    /** The first read failure, or {@code null}: a short file counts as one. */
    public IOException readError() {
        return readError;
    }

    /** Bytes actually read from the channel so far (re-reads included). */
    public long bytesRead() {
        return bytesRead;
    }
}
