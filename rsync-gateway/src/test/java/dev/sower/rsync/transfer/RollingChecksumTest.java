package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollingChecksumTest {
    @Test
    void asciiBlockMatchesHandComputedSums() {
        // s1 = 65+66+67+68 = 266 = 0x010A; s2 = 4*65 + 3*66 + 2*67 + 68 = 660 = 0x0294
        assertThat(RollingChecksum.of("ABCD".getBytes(StandardCharsets.US_ASCII), 0, 4)).isEqualTo(0x0294010A);
    }

    @Test
    void bytesAreSignedAsInRsyncsSchar() {
        // s1 = -1 + -128 = -129 -> 0xFF7F; s2 = -1 + -129 = -130 -> 0xFF7E in the high half
        byte[] b = {(byte) 0xFF, (byte) 0x80};
        assertThat(RollingChecksum.of(b, 0, 2)).isEqualTo(0xFF7EFF7F);
    }

    @Test
    void emptyBlockIsZero() {
        assertThat(RollingChecksum.of(new byte[0], 0, 0)).isZero();
    }

    @Test
    void rollingEqualsRecomputingAtEveryOffset() {
        byte[] data = new byte[5000];
        new Random(7).nextBytes(data);
        int k = 700;
        RollingChecksum r = new RollingChecksum();
        r.reset(data, 0, k);
        for (int off = 0; off + k < data.length; off++) {
            assertThat(r.value()).as("offset %d", off).isEqualTo(RollingChecksum.of(data, off, k));
            r.roll(data[off], data[off + k]);
        }
    }

    @Test
    void rollingOutShrinksTheWindowAtTheEnd() {
        byte[] data = new byte[100];
        new Random(8).nextBytes(data);
        RollingChecksum r = new RollingChecksum();
        r.reset(data, 60, 40);
        for (int off = 60; off < 100; off++) {
            assertThat(r.value()).isEqualTo(RollingChecksum.of(data, off, 100 - off));
            r.rollOut(data[off]);
        }
        assertThat(r.length()).isZero();
        assertThat(r.value()).isZero();
    }
}
