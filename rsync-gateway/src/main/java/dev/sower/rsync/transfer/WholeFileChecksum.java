package dev.sower.rsync.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.DigestException;
import java.security.MessageDigest;

/**
 * The file checksum that {@code -c} puts in the file list (checksum.c {@code file_checksum}): in
 * this dialect the plain MD5 of the file's bytes, up to the length it had when it was listed.
 * As in rsync, bytes missing because the file shrank count as zeros, and a file that cannot be
 * opened gets 16 zero bytes ({@link #unreadable()}). Reads in large positional reads into a
 * direct buffer (no copy through a temporary one); one instance per thread.
 */
public final class WholeFileChecksum {
    private final MessageDigest md5 = BlockDigest.newMd5();
    private static final byte[] ZEROS = new byte[4096];
    private final ByteBuffer buffer;

    /** @param bufferSize bytes per read, e.g. 1 MiB */
    public WholeFileChecksum(int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("buffer size " + bufferSize);
        }
        this.buffer = ByteBuffer.allocateDirect(bufferSize);
    }

    /** The checksum of a file rsync could not open. */
    public static byte[] unreadable() {
        return new byte[BlockDigest.LENGTH];
    }

    /** MD5 of the first {@code length} bytes of the channel, zero-padded past its end. */
    public byte[] of(FileChannel channel, long length) {
        md5.reset();
        long pos = 0;
        boolean ended = false;
        while (pos < length) {
            int want = (int) Math.min(buffer.capacity(), length - pos);
            buffer.clear().limit(want);
            while (!ended && buffer.hasRemaining()) {
                try {
                    if (channel.read(buffer, pos + buffer.position()) <= 0) {
                        ended = true;
                    }
                } catch (IOException e) {
                    ended = true;
                }
            }
            while (buffer.hasRemaining()) {
                buffer.put(ZEROS, 0, Math.min(ZEROS.length, buffer.remaining()));
            }
            md5.update(buffer.flip());
            pos += want;
        }
        byte[] out = new byte[BlockDigest.LENGTH];
        try {
            md5.digest(out, 0, out.length);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
