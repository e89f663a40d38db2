package dev.sower.rsync.transfer;

import dev.sower.rsync.transfer.wire.Int32;

/**
 * The header of the receiver's block sums (io.c {@code read_sum_head}/{@code write_sum_head}):
 * four little-endian int32s. A count of 0 means the receiver has no basis: the whole file goes
 * as literal data.
 *
 * @param count        number of blocks
 * @param blockLength  length of every block but possibly the last
 * @param strongLength how many leading bytes of each block's MD5 are sent (0..16)
 * @param remainder    length of the last block when it is short, else 0
 */
public record SumHead(int count, int blockLength, int strongLength, int remainder) {
    /** Encoded size in bytes. */
    public static final int BYTES = 16;

    /** The head a receiver sends when it has no basis file. */
    public static final SumHead EMPTY = new SumHead(0, 0, 0, 0);

    public SumHead {
        if (count < 0 || blockLength < 0 || strongLength < 0 || strongLength > BlockDigest.LENGTH
                || remainder < 0 || remainder > blockLength || (count > 0 && blockLength == 0)) {
            throw new IllegalArgumentException("inconsistent sum head " + count + "/" + blockLength + "/"
                    + strongLength + "/" + remainder);
        }
    }

    /** Length of block {@code i}: the remainder for the last block when non-zero. */
    public int blockLength(int i) {
        return i == count - 1 && remainder != 0 ? remainder : blockLength;
    }

    /** Length of the basis file these sums describe. */
    public long basisLength() {
        long len = (long) count * blockLength;
        if (remainder != 0 && count > 0) {
            len -= blockLength - remainder;
        }
        return len;
    }

    /** The 16 wire bytes, as the sender echoes them before the token stream. */
    public byte[] encode() {
        byte[] out = new byte[BYTES];
        Int32.put(out, 0, count);
        Int32.put(out, 4, blockLength);
        Int32.put(out, 8, strongLength);
        Int32.put(out, 12, remainder);
        return out;
    }
}
