package dev.sower.rsync.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The file checksum that {@code -c} puts in the file list (checksum.c {@code file_checksum}): in
 * this dialect the plain MD5 of the file's bytes, up to the length it had when it was listed.
 * As in rsync, bytes missing because the file shrank count as zeros, and a file that cannot be
 * opened gets 16 zero bytes ({@link #unreadable()}). Reads in large positional reads; one
 * instance per thread.
 */
public final class WholeFileChecksum {
    private final MessageDigest md5 = BlockDigest.newMd5();
    private final byte[] buffer;

    /** @param bufferSize bytes per read, e.g. 1 MiB */
    public WholeFileChecksum(int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("buffer size " + bufferSize);
        }
        this.buffer = new byte[bufferSize];
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
            int want = (int) Math.min(buffer.length, length - pos);
            int got = 0;
            while (!ended && got < want) {
                try {
                    int n = channel.read(ByteBuffer.wrap(buffer, got, want - got), pos + got);
                    if (n <= 0) {
                        ended = true;
                    } else {
                        got += n;
                    }
                } catch (IOException e) {
                    ended = true;
                }
            }
            Arrays.fill(buffer, got, want, (byte) 0);
            md5.update(buffer, 0, want);
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
