package dev.sower.rsync.transfer;

/**
 * Bounds applied to a sum head and its block sums before anything is allocated.
 *
 * @param maxBlockLength    largest block length accepted (rsync: MAX_BLOCK_SIZE, 128 KiB, at
 *                          protocol 30 and later)
 * @param maxStrongLength   largest strong-sum prefix accepted (the MD5 length, 16)
 * @param maxTableBytes     memory the block-sum table of one file may use (count times
 *                          {@code 8 + strongLength} bytes); rsync has no such cap because it forks
 *                          per connection, a shared JVM needs one
 */
public record SumLimits(int maxBlockLength, int maxStrongLength, long maxTableBytes) {
    /** rsync's MAX_BLOCK_SIZE for protocol 30 and later. */
    public static final int MAX_BLOCK_SIZE = 1 << 17;

    /** Protocol-30+ limits with a 64 MiB table: a basis of about 350 GB at the largest blocks. */
    public static final SumLimits DEFAULT = new SumLimits(MAX_BLOCK_SIZE, BlockDigest.LENGTH, 64L << 20);

    public SumLimits {
        if (maxBlockLength < 1 || maxStrongLength < 0 || maxStrongLength > BlockDigest.LENGTH || maxTableBytes < 0
                || maxTableBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("invalid sum limits");
        }
    }

    /** Bytes one block's entry takes in a {@link BlockSums} table. */
    static long entryBytes(int strongLength) {
        return 8L + strongLength;
    }
}
