package dev.sower.rsync.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * Reads a file front to back straight into the buffers a {@link TransferSink} hands out
 * ({@link TransferSink#writeDirect}), hashing what it produced: the literal-only data of a new
 * file goes from the page cache into the socket's buffer with one copy. It keeps
 * {@link FileWindow}'s rules: the length is fixed when the file was opened, and past a short
 * read or a read error the bytes are zeros and the first error is remembered.
 */
final class StreamingFileReader implements TransferSink.Filler {
    private static final byte[] ZEROS = new byte[4096];
    private final FileChannel channel;
    private final long length;
    private final MessageDigest sum;
    private long position;
    /** Whether the channel's own position was set to {@link #position} (by the first scattering read). */
    private boolean positioned;
    private IOException readError;

    StreamingFileReader(FileChannel channel, long length, MessageDigest sum) {
        this(channel, length, sum, false);
    }

    /**
     * @param atStart whether the channel's own position is known to be 0 already (it was just
     *                opened and nothing read from it): then no call sets it, saving an lseek per file
     */
    StreamingFileReader(FileChannel channel, long length, MessageDigest sum, boolean atStart) {
        this.channel = channel;
        this.length = length;
        this.sum = sum;
        this.positioned = atStart;
    }

    @Override
    public void fill(ByteBuffer dst) {
        if (dst.remaining() > length - position) {
            throw new IllegalArgumentException("asked past the file's length " + length);
        }
        int start = dst.position();
        while (dst.hasRemaining() && readError == null) {
            try {
                int n = channel.read(dst, position + dst.position() - start);
                if (n <= 0) {
                    readError = new Errno.ShortReadException(position + dst.position() - start);
                }
            } catch (IOException e) {
                readError = e;
            }
        }
        while (dst.hasRemaining()) {
            dst.put(ZEROS, 0, Math.min(ZEROS.length, dst.remaining()));
        }
        position += dst.position() - start;
        sum.update(dst.flip().position(start));
    }

    /**
     * Fills {@code dsts[0, count)}, each from position 0 to its limit, with the file's next
     * bytes in one scattering read (more only when the kernel returns less), then hashes them
     * in order. Same short-read and error rules as {@link #fill(ByteBuffer)}. Reads at the
     * channel's own position (set at the first call unless known to be 0 already, then moved on
     * by the reads themselves, at most one lseek per file): the channel must be this reader's alone, and calls must not be mixed
     * with {@link #fill(ByteBuffer)}.
     */
    void fill(ByteBuffer[] dsts, int count) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            if (dsts[i].position() != 0) {
                throw new IllegalArgumentException("slice " + i + " does not start at 0");
            }
            total += dsts[i].remaining();
        }
        if (total > length - position) {
            throw new IllegalArgumentException("asked past the file's length " + length);
        }
        long done = 0;
        try {
            if (readError == null && total > 0 && !positioned) {
                channel.position(position);
                positioned = true;
            }
            for (int i = 0; done < total && readError == null; ) {
                while (!dsts[i].hasRemaining()) {
                    i++;
                }
                long n = channel.read(dsts, i, count - i);
                if (n <= 0) {
                    readError = new Errno.ShortReadException(position + done);
                }
                done += Math.max(n, 0);
            }
        } catch (IOException e) {
            readError = e;
        }
        for (int i = 0; i < count; i++) {
            ByteBuffer d = dsts[i];
            while (d.hasRemaining()) {
                d.put(ZEROS, 0, Math.min(ZEROS.length, d.remaining()));
            }
            sum.update(d.flip());
        }
        position += total;
    }

    /** The first read failure, or {@code null}: a short file counts as one. */
    IOException readError() {
        return readError;
    }
}
