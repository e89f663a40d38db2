package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every stream the sender writes must rebuild the source through {@link ReceiverMirror}, which
 * decodes as rsync's receiver does (including the history inserts of plain {@code -z}).
 */
class DeflateRoundTripTest {
    @TempDir
    Path dir;

    private static byte[] text(Random r, int n) {
        String[] words = {"alpha ", "beta ", "gamma ", "delta ", "epsilon ", "\n", "zeta ", "eta "};
        StringBuilder sb = new StringBuilder(n + 16);
        while (sb.length() < n) {
            sb.append(words[r.nextInt(words.length)]);
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] mutate(Random r, byte[] basis) {
        byte[] out = basis.clone();
        for (int e = 0; e < 4; e++) {
            int at = r.nextInt(out.length - 200);
            for (int i = 0; i < 1 + r.nextInt(150); i++) {
                out[at + i] = (byte) r.nextInt();
            }
        }
        // move a slab and append a tail so that matches are out of order and offsets shift
        byte[] moved = new byte[out.length + 5000];
        int cut = out.length / 3;
        System.arraycopy(out, cut, moved, 0, out.length - cut);
        System.arraycopy(out, 0, moved, out.length - cut, cut);
        System.arraycopy(text(r, 5000), 0, moved, out.length, 5000);
        return moved;
    }

    @ParameterizedTest
    @CsvSource({
        "NONE, 700", "ZLIB, 700", "ZLIBX, 700",
        "ZLIB, 4096", "ZLIBX, 4096",
        // blocks longer than 0xFFFF reach the history in two pieces
        "ZLIB, 131072", "NONE, 131072",
    })
    void mutatedTextRoundTrips(Compression c, int blockLength) throws Exception {
        Random r = new Random(blockLength * 31L + c.ordinal());
        byte[] basis = text(r, 900_000);
        byte[] source = mutate(r, basis);
        BlockSums sums = BlockSums.compute(basis, blockLength, 16, new BlockDigest(99, SeedOrder.SEED_FIRST));
        byte[] stream = TestFiles.send(dir, source, sums, TransferSettings.of(99, c), FileRequest.DEFAULT);
        ReceiverMirror.Decoded d = ReceiverMirror.decode(stream, 0, basis, c);
        assertThat(d.consumed()).isEqualTo(stream.length);
        assertThat(d.file()).isEqualTo(source);
        assertThat(d.fileSum()).isEqualTo(MessageDigest.getInstance("MD5").digest(source));
        assertThat(d.tokens()).anyMatch(t -> t instanceof ReceiverMirror.Block);
    }

    @Test
    void compressionShrinksTextAndFramesStayWithin14Bits() throws Exception {
        Random r = new Random(5);
        byte[] source = text(r, 600_000);
        byte[] plain = TestFiles.send(dir, source, BlockSums.none(SumHead.EMPTY),
                TransferSettings.of(1, Compression.NONE), FileRequest.DEFAULT);
        byte[] zlib = TestFiles.send(dir, source, BlockSums.none(SumHead.EMPTY),
                TransferSettings.of(1, Compression.ZLIB), FileRequest.DEFAULT);
        assertThat(zlib.length).isLessThan(plain.length / 2);
        assertThat(ReceiverMirror.decode(zlib, 0, new byte[0], Compression.ZLIB).file()).isEqualTo(source);
        assertThat(ReceiverMirror.decode(plain, 0, new byte[0], Compression.NONE).file()).isEqualTo(source);
    }

    @Test
    void oneSenderSendsManyFilesResettingTheStreamEachTime() throws Exception {
        Random r = new Random(6);
        TestFiles.ByteSink sink = new TestFiles.ByteSink();
        byte[][] sources = new byte[5][];
        byte[][] bases = new byte[5][];
        BlockSums[] sums = new BlockSums[5];
        BlockDigest digest = new BlockDigest(7, SeedOrder.SEED_FIRST);
        try (FileSender sender = new FileSender(TransferSettings.of(7, Compression.ZLIB), sink)) {
            for (int f = 0; f < 5; f++) {
                bases[f] = text(r, 50_000 + f * 30_000);
                sources[f] = f % 2 == 0 ? mutate(r, bases[f]) : bases[f];
                sums[f] = BlockSums.compute(bases[f], 700, 2, digest);
                Path p = dir.resolve("f" + f);
                Files.write(p, sources[f]);
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    // alternate the skip-compress level between files
                    sender.send(ch, sums[f], new FileRequest(false, AppendMode.OFF, f == 1 || f == 2));
                }
            }
        }
        byte[] all = sink.bytes();
        int pos = 0;
        for (int f = 0; f < 5; f++) {
            ReceiverMirror.Decoded d = ReceiverMirror.decode(all, pos, bases[f], Compression.ZLIB);
            assertThat(d.file()).as("file %d", f).isEqualTo(sources[f]);
            pos += d.consumed();
        }
        assertThat(pos).isEqualTo(all.length);
        assertThat(sink.flushes).isEqualTo(5);
    }

    @Test
    void lowCompressionStoresInsteadOfDeflating() throws Exception {
        byte[] source = text(new Random(8), 200_000);
        byte[] normal = TestFiles.send(dir, source, BlockSums.none(SumHead.EMPTY),
                TransferSettings.of(1, Compression.ZLIB), FileRequest.DEFAULT);
        byte[] low = TestFiles.send(dir, source, BlockSums.none(SumHead.EMPTY),
                TransferSettings.of(1, Compression.ZLIB), new FileRequest(false, AppendMode.OFF, true));
        assertThat(low.length).isGreaterThan(source.length).isGreaterThan(3 * normal.length);
        assertThat(ReceiverMirror.decode(low, 0, new byte[0], Compression.ZLIB).file()).isEqualTo(source);
    }

    @Test
    void emptyFileIsHeadEndAndTheEmptySum() throws Exception {
        for (Compression c : Compression.values()) {
            byte[] s = TestFiles.send(dir, new byte[0], BlockSums.none(SumHead.EMPTY), TransferSettings.of(0, c),
                    FileRequest.DEFAULT);
            byte[] end = c == Compression.NONE ? new byte[4] : new byte[1];
            byte[] expected = new byte[16 + end.length + 16];
            System.arraycopy(TestFiles.hex("d41d8cd98f00b204e9800998ecf8427e"), 0, expected, 16 + end.length, 16);
            assertThat(s).as(c.name()).isEqualTo(expected);
        }
    }

    @Test
    void basisLargerThanTheFileAndAShortFile() throws Exception {
        Random r = new Random(9);
        byte[] basis = text(r, 100_000);
        byte[] source = Arrays.copyOfRange(basis, 40_000, 40_500);
        BlockSums sums = BlockSums.compute(basis, 700, 16, new BlockDigest(0, SeedOrder.SEED_LAST));
        TransferSettings legacy = new TransferSettings(31, 0, SeedOrder.SEED_LAST, Compression.ZLIB, 6,
                FileWindow.DEFAULT_CAPACITY);
        byte[] s = TestFiles.send(dir, source, sums, legacy, FileRequest.DEFAULT);
        assertThat(ReceiverMirror.decode(s, 0, basis, Compression.ZLIB).file()).isEqualTo(source);
    }
}
