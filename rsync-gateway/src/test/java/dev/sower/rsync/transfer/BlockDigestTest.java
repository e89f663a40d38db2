package dev.sower.rsync.transfer;

import static dev.sower.rsync.transfer.TestFiles.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BlockDigestTest {
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    @Test
    void seedZeroAddsNoBytesInEitherOrder() {
        // RFC 1321 test vector MD5("abc")
        String md5abc = "900150983cd24fb0d6963f7d28e17f72";
        assertThat(hex(new BlockDigest(0, SeedOrder.SEED_FIRST).digest(ABC, 0, 3))).isEqualTo(md5abc);
        assertThat(hex(new BlockDigest(0, SeedOrder.SEED_LAST).digest(ABC, 0, 3))).isEqualTo(md5abc);
    }

    @Test
    void seedIsHashedLittleEndianBeforeOrAfterTheBlock() {
        // python3: hashlib.md5(struct.pack('<i', 12345) + b"abc"), and with the seed after
        assertThat(hex(new BlockDigest(12345, SeedOrder.SEED_FIRST).digest(ABC, 0, 3)))
                .isEqualTo("bb14fea2e616bd230bdf9fb20427076d");
        assertThat(hex(new BlockDigest(12345, SeedOrder.SEED_LAST).digest(ABC, 0, 3)))
                .isEqualTo("c3336900e0a75b57373b0d0906bd052b");
    }

    @Test
    void orderFollowsTheSeedFixFlag() {
        assertThat(SeedOrder.forSeedFix(true)).isEqualTo(SeedOrder.SEED_FIRST);
        assertThat(SeedOrder.forSeedFix(false)).isEqualTo(SeedOrder.SEED_LAST);
    }

    @Test
    void digestIsRepeatable() {
        BlockDigest d = new BlockDigest(-7, SeedOrder.SEED_FIRST);
        assertThat(d.digest(ABC, 0, 3)).isEqualTo(d.digest(ABC, 0, 3));
    }
}
