package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New files sent into a {@link ChunkedSink}'s own buffers ({@link TransferSink#room}): run
 * headers written in place, file data read with one scattering read per chunk. The stream
 * must be the plain token stream whatever the chunk size.
 */
class InPlaceLiteralStreamTest {
    @TempDir
    Path dir;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A 70000-byte new file: runs of 32768, 32768 and 4464 bytes, then the end token and MD5. */
    private static byte[] golden(byte[] data) throws Exception {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.write(TestFiles.hex("00000000 00000000 00000000 00000000")); // sum head echo: count, blength, s2length, remainder
        s.write(TestFiles.hex("00800000"));                            // literal run of 32768
        s.write(data, 0, 32768);
        s.write(TestFiles.hex("00800000"));                            // literal run of 32768
        s.write(data, 32768, 32768);
        s.write(TestFiles.hex("70110000"));                            // literal run of 4464
        s.write(data, 65536, 4464);
        s.write(TestFiles.hex("00000000"));                            // end of file token
        s.write(MessageDigest.getInstance("MD5").digest(data));        // whole-file MD5
        return s.toByteArray();
    }

    /** Chunk payloads (after the headroom) in order; every chunk is recycled at once. */
    private static final class Collector {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int headroom;
        ChunkedSink sink;
        int chunks;

        Collector(int chunkSize, int headroom) {
            this.headroom = headroom;
            this.sink = new ChunkedSink(chunkSize, 2, headroom, this::take);
        }

        private void take(ChunkedSink.Chunk c) {
            byte[] b = c.bytes();
            out.write(b, headroom, c.length() - headroom);
            chunks++;
            sink.recycle(c);
        }
    }

    private FileSendResult sendNew(Path f, long length, TransferSink sink, FileChannel ch) throws IOException {
        try (FileSender sender = new FileSender(TransferSettings.of(0, Compression.NONE), sink)) {
            return sender.sendFrom(ch, length, SumHead.EMPTY, BlockSums.none(SumHead.EMPTY), FileRequest.DEFAULT);
        }
    }

    @Test
    void goldenStreamForEveryChunkSizeDownToAHeaderAndOneByte() throws Exception {
        byte[] data = random(70000, 1);
        Path f = dir.resolve("new.bin");
        Files.write(f, data);
        byte[] expected = golden(data);
        int[][] shapes = {{5, 0}, {6, 0}, {7, 2}, {9, 4}, {37, 4}, {4100, 4}, {32772, 0}, {32773, 4},
            {32776, 4}, {65536, 4}, {262144, 4}};
        for (int[] shape : shapes) {
            Collector c = new Collector(shape[0], shape[1]);
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                FileSendResult r = sendNew(f, data.length, c.sink, ch);
                assertThat(r.complete()).isTrue();
                assertThat(r.literalBytes()).isEqualTo(data.length);
            }
            c.sink.flush();
            assertThat(c.out.toByteArray()).as("chunks of %d, headroom %d", shape[0], shape[1])
                    .isEqualTo(expected);
        }
        // the copying path (a sink without room of its own) writes the same bytes
        TestFiles.ByteSink plain = new TestFiles.ByteSink();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            sendNew(f, data.length, plain, ch);
        }
        assertThat(plain.bytes()).isEqualTo(expected);
    }

    @Test
    void emptyFileIsTheHeadTheEndTokenAndTheSumOfNothing() throws Exception {
        Path f = dir.resolve("empty");
        Files.write(f, new byte[0]);
        Collector c = new Collector(64, 4);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            sendNew(f, 0, c.sink, ch);
        }
        c.sink.flush();
        assertThat(TestFiles.hex(c.out.toByteArray())).isEqualTo(
                "00000000000000000000000000000000" // sum head echo
                + "00000000"                       // end of file token
                + "d41d8cd98f00b204e9800998ecf8427e"); // MD5 of nothing
    }

    @Test
    void oneScatteringReadPerChunk() throws Exception {
        byte[] data = random(1 << 20, 2);
        Path f = dir.resolve("mib.bin");
        Files.write(f, data);
        Collector c = new Collector(256 * 1024, 4);
        try (CountingChannel ch = new CountingChannel(FileChannel.open(f, StandardOpenOption.READ), -1)) {
            assertThat(sendNew(f, data.length, c.sink, ch).complete()).isTrue();
            // the sum head, 1 MiB of data and 32 run headers fill 4 chunks and a few bytes of a fifth
            assertThat(ch.scatteringReads).isEqualTo(5);
            assertThat(ch.otherReads).isZero();
            assertThat(ch.positionSets).as("one seek per file").isEqualTo(1);
        }
        c.sink.flush();
        ReceiverMirror.Decoded d = ReceiverMirror.decode(c.out.toByteArray(), 0, new byte[0], Compression.NONE);
        assertThat(d.file()).isEqualTo(data);
        assertThat(d.fileSum()).isEqualTo(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void aChannelJustOpenedIsReadWithoutASeekAndGivesTheSameStream() throws Exception {
        byte[] data = random(70000, 5);
        Path f = dir.resolve("fresh.bin");
        Files.write(f, data);
        Collector c = new Collector(32 * 1024, 4);
        try (CountingChannel ch = new CountingChannel(FileChannel.open(f, StandardOpenOption.READ), -1);
                FileSender sender = new FileSender(TransferSettings.of(0, Compression.NONE), c.sink)) {
            FileSendResult r = sender.sendFromOpened(ch, data.length, SumHead.EMPTY,
                    BlockSums.none(SumHead.EMPTY), FileRequest.DEFAULT);
            assertThat(r.complete()).isTrue();
            assertThat(ch.positionSets).as("no seek on a fresh channel").isZero();
            assertThat(ch.otherReads).isZero();
        }
        c.sink.flush();
        assertThat(c.out.toByteArray()).isEqualTo(golden(data));
    }

    @Test
    void fileShorterThanItsOpeningLengthGoesOutZeroPaddedWithASpoiledSum() throws Exception {
        byte[] data = random(100_000, 3);
        Path f = dir.resolve("shrunk");
        Files.write(f, data);
        Collector c = new Collector(16 * 1024, 4);
        FileSendResult r;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            r = sendNew(f, 150_000, c.sink, ch); // the size seen at open; the file is shorter now
        }
        c.sink.flush();
        assertThat(r.complete()).isFalse();
        assertThat(r.readError()).isInstanceOf(Errno.ShortReadException.class)
                .hasMessageContaining("ended at 100000 bytes");
        ReceiverMirror.Decoded d = ReceiverMirror.decode(c.out.toByteArray(), 0, new byte[0], Compression.NONE);
        assertThat(d.file()).hasSize(150_000);
        assertThat(Arrays.copyOf(d.file(), 100_000)).isEqualTo(data);
        assertThat(Arrays.copyOfRange(d.file(), 100_000, 150_000)).containsOnly(0);
        assertThat(d.fileSum()).as("spoiled sum").containsOnly(0);
    }

    @Test
    void readErrorKeepsTheStreamShapeAndStopsReading() throws Exception {
        byte[] data = random(200_000, 4);
        Path f = dir.resolve("failing");
        Files.write(f, data);
        Collector c = new Collector(64 * 1024, 4);
        FileSendResult r;
        try (CountingChannel ch = new CountingChannel(FileChannel.open(f, StandardOpenOption.READ), 1)) {
            r = sendNew(f, data.length, c.sink, ch);
            assertThat(ch.scatteringReads).as("no read after the failure").isEqualTo(2);
        }
        c.sink.flush();
        assertThat(r.readError()).hasMessage("Input/output error");
        ReceiverMirror.Decoded d = ReceiverMirror.decode(c.out.toByteArray(), 0, new byte[0], Compression.NONE);
        assertThat(d.file()).hasSize(data.length);
        int first = 64 * 1024 - 4 - 16 - 2 * 4; // the first chunk: headroom, sum head, two run headers
        assertThat(Arrays.copyOf(d.file(), first)).isEqualTo(Arrays.copyOf(data, first));
        assertThat(Arrays.copyOfRange(d.file(), first, data.length)).containsOnly(0);
        assertThat(d.fileSum()).containsOnly(0);
    }

    /** What {@link FileSender#sendOpened} and, for comparison, {@link FileSender#sendFromOpened} wrote. */
    private record Sent(byte[] bytes, List<FileSendResult> results, int sizeCalls, int plainReads) {}

    /**
     * The files one after another into one sink with chunks of {@code chunkSize}: by
     * {@code sendOpened} with the given listed sizes, or (listed null) by {@code sendFromOpened}
     * with the length from {@code size()}.
     */
    private static Sent sendAll(List<Path> files, long[] listed, int chunkSize, int headroom,
            boolean failPlainReads) throws IOException {
        return sendAll(files, listed, chunkSize, headroom, failPlainReads, SmallFileSizing.ONE_READ,
                Integer.MAX_VALUE);
    }

    /**
     * {@link #sendAll} by a sender sizing small files as {@code sizing} says, through channels
     * whose plain reads return at most {@code plainReadLimit} bytes (an NFS or FUSE short read).
     */
    private static Sent sendAll(List<Path> files, long[] listed, int chunkSize, int headroom,
            boolean failPlainReads, SmallFileSizing sizing, int plainReadLimit) throws IOException {
        Collector c = new Collector(chunkSize, headroom);
        List<FileSendResult> results = new ArrayList<>();
        int sizeCalls = 0;
        int plainReads = 0;
        try (FileSender sender = new FileSender(TransferSettings.of(0, Compression.NONE), c.sink, sizing)) {
            for (int i = 0; i < files.size(); i++) {
                try (CountingChannel ch = new CountingChannel(
                        FileChannel.open(files.get(i), StandardOpenOption.READ), -1)) {
                    ch.failPlainReads = failPlainReads;
                    ch.plainReadLimit = plainReadLimit;
                    results.add(listed == null
                            ? sender.sendFromOpened(ch, ch.size(), SumHead.EMPTY,
                                    BlockSums.none(SumHead.EMPTY), FileRequest.DEFAULT)
                            : sender.sendOpened(ch, listed[i], SumHead.EMPTY,
                                    BlockSums.none(SumHead.EMPTY), FileRequest.DEFAULT));
                    sizeCalls += ch.sizeCalls;
                    plainReads += ch.otherReads;
                }
            }
        }
        c.sink.flush();
        return new Sent(c.out.toByteArray(), results, sizeCalls, plainReads);
    }

    @Test
    void smallNewFilesSizedByOneReadGiveTheSameStreamWithoutAskingTheLength() throws Exception {
        int[] sizes = {1, 2, 100, 1000, 4093, 4096, 32766, 32767, 5, 300};
        List<Path> files = new ArrayList<>();
        long[] listed = new long[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            files.add(Files.write(dir.resolve("small-" + i), random(sizes[i], 10 + i)));
            listed[i] = sizes[i];
        }
        // single-file golden stream for the first: head, run of 1, the byte, end, MD5
        byte[] one = Files.readAllBytes(files.get(0));
        Sent first = sendAll(files.subList(0, 1), new long[] {1}, 4100, 4, false);
        assertThat(TestFiles.hex(first.bytes())).isEqualTo("00000000000000000000000000000000" // sum head echo
                + "01000000" + TestFiles.hex(one)                                          // literal run of 1
                + "00000000"                                                               // end of file token
                + TestFiles.hex(MessageDigest.getInstance("MD5").digest(one)));            // whole-file MD5
        assertThat(first.sizeCalls()).isZero();
        int[][] shapes = {{5, 0}, {6, 0}, {9, 4}, {37, 4}, {4100, 4}, {32772, 0}, {32776, 4},
            {65536, 4}, {262144, 4}};
        for (int[] shape : shapes) {
            Sent expected = sendAll(files, null, shape[0], shape[1], false);
            Sent sized = sendAll(files, listed, shape[0], shape[1], false);
            assertThat(sized.bytes()).as("chunks of %d, headroom %d", shape[0], shape[1])
                    .isEqualTo(expected.bytes());
            assertThat(sized.results()).isEqualTo(expected.results());
            if (shape[0] == 262144) {
                // all fit in one chunk: no file asked for its length, one read each
                assertThat(sized.sizeCalls()).isZero();
                assertThat(sized.plainReads()).isEqualTo(files.size());
            }
        }
    }

    @Test
    void aFileThatGrewShrankOrFailsIsSentWithItsOpeningLengthAsBefore() throws Exception {
        List<Path> files = List.of(
                Files.write(dir.resolve("grown"), random(1500, 21)),
                Files.write(dir.resolve("shrunk"), random(700, 22)),
                Files.write(dir.resolve("emptied"), new byte[0]),
                Files.write(dir.resolve("empty-listed"), random(10, 23)),
                Files.write(dir.resolve("large"), random(40_000, 24)));
        long[] listed = {1000, 900, 50, 0, 40_000};
        for (int chunk : new int[] {9, 4100, 262144}) {
            Sent expected = sendAll(files, null, chunk, 4, false);
            Sent sized = sendAll(files, listed, chunk, 4, false);
            assertThat(sized.bytes()).as("chunks of %d", chunk).isEqualTo(expected.bytes());
            assertThat(sized.results()).isEqualTo(expected.results());
            assertThat(sized.sizeCalls()).as("every one asked its length").isEqualTo(files.size());
        }
        // the decoded files are the files as they are now
        Sent sized = sendAll(files, listed, 262144, 4, false);
        ReceiverMirror.Decoded d = ReceiverMirror.decode(sized.bytes(), 0, new byte[0], Compression.NONE);
        assertThat(d.file()).isEqualTo(Files.readAllBytes(files.get(0)));
    }

    @Test
    void aFailingFirstReadLeavesTheErrorToTheUsualReadAndItsMessage() throws Exception {
        Path f = Files.write(dir.resolve("eio"), random(2000, 31));
        // fails the plain read of sendOpened; the scattering read that follows works
        Sent sized = sendAll(List.of(f), new long[] {2000}, 262144, 4, true);
        Sent expected = sendAll(List.of(f), null, 262144, 4, false);
        assertThat(sized.bytes()).isEqualTo(expected.bytes());
        assertThat(sized.sizeCalls()).isEqualTo(1);
        // a directory opened in place of the file: EISDIR from the read, as before
        Path d = Files.createDirectory(dir.resolve("now-a-dir"));
        Collector c = new Collector(4100, 4);
        try (FileSender sender = new FileSender(TransferSettings.of(0, Compression.NONE), c.sink,
                SmallFileSizing.ONE_READ);
                FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            FileSendResult r = sender.sendOpened(ch, 100, SumHead.EMPTY, BlockSums.none(SumHead.EMPTY),
                    FileRequest.DEFAULT);
            assertThat(r.complete()).isFalse();
            assertThat(r.readErrorMessage("\"now-a-dir\" (in m)")).contains("Is a directory (21)");
        }
    }

    @Test
    void offLocalFileSystemsEverySmallFileAsksItsLengthAndGoesAsBefore() throws Exception {
        int[] sizes = {1, 100, 4096, 32767};
        List<Path> files = new ArrayList<>();
        long[] listed = new long[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            files.add(Files.write(dir.resolve("fstat-" + i), random(sizes[i], 40 + i)));
            listed[i] = sizes[i];
        }
        Sent expected = sendAll(files, null, 262144, 4, false);
        Sent fstat = sendAll(files, listed, 262144, 4, false, SmallFileSizing.FSTAT, Integer.MAX_VALUE);
        assertThat(fstat.bytes()).isEqualTo(expected.bytes());
        assertThat(fstat.results()).isEqualTo(expected.results());
        assertThat(fstat.sizeCalls()).isEqualTo(files.size());
        assertThat(fstat.plainReads()).isZero();
    }

    /**
     * A file that grew from its listed 1000 bytes to 1500, read where one read returns 1000
     * bytes short of the end (NFS, FUSE): sized by that read it would go out as 1000 bytes with a
     * matching sum; asking its length sends all 1500, as {@code sendFromOpened} does.
     */
    @Test
    void aShortReadOfAGrownFileIsNotTakenForItsEndOffLocalFileSystems() throws Exception {
        byte[] data = random(1500, 51);
        List<Path> grown = List.of(Files.write(dir.resolve("grown-nfs"), data));
        long[] listed = {1000};
        Sent expected = sendAll(grown, null, 262144, 4, false);
        Sent fstat = sendAll(grown, listed, 262144, 4, false, SmallFileSizing.FSTAT, 1000);
        assertThat(fstat.bytes()).isEqualTo(expected.bytes());
        assertThat(fstat.sizeCalls()).isEqualTo(1);
        ReceiverMirror.Decoded whole = ReceiverMirror.decode(fstat.bytes(), 0, new byte[0],
                Compression.NONE);
        assertThat(whole.file()).isEqualTo(data);
        // the hazard the decision avoids: the one read's 1000 bytes taken for the whole file
        Sent oneRead = sendAll(grown, listed, 262144, 4, false, SmallFileSizing.ONE_READ, 1000);
        ReceiverMirror.Decoded cut = ReceiverMirror.decode(oneRead.bytes(), 0, new byte[0],
                Compression.NONE);
        assertThat(cut.file()).isEqualTo(Arrays.copyOf(data, 1000));
        assertThat(cut.fileSum()).isEqualTo(MessageDigest.getInstance("MD5").digest(cut.file()));
    }

    /**
     * A file channel that counts reads and seeks, and fails the scattering read with index
     * {@code failAt} (0-based; -1: never).
     */
    private static final class CountingChannel extends FileChannel {
        private final FileChannel real;
        private final int failAt;
        int scatteringReads;
        int otherReads;
        int positionSets;
        int sizeCalls;
        /** Whether {@link #read(ByteBuffer)} fails (with EIO). */
        boolean failPlainReads;
        /** The most bytes one {@link #read(ByteBuffer)} returns. */
        int plainReadLimit = Integer.MAX_VALUE;

        CountingChannel(FileChannel real, int failAt) {
            this.real = real;
            this.failAt = failAt;
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            if (scatteringReads++ == failAt) {
                throw new IOException("Input/output error");
            }
            return real.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            otherReads++;
            if (failPlainReads) {
                throw new IOException("Input/output error");
            }
            if (dst.remaining() > plainReadLimit) {
                ByteBuffer part = dst.slice(dst.position(), plainReadLimit);
                int n = real.read(part);
                dst.position(dst.position() + Math.max(n, 0));
                return n;
            }
            return real.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            otherReads++;
            return real.read(dst, position);
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            positionSets++;
            real.position(newPosition);
            return this;
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public long size() throws IOException {
            sizeCalls++;
            return real.size();
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileChannel truncate(long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void force(boolean metaData) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
