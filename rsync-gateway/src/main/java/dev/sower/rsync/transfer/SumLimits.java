package dev.sower.rsync.transfer;

/**
 * Bounds applied to a sum head and its block sums before anything is allocated.
 *
 * @param maxBlockLength    largest block length accepted (rsync: MAX_BLOCK_SIZE, 128 KiB, at
 *                          protocol 30 and later)
 * @param maxStrongLength   largest strong-sum prefix accepted (the MD5 length, 16)
 * @param maxTableBytes     memory the block sums of one file and their index may use (count
 *                          times {@code 32 + strongLength} bytes); rsync has no such cap because it
 *                          forks per connection, a shared JVM needs one
 */
public record SumLimits(int maxBlockLength, int maxStrongLength, long maxTableBytes) {
    /** rsync's MAX_BLOCK_SIZE for protocol 30 and later. */
    public static final int MAX_BLOCK_SIZE = 1 << 17;

    /**
     * Protocol-30+ limits with 64 MiB per file: at least 1.4 million blocks, a basis of about
     * 180 GB at the largest blocks.
     */
    public static final SumLimits DEFAULT = new SumLimits(MAX_BLOCK_SIZE, BlockDigest.LENGTH, 64L << 20);

    public SumLimits {
        if (maxBlockLength < 1 || maxStrongLength < 0 || maxStrongLength > BlockDigest.LENGTH || maxTableBytes < 0
                || maxTableBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("invalid sum limits");
        }
    }

    /**
     * Bytes one block costs: its weak sum and strong prefix in {@link BlockSums}, and at most
     * 28 bytes in the matcher's {@link WeakSumIndex} (chain link plus up to 3 hash slots).
     */
    static long entryBytes(int strongLength) {
        return 32L + strongLength;
    }
}
