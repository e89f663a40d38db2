package dev.sower.rsync.transfer;

import java.util.Arrays;

/**
 * The receiver's block sums for one file: per block the weak checksum and the first
 * {@link SumHead#strongLength()} bytes of its seeded MD5. Block {@code i} covers basis bytes
 * {@code [i * blockLength, i * blockLength + head.blockLength(i))}.
 */
public final class BlockSums {
    private final SumHead head;
    private final int[] weak;
    private final byte[] strong;

    BlockSums(SumHead head, int[] weak, byte[] strong) {
        if (weak.length != head.count() || strong.length != head.count() * head.strongLength()) {
            throw new IllegalArgumentException("table size does not match the sum head");
        }
        this.head = head;
        this.weak = weak;
        this.strong = strong;
    }

    /** A table with no blocks: the whole file is sent as literal data. */
    public static BlockSums none(SumHead head) {
        if (head.count() != 0) {
            throw new IllegalArgumentException("sum head announces " + head.count() + " blocks");
        }
        return new BlockSums(head, new int[0], new byte[0]);
    }

    /**
     * Computes the sums a receiver would send for {@code basis} (generator.c
     * {@code generate_and_send_sums}), for tests and tools.
     */
    public static BlockSums compute(byte[] basis, int blockLength, int strongLength, BlockDigest digest) {
        int count = basis.length == 0 ? 0 : (basis.length + blockLength - 1) / blockLength;
        SumHead head = new SumHead(count, blockLength, strongLength, basis.length % blockLength);
        int[] weak = new int[count];
        byte[] strong = new byte[count * strongLength];
        byte[] full = new byte[BlockDigest.LENGTH];
        for (int i = 0; i < count; i++) {
            int off = i * blockLength;
            int len = head.blockLength(i);
            weak[i] = RollingChecksum.of(basis, off, len);
            digest.digest(basis, off, len, full, 0);
            System.arraycopy(full, 0, strong, i * strongLength, strongLength);
        }
        return new BlockSums(head, weak, strong);
    }

    public SumHead head() {
        return head;
    }

    public int count() {
        return head.count();
    }

    /** Weak checksum of block {@code i}. */
    public int weak(int i) {
        return weak[i];
    }

    /** Whether block {@code i}'s strong-sum prefix equals the first bytes of {@code digest}. */
    public boolean strongEquals(int i, byte[] digest) {
        int n = head.strongLength();
        return Arrays.equals(strong, i * n, i * n + n, digest, 0, n);
    }

    /** The strong-sum prefix of block {@code i}. */
    public byte[] strong(int i) {
        int n = head.strongLength();
        return Arrays.copyOfRange(strong, i * n, i * n + n);
    }
}
