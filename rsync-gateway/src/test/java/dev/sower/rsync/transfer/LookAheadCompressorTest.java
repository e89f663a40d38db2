package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** New files compressed ahead give the bytes the inline sender writes. */
class LookAheadCompressorTest {
    private static final int BOUND = 1 << 20;

    @TempDir
    Path dir;

    private static byte[] text(int n, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(n + 64);
        while (sb.length() < n) {
            sb.append("{\"id\":").append(r.nextInt(100_000)).append(",\"name\":\"item-")
                    .append(r.nextInt(1000)).append("\",\"tags\":[\"a\",\"b\"]}\n");
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private record Case(String name, byte[] data, boolean low) {
    }

    private List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("empty", new byte[0], false));
        c.add(new Case("one", new byte[] {42}, false));
        c.add(new Case("text-100", text(100, 1), false));
        c.add(new Case("text-32768", text(32768, 2), false));
        c.add(new Case("text-32769", text(32769, 3), false));
        c.add(new Case("random-over-bound", random(BOUND + 300_000, 4), false));
        c.add(new Case("text-1m", text(1 << 20, 5), false));
        c.add(new Case("stored.gz", random(200_000, 6), true));
        c.add(new Case("empty-low.zip", new byte[0], true));
        c.add(new Case("text-after-low", text(700_000, 7), false));
        c.add(new Case("stored-over-bound.jpg", random(BOUND + 1, 8), true));
        c.add(new Case("zeros-3m", new byte[3 << 20], false));
        c.add(new Case("text-5m", text(5 << 20, 9), false));
        c.add(new Case("text-last", text(70_000, 10), false));
        return c;
    }

    private Path write(Case c) throws IOException {
        Path f = dir.resolve(c.name());
        Files.write(f, c.data());
        return f;
    }

    private static FileChannel read(Path f) throws IOException {
        return FileChannel.open(f, StandardOpenOption.READ);
    }

    @Test
    void streamsEqualTheInlineSendersForManyFilesAndDialects() throws Exception {
        List<TransferSettings> dialects = List.of(
                TransferSettings.of(0, Compression.ZLIB),
                new TransferSettings(30, 7, SeedOrder.SEED_LAST, Compression.ZLIB, 1, FileWindow.DEFAULT_CAPACITY),
                new TransferSettings(31, 0, SeedOrder.SEED_FIRST, Compression.ZLIBX, 9, FileWindow.DEFAULT_CAPACITY));
        for (TransferSettings settings : dialects) {
            List<String> givenUp = new ArrayList<>();
            TestFiles.ByteSink inlineSink = new TestFiles.ByteSink();
            TestFiles.ByteSink aheadSink = new TestFiles.ByteSink();
            try (FileSender inline = new FileSender(settings, inlineSink);
                    FileSender ahead = new FileSender(settings, aheadSink);
                    LookAheadCompressor compressor = new LookAheadCompressor(settings, BOUND)) {
                for (Case c : cases()) {
                    Path f = write(c);
                    FileRequest request = new FileRequest(false, AppendMode.OFF, c.low());
                    FileSendResult expected;
                    try (FileChannel ch = read(f)) {
                        expected = inline.send(ch, BlockSums.none(SumHead.EMPTY), request);
                    }
                    PrecompressedFile p;
                    try (FileChannel ch = read(f)) {
                        p = compressor.compress(ch, ch.size(), c.low(), () -> false);
                    }
                    FileSendResult got;
                    if (p == null) {
                        givenUp.add(c.name());
                        try (FileChannel ch = read(f)) {
                            got = ahead.send(ch, BlockSums.none(SumHead.EMPTY), request);
                        }
                    } else {
                        assertThat(p.tokenLength()).as(c.name()).isLessThanOrEqualTo(BOUND);
                        got = ahead.sendPrecompressed(SumHead.EMPTY, p);
                    }
                    assertThat(got).as(c.name()).isEqualTo(expected);
                    assertThat(aheadSink.bytes()).as(c.name() + " " + settings).isEqualTo(inlineSink.bytes());
                }
            }
            // both paths were taken: the bound gives up the large incompressible files only
            assertThat(givenUp).as(settings.toString())
                    .containsExactly("random-over-bound", "stored-over-bound.jpg");
        }
    }

    @Test
    void aFileShorterThanItsOpeningLengthIsGivenUpAndTheNextIsExact() throws Exception {
        TransferSettings settings = TransferSettings.of(0, Compression.ZLIB);
        Case shrunk = new Case("shrunk", text(100_000, 11), false);
        Case next = new Case("next", text(300_000, 12), false);
        try (LookAheadCompressor compressor = new LookAheadCompressor(settings, BOUND)) {
            try (FileChannel ch = read(write(shrunk))) {
                assertThat(compressor.compress(ch, ch.size() + 5000, false, () -> false)).isNull();
            }
            assertSameAsInline(settings, compressor, next);
        }
    }

    @Test
    void cancellingStopsTheFileAndTheNextStartsFromAFreshStream() throws Exception {
        TransferSettings settings = TransferSettings.of(0, Compression.ZLIB);
        Case big = new Case("big", text(3 << 20, 13), false);
        Case next = new Case("after-cancel", text(500_000, 14), false);
        try (LookAheadCompressor compressor = new LookAheadCompressor(settings, BOUND)) {
            int[] polls = {0};
            try (FileChannel ch = read(write(big))) {
                assertThatThrownBy(() -> compressor.compress(ch, ch.size(), false, () -> ++polls[0] > 2))
                        .isInstanceOf(CancellationException.class);
            }
            assertThat(polls[0]).isEqualTo(3);
            assertSameAsInline(settings, compressor, next);
        }
    }

    private void assertSameAsInline(TransferSettings settings, LookAheadCompressor compressor, Case c)
            throws IOException {
        Path f = write(c);
        TestFiles.ByteSink inlineSink = new TestFiles.ByteSink();
        TestFiles.ByteSink aheadSink = new TestFiles.ByteSink();
        try (FileSender inline = new FileSender(settings, inlineSink);
                FileSender ahead = new FileSender(settings, aheadSink);
                FileChannel a = read(f);
                FileChannel b = read(f)) {
            FileSendResult expected = inline.send(a, BlockSums.none(SumHead.EMPTY), FileRequest.DEFAULT);
            PrecompressedFile p = compressor.compress(b, b.size(), false, () -> false);
            assertThat(p).isNotNull();
            assertThat(ahead.sendPrecompressed(SumHead.EMPTY, p)).isEqualTo(expected);
        }
        assertThat(aheadSink.bytes()).isEqualTo(inlineSink.bytes());
    }
}
