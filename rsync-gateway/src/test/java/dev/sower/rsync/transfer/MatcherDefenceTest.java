package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Sums crafted to collide must not make matching quadratic. */
class MatcherDefenceTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(20)
    void collidingWeakSumsWithWrongStrongSumsCostBoundedWork() throws Exception {
        // 100k blocks whose weak sum (0) equals that of every window of a file of zeros, but
        // whose strong sums are garbage: every offset hits 100k candidates
        int count = 100_000;
        int blength = 700;
        int s2 = 16;
        int[] weak = new int[count];
        byte[] strong = new byte[count * s2];
        new Random(1).nextBytes(strong);
        BlockSums sums = new BlockSums(new SumHead(count, blength, s2, 0), weak, strong);
        byte[] source = new byte[8 << 20];
        long t0 = System.nanoTime();
        byte[] stream = TestFiles.send(dir, source, sums, TransferSettings.of(3, Compression.NONE),
                FileRequest.DEFAULT);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        ReceiverMirror.Decoded d = ReceiverMirror.decode(stream, 0, new byte[0], Compression.NONE);
        assertThat(d.file()).isEqualTo(source);
        assertThat(d.tokens()).allMatch(t -> t instanceof ReceiverMirror.Literal);
        // unbounded, this is 8M offsets x 100k comparisons; bounded it is a few seconds at most
        assertThat(ms).as("milliseconds").isLessThan(15_000);
    }

    @Test
    @Timeout(20)
    void identicalBlocksEverywhereMatchQuicklyAndInOrder() throws Exception {
        byte[] basis = new byte[4 << 20];
        byte[] source = new byte[6 << 20];
        BlockSums sums = BlockSums.compute(basis, 2048, 2, new BlockDigest(5, SeedOrder.SEED_FIRST));
        byte[] stream = TestFiles.send(dir, source, sums, TransferSettings.of(5, Compression.NONE),
                FileRequest.DEFAULT);
        ReceiverMirror.Decoded d = ReceiverMirror.decode(stream, 0, basis, Compression.NONE);
        assertThat(d.file()).isEqualTo(source);
        assertThat(d.fileSum()).isEqualTo(MessageDigest.getInstance("MD5").digest(source));
        // the hash chain offers block 2047 first, but the preferred next block (0 at the start)
        // also matches, so the blocks come out in order, as runs
        assertThat(d.tokens().subList(0, 4)).containsExactly(new ReceiverMirror.Block(0),
                new ReceiverMirror.Block(1), new ReceiverMirror.Block(2), new ReceiverMirror.Block(3));
        assertThat(d.tokens()).allMatch(t -> t instanceof ReceiverMirror.Block);
    }
}
