package dev.sower.rsync.transfer;

import java.util.Arrays;

/**
 * For each distinct weak checksum, the blocks that have it, highest index first (the order in
 * which rsync's hash chains, built by prepending block 0, 1, 2..., offer them). Keyed by the
 * full 32-bit sum, so a lookup never walks blocks with a different sum.
 */
final class WeakSumIndex {
    private final int[] keys;
    private final int[] heads;
    private final int[] next;
    private final int mask;

    WeakSumIndex(BlockSums sums) {
        int count = sums.count();
        // a power of two at least 1.5 times the count: load factor at most 2/3
        int size = Integer.highestOneBit(Math.max(16, count + count / 2 - 1)) << 1;
        keys = new int[size];
        heads = new int[size];
        Arrays.fill(heads, -1);
        next = new int[count];
        mask = size - 1;
        for (int i = 0; i < count; i++) {
            int sum = sums.weak(i);
            int slot = slot(sum);
            next[i] = heads[slot];
            keys[slot] = sum;
            heads[slot] = i;
        }
    }

    private int slot(int sum) {
        int h = mix(sum) & mask;
        while (heads[h] >= 0 && keys[h] != sum) {
            h = (h + 1) & mask;
        }
        return h;
    }

    private static int mix(int x) {
        x *= 0x9E3779B9;
        return x ^ (x >>> 16);
    }

    /** The highest-numbered block with weak sum {@code sum}, or -1. */
    int first(int sum) {
        return heads[slot(sum)];
    }

    /** The next lower-numbered block with the same weak sum as {@code block}, or -1. */
    int next(int block) {
        return next[block];
    }
}
