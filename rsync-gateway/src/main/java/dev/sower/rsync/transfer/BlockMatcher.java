package dev.sower.rsync.transfer;

import java.io.IOException;

/**
 * Finds the receiver's blocks in the file being sent and drives a {@link TokenEncoder}, making
 * the same decisions as rsync's match.c ({@code hash_search}, {@code matched}) so the token
 * stream is the one a native sender writes:
 * <ul>
 * <li>the weak sum rolls one byte at a time; candidates with an equal weak sum and length are
 * confirmed by the seeded MD5 of the data (computed once per offset);</li>
 * <li>the block following the previous match is preferred when it also matches, so runs of
 * blocks encode compactly;</li>
 * <li>at most {@value #MAX_CHAIN_LEN} candidates are tried per offset (rsync's
 * MAX_CHAIN_LEN), and the hashing and comparing spent on candidates that do not match is capped
 * at 32 times the file's length plus 64 MiB; past that the rest of the file goes as literal
 * data. Sums crafted to collide therefore cost at most a constant factor, never quadratic
 * time, and the stream stays valid. Honest sums never come near the cap;</li>
 * <li>unmatched data goes out in 32 KiB pieces once a block and a chunk lag behind;</li>
 * <li>with {@code updatingBasis} ({@code --inplace}) blocks already overwritten on the receiver
 * are not used and a block at its own offset is preferred, as in rsync.</li>
 * </ul>
 * The whole-file MD5 is fed with the file's bytes in order as they are accounted for.
 */
final class BlockMatcher {
    /** rsync's MAX_CHAIN_LEN: candidates compared at one offset before giving up there. */
    static final int MAX_CHAIN_LEN = 1024;
    private static final int CHUNK_SIZE = PlainTokenEncoder.CHUNK_SIZE;
    private static final int LITERAL_ONLY = -2;
    private static final int END = -1;
    /** Work units charged per strong-sum comparison (a hashed byte costs 1). */
    private static final int COMPARE_COST = 32;

    /** Where the whole-file sum's bytes go, in file order. */
    @FunctionalInterface
    interface SumInput {
        void update(byte[] b, int off, int len);
    }

    private final FileWindow buf;
    private final TokenEncoder encoder;
    private final SumInput fileSum;
    private final BlockDigest digest;
    /** Work allowed on candidates before matching stops for this file (see {@link #search}). */
    private final long workBudget;
    private long lastMatch;
    private long literalBytes;
    private long matchedBytes;
    private int matches;
    private int falseAlarms;
    private long work;

    BlockMatcher(FileWindow buf, TokenEncoder encoder, SumInput fileSum, BlockDigest digest) {
        this.buf = buf;
        this.encoder = encoder;
        this.fileSum = fileSum;
        this.digest = digest;
        this.workBudget = (64L << 20) + 32 * buf.length();
    }

    /** Sends {@code [from, len)} as literal data (no usable blocks). */
    void sendLiteral(long from) throws IOException {
        long len = buf.length();
        lastMatch = from;
        for (long j = from + CHUNK_SIZE; j < len; j += CHUNK_SIZE) {
            matched(j, LITERAL_ONLY, 0);
        }
        matched(len, END, 0);
    }

    /** Accounts {@code [0, upTo)} in the whole-file sum without sending it (append-verify). */
    void sumPrefix(long upTo) {
        for (long j = 0; j < upTo; j += CHUNK_SIZE) {
            int n = (int) Math.min(CHUNK_SIZE, upTo - j);
            int p = buf.map(j, n);
            fileSum.update(buf.array(), p, n);
        }
    }

    /** Searches the whole file for the blocks of {@code s} (which has at least one block). */
    void search(BlockSums s, boolean updatingBasis) throws IOException {
        final long len = buf.length();
        final SumHead head = s.head();
        final int blength = head.blockLength();
        final int count = s.count();
        final WeakSumIndex index = new WeakSumIndex(s);
        final boolean[] sameOffset = updatingBasis ? new boolean[count] : null;
        final byte[] sum2 = new byte[BlockDigest.LENGTH];
        byte[] arr = buf.array();

        lastMatch = 0;
        int wantI = 0;
        int k = (int) Math.min(len, blength);
        int p = buf.map(0, k);
        int sum = RollingChecksum.of(arr, p, k);
        int s1 = sum & 0xFFFF;
        int s2 = sum >>> 16;
        long offset = 0;
        long alignedOffset = 0;
        int alignedI = 0;
        final long end = len + 1 - head.blockLength(count - 1);

        do {
            boolean doneCsum2 = false;
            sum = (s1 & 0xFFFF) | (s2 << 16);
            int i = work > workBudget ? -1 : index.first(sum);
            int chainLen = 0;
            for (; i >= 0; i = index.next(i)) {
                if (updatingBasis && (long) i * blength < offset && !sameOffset[i]) {
                    continue;
                }
                if (++chainLen > MAX_CHAIN_LEN) {
                    break;
                }
                int l = (int) Math.min(blength, len - offset);
                if (l != head.blockLength(i)) {
                    continue;
                }
                if (!doneCsum2) {
                    p = buf.map(offset, l);
                    digest.digest(arr, p, l, sum2, 0);
                    doneCsum2 = true;
                    work += l;
                }
                work += COMPARE_COST;
                if (!s.strongEquals(i, sum2)) {
                    falseAlarms++;
                    continue;
                }
                checkWant:
                if (updatingBasis) {
                    while (alignedOffset < offset) {
                        alignedOffset += blength;
                        alignedI++;
                    }
                    if ((offset == alignedOffset || (sum == 0 && l == blength && alignedOffset + l <= len))
                            && alignedI < count) {
                        if (i != alignedI) {
                            if (sum != s.weak(alignedI) || l != head.blockLength(alignedI)
                                    || !s.strongEquals(alignedI, sum2)) {
                                break checkWant;
                            }
                            i = alignedI;
                        }
                        if (offset != alignedOffset) {
                            // zeros here are also zeros further on in the basis: re-align with it
                            buf.release(lastMatch);
                            p = buf.map(alignedOffset, l);
                            sum = RollingChecksum.of(arr, p, l);
                            if (sum != s.weak(i)) {
                                break checkWant;
                            }
                            digest.digest(arr, p, l, sum2, 0);
                            if (!s.strongEquals(i, sum2)) {
                                break checkWant;
                            }
                            offset = alignedOffset;
                        }
                        sameOffset[i] = true;
                        wantI = i;
                    }
                }
                if (i != wantI && wantI < count
                        && (!updatingBasis || (long) wantI * blength >= offset || sameOffset[wantI])
                        && sum == s.weak(wantI) && l == head.blockLength(wantI) && s.strongEquals(wantI, sum2)) {
                    i = wantI;
                }
                wantI = i + 1;

                matched(offset, i, head.blockLength(i));
                work -= head.blockLength(i); // a match pays for its own hashing
                offset += head.blockLength(i) - 1;
                k = (int) Math.min(blength, len - offset);
                p = buf.map(offset, k);
                sum = RollingChecksum.of(arr, p, k);
                s1 = sum & 0xFFFF;
                s2 = sum >>> 16;
                matches++;
                break;
            }

            long backup = Math.max(0, offset - lastMatch);
            boolean more = offset + k < len;
            buf.release(lastMatch);
            p = buf.map(offset, more ? k + 1 : k);
            byte out = arr[p];
            s1 -= out;
            s2 -= k * out;
            if (more) {
                s1 += arr[p + k];
                s2 += s1;
            } else {
                --k;
            }
            if (backup >= blength + CHUNK_SIZE && end - offset > CHUNK_SIZE) {
                matched(offset - blength, LITERAL_ONLY, 0);
            }
        } while (++offset < end);

        matched(len, END, 0);
    }

    /**
     * Sends the literal data since the last match and then block {@code i} (or only the data
     * for {@link #LITERAL_ONLY}, or the data and the end for {@link #END}), and feeds both into
     * the whole-file sum.
     */
    private void matched(long offset, int i, int blockLength) throws IOException {
        int n = (int) (offset - lastMatch);
        if (i >= 0) {
            encoder.match(buf, lastMatch, n, i, blockLength);
        } else if (i == LITERAL_ONLY) {
            encoder.literal(buf, lastMatch, n);
        } else {
            encoder.end(buf, lastMatch, n);
        }
        literalBytes += n;
        if (i >= 0) {
            matchedBytes += blockLength;
            n += blockLength;
        }
        for (int j = 0; j < n; j += CHUNK_SIZE) {
            int n1 = Math.min(CHUNK_SIZE, n - j);
            int p = buf.map(lastMatch + j, n1);
            fileSum.update(buf.array(), p, n1);
        }
        lastMatch = i >= 0 ? offset + blockLength : offset;
        buf.release(lastMatch);
    }

    long literalBytes() {
        return literalBytes;
    }

    long matchedBytes() {
        return matchedBytes;
    }

    int matches() {
        return matches;
    }

    int falseAlarms() {
        return falseAlarms;
    }
}
