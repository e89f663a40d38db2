package dev.sower.rsync.transfer;

import static dev.sower.rsync.transfer.TestFiles.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BlockSumsDecoderTest {
    private static final SumHead HEAD = new SumHead(2, 4, 3, 2);
    private static final String GOLDEN = ""
            + "0a019402" + "a1b2c3" // block 0: weak 0x0294010A, strong prefix a1 b2 c3
            + "ffffffff" + "000102" // block 1: weak 0xFFFFFFFF, strong prefix 00 01 02
            + "99"; // the next message

    @Test
    void decodesGoldenBytesWhole() {
        ByteBuffer in = ByteBuffer.wrap(hex(GOLDEN));
        BlockSums sums = new BlockSumsDecoder(HEAD).decode(in);
        assertGolden(sums);
        assertThat(in.remaining()).isEqualTo(1);
    }

    @Test
    void decodesGoldenBytesOneAtATimeConsumingWholeEntriesOnly() {
        byte[] bytes = hex(GOLDEN);
        BlockSumsDecoder decoder = new BlockSumsDecoder(HEAD);
        ByteBuffer acc = ByteBuffer.allocate(32);
        BlockSums sums = null;
        for (int i = 0; i < 14; i++) {
            acc.put(bytes[i]).flip();
            sums = decoder.decode(acc);
            assertThat(sums == null).isEqualTo(i < 13);
            assertThat(acc.position()).isEqualTo(i == 6 || i == 13 ? 7 : 0);
            acc.compact();
        }
        assertGolden(sums);
    }

    @Test
    void growsTheTableAsEntriesArrive() {
        int count = 5000;
        SumHead head = new SumHead(count, 700, 2, 0);
        ByteBuffer wire = ByteBuffer.allocate(count * 6);
        for (int i = 0; i < count; i++) {
            wire.put((byte) i).put((byte) (i >> 8)).put((byte) 0).put((byte) 0).put((byte) 7).put((byte) i);
        }
        wire.flip();
        BlockSumsDecoder decoder = new BlockSumsDecoder(head);
        ByteBuffer part = wire.duplicate().limit(600);
        assertThat(decoder.decode(part)).isNull();
        assertThat(decoder.received()).isEqualTo(100);
        wire.position(600);
        BlockSums sums = decoder.decode(wire);
        assertThat(sums.count()).isEqualTo(count);
        assertThat(sums.weak(4999)).isEqualTo(4999);
        assertThat(sums.strong(4999)).containsExactly(7, (byte) 4999);
    }

    @Test
    void emptyHeadNeedsNoBytes() {
        assertThat(new BlockSumsDecoder(SumHead.EMPTY).decode(ByteBuffer.allocate(0)).count()).isZero();
    }

    @Test
    void computeMirrorsTheGenerator() {
        byte[] basis = "ABCDEFGHIJ".getBytes(StandardCharsets.US_ASCII);
        BlockSums sums = BlockSums.compute(basis, 4, 16, new BlockDigest(0, SeedOrder.SEED_FIRST));
        assertThat(sums.head()).isEqualTo(new SumHead(3, 4, 16, 2));
        assertThat(sums.weak(0)).isEqualTo(0x0294010A);
        // MD5("IJ")
        assertThat(TestFiles.hex(sums.strong(2))).isEqualTo("3b7ff34426df8b23b1eac2602bd1e2d3");
    }

    private static void assertGolden(BlockSums sums) {
        assertThat(sums.count()).isEqualTo(2);
        assertThat(sums.weak(0)).isEqualTo(0x0294010A);
        assertThat(sums.weak(1)).isEqualTo(-1);
        assertThat(sums.strong(0)).isEqualTo(hex("a1b2c3"));
        assertThat(sums.strong(1)).isEqualTo(hex("000102"));
        assertThat(sums.head().blockLength(1)).isEqualTo(2);
    }
}
