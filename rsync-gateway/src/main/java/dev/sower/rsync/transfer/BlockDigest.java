package dev.sower.rsync.transfer;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * rsync's strong block sum in this dialect: MD5 over the block and the little-endian checksum
 * seed, in the order given by {@link SeedOrder}; a seed of 0 contributes no bytes. Not
 * thread-safe: one instance per file sender.
 */
public final class BlockDigest {
    /** MD5 digest length; the longest strong-sum prefix a sum head may ask for. */
    public static final int LENGTH = 16;

    private final MessageDigest md5 = newMd5();
    private final byte[] seedBytes;
    private final SeedOrder order;

    public BlockDigest(int seed, SeedOrder order) {
        this.order = order;
        this.seedBytes = seed == 0 ? new byte[0]
                : new byte[] {(byte) seed, (byte) (seed >>> 8), (byte) (seed >>> 16), (byte) (seed >>> 24)};
    }

    /** Writes the 16-byte strong sum of {@code buf[off..off+len)} into {@code out[outOff..]}. */
    public void digest(byte[] buf, int off, int len, byte[] out, int outOff) {
        if (order == SeedOrder.SEED_FIRST) {
            md5.update(seedBytes);
            md5.update(buf, off, len);
        } else {
            md5.update(buf, off, len);
            md5.update(seedBytes);
        }
        try {
            md5.digest(out, outOff, LENGTH);
        } catch (DigestException e) {
            throw new IllegalArgumentException("no room for an MD5 digest at " + outOff, e);
        }
    }

    /** The 16-byte strong sum of {@code buf[off..off+len)}. */
    public byte[] digest(byte[] buf, int off, int len) {
        byte[] out = new byte[LENGTH];
        digest(buf, off, len, out, 0);
        return out;
    }

    static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5", e);
        }
    }
}
