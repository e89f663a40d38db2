package dev.sower.rsync.transfer;

import static dev.sower.rsync.transfer.TestFiles.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden data streams for small inputs with 4-byte blocks (the client's {@code -B}), derived by
 * hand from match.c's algorithm; deflated bytes from Python's zlib
 * ({@code compressobj(6, DEFLATED, -15, 8)}, Z_SYNC_FLUSH, last 4 bytes stripped).
 */
class TokenStreamGoldenTest {
    private static final byte[] BASIS = ascii("ABCDEFGHIJKL");
    private static final String HEAD = "03000000 04000000 10000000 00000000"; // 3 blocks of 4, 16-byte sums

    @TempDir
    Path dir;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] plain(String source) throws Exception {
        BlockSums sums = BlockSums.compute(BASIS, 4, 16, new BlockDigest(0, SeedOrder.SEED_FIRST));
        return TestFiles.send(dir, ascii(source), sums, TransferSettings.of(0, Compression.NONE), FileRequest.DEFAULT);
    }

    @Test
    void identicalFileIsAllBlocks() throws Exception {
        assertThat(hex(plain("ABCDEFGHIJKL"))).isEqualTo(hex(hex(HEAD
                + "ffffffff feffffff fdffffff" // blocks 0, 1, 2
                + "00000000" // end
                + "2b0dc568e588e46a5a7cd56dcec348af"))); // MD5 of the file
    }

    @Test
    void appendedDataFollowsTheBlocks() throws Exception {
        assertThat(hex(plain("ABCDEFGHIJKLXYZ"))).isEqualTo(hex(hex(HEAD
                + "ffffffff feffffff fdffffff"
                + "03000000 58595a" // 3 literal bytes "XYZ"
                + "00000000"
                + "910b784267ce1497d9f208604299d665")));
    }

    @Test
    void truncatedFileSendsItsShortTailAsLiteral() throws Exception {
        assertThat(hex(plain("ABCDEFGHIJ"))).isEqualTo(hex(hex(HEAD
                + "ffffffff feffffff"
                + "02000000 494a" // "IJ": the 4-byte last block cannot match 2 bytes
                + "00000000"
                + "e86410fa2d6e2634fd8ac5f4b3afe7f3")));
    }

    @Test
    void middleEditIsLiteralBetweenBlocks() throws Exception {
        assertThat(hex(plain("ABCDEFxHIJKL"))).isEqualTo(hex(hex(HEAD
                + "ffffffff"
                + "04000000 45467848" // "EFxH"
                + "fdffffff"
                + "00000000"
                + "ef713fe57be627cfeeb619952e10dbc6")));
    }

    @Test
    void reorderedBlocksAreFoundAnywhere() throws Exception {
        assertThat(hex(plain("IJKLABCDEFGH"))).isEqualTo(hex(hex(HEAD
                + "fdffffff ffffffff feffffff" // blocks 2, 0, 1
                + "00000000"
                + "e1fe4e3c4a0073f941c3033bd1fcbfc1")));
    }

    @Test
    void noBasisSendsEverythingAsLiteral() throws Exception {
        byte[] out = TestFiles.send(dir, ascii("XYZ"), BlockSums.none(SumHead.EMPTY),
                TransferSettings.of(0, Compression.NONE), FileRequest.DEFAULT);
        assertThat(hex(out)).isEqualTo(hex(hex("00000000 00000000 00000000 00000000" // empty sum head
                + "03000000 58595a 00000000"
                + "e65075d550f9b5bf9992fa1d71a131be")));
    }

    private byte[] zlib(String source, Compression c) throws Exception {
        BlockSums sums = BlockSums.compute(BASIS, 4, 16, new BlockDigest(0, SeedOrder.SEED_FIRST));
        return TestFiles.send(dir, ascii(source), sums, TransferSettings.of(0, c), FileRequest.DEFAULT);
    }

    @Test
    void zlibIdenticalFileIsOneRun() throws Exception {
        assertThat(hex(zlib("ABCDEFGHIJKL", Compression.ZLIB))).isEqualTo(hex(hex(HEAD
                + "c0 0200" // TOKENRUN_REL +0: block 0, then a run of 2 more
                + "00" // END_FLAG
                + "2b0dc568e588e46a5a7cd56dcec348af")));
    }

    @Test
    void zlibReorderedBlocksUseRelativeAndLongTokens() throws Exception {
        assertThat(hex(zlib("IJKLABCDEFGH", Compression.ZLIB))).isEqualTo(hex(hex(HEAD
                + "82" // TOKEN_REL +2: block 2
                + "21 00000000 0100" // TOKENRUN_LONG block 0 (0 - 2 is negative), run of 1
                + "00"
                + "e1fe4e3c4a0073f941c3033bd1fcbfc1")));
    }

    @Test
    void zlibMiddleEditDeflatesTheLiteral() throws Exception {
        assertThat(hex(zlib("ABCDEFxHIJKL", Compression.ZLIB))).isEqualTo(hex(hex(HEAD
                + "80" // TOKEN_REL +0: block 0
                + "40 06 7275abf00000" // DEFLATED_DATA, 6 bytes: "EFxH" sync-flushed, 00 00 ff ff cut
                + "82" // TOKEN_REL +2: block 2
                + "00"
                + "ef713fe57be627cfeeb619952e10dbc6")));
    }

    /** Basis "ABCDEFGH" as one 8-byte block; the literal repeats most of it. */
    private byte[] history(Compression c) throws Exception {
        byte[] basis = ascii("ABCDEFGH");
        BlockSums sums = BlockSums.compute(basis, 8, 16, new BlockDigest(0, SeedOrder.SEED_FIRST));
        return TestFiles.send(dir, ascii("ABCDEFGHxABCDEFG"), sums, TransferSettings.of(0, c), FileRequest.DEFAULT);
    }

    @Test
    void zlibFeedsMatchedDataIntoTheCompressorHistory() throws Exception {
        assertThat(hex(history(Compression.ZLIB))).isEqualTo(hex(hex("01000000 08000000 10000000 00000000"
                + "80" // block 0
                + "40 06 aa7084300000" // "xABCDEFG" as a back-reference into the fed block
                + "00"
                + "cfde27c26c7e4e397c5c6fff3842e86d")));
    }

    @Test
    void zlibxDoesNotFeedMatchedData() throws Exception {
        assertThat(hex(history(Compression.ZLIBX))).isEqualTo(hex(hex("01000000 08000000 10000000 00000000"
                + "80"
                + "40 0a aa707472767175730700" // "xABCDEFG" all literal
                + "00"
                + "cfde27c26c7e4e397c5c6fff3842e86d")));
    }
}
