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
    private IOException readError;

    StreamingFileReader(FileChannel channel, long length, MessageDigest sum) {
        this.channel = channel;
        this.length = length;
        this.sum = sum;
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

    /** The first read failure, or {@code null}: a short file counts as one. */
    IOException readError() {
        return readError;
    }
}
