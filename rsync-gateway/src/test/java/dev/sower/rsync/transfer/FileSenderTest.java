package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that change while they are sent, and append mode. */
class FileSenderTest {
    @TempDir
    Path dir;

    /** A sink that runs an action once, after a number of bytes went through. */
    private static final class TriggerSink implements TransferSink {
        final TestFiles.ByteSink inner = new TestFiles.ByteSink();
        final long after;
        final IoAction action;
        long seen;
        boolean fired;

        TriggerSink(long after, IoAction action) {
            this.after = after;
            this.action = action;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            inner.write(b, off, len);
            seen += len;
            if (!fired && seen >= after) {
                fired = true;
                action.run();
            }
        }

        @Override
        public void flush() {
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void fileThatShrinksMidSendGoesOutZeroPaddedWithASpoiledSum() throws Exception {
        byte[] data = random(3 << 20, 1);
        Path f = dir.resolve("shrinking");
        Files.write(f, data);
        int keep = 1 << 20; // the first window read (1 MiB) happens before the truncation
        TriggerSink sink = new TriggerSink(100_000, () -> {
            try (FileChannel w = FileChannel.open(f, StandardOpenOption.WRITE)) {
                w.truncate(keep + 10);
            }
        });
        FileSendResult result;
        try (FileSender sender = new FileSender(TransferSettings.of(0, Compression.NONE), sink);
                FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            result = sender.send(ch, BlockSums.none(SumHead.EMPTY), FileRequest.DEFAULT);
        }
        assertThat(result.complete()).isFalse();
        assertThat(result.length()).isEqualTo(data.length);
        assertThat(result.readErrorMessage("\"shrinking\" (in data)"))
                .isEqualTo("rsync: [sender] read errors mapping \"shrinking\" (in data): No data available (61)\n");
        ReceiverMirror.Decoded d = ReceiverMirror.decode(sink.inner.bytes(), 0, new byte[0], Compression.NONE);
        assertThat(d.file()).hasSize(data.length);
        assertThat(Arrays.copyOf(d.file(), keep + 10)).isEqualTo(Arrays.copyOf(data, keep + 10));
        assertThat(Arrays.copyOfRange(d.file(), keep + 10, data.length)).containsOnly(0);
        assertThat(d.fileSum()).as("spoiled sum").containsOnly(0);
    }

    @Test
    void fileThatGrowsMidSendIsSentAtItsOpeningLength() throws Exception {
        byte[] data = random(2 << 20, 2);
        Path f = dir.resolve("growing");
        Files.write(f, data);
        TriggerSink sink = new TriggerSink(1000, () -> Files.write(f, random(500_000, 3), StandardOpenOption.APPEND));
        FileSendResult result;
        try (FileSender sender = new FileSender(TransferSettings.of(0, Compression.ZLIB), sink);
                FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            result = sender.send(ch, BlockSums.none(SumHead.EMPTY), FileRequest.DEFAULT);
        }
        assertThat(sink.fired).isTrue();
        assertThat(Files.size(f)).isEqualTo(data.length + 500_000);
        assertThat(result.complete()).isTrue();
        assertThat(result.length()).isEqualTo(data.length);
        assertThat(result.literalBytes()).isEqualTo(data.length);
        ReceiverMirror.Decoded d = ReceiverMirror.decode(sink.inner.bytes(), 0, new byte[0], Compression.ZLIB);
        assertThat(d.file()).isEqualTo(data);
        assertThat(d.fileSum()).isEqualTo(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void readFailureIsReportedNotThrown() throws Exception {
        byte[] data = random(500_000, 4);
        Path f = dir.resolve("closing");
        Files.write(f, data);
        FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
        // the channel fails once the sum head echo has gone out, before the first read
        TriggerSink sink = new TriggerSink(1, ch::close);
        FileSendResult result;
        try (FileSender sender = new FileSender(TransferSettings.of(0, Compression.NONE), sink)) {
            result = sender.send(ch, BlockSums.none(SumHead.EMPTY), FileRequest.DEFAULT);
        }
        assertThat(result.complete()).isFalse();
        assertThat(result.readError()).isInstanceOf(java.nio.channels.ClosedChannelException.class);
        ReceiverMirror.Decoded d = ReceiverMirror.decode(sink.inner.bytes(), 0, new byte[0], Compression.NONE);
        assertThat(d.file()).hasSize(data.length).containsOnly(0);
        assertThat(d.fileSum()).containsOnly(0);
    }

    @Test
    void appendSkipsThePrefixTheReceiverHas() throws Exception {
        byte[] data = random(300_000, 5);
        Path f = dir.resolve("appending");
        Files.write(f, data);
        // the receiver has 100 000 bytes: 143 blocks of 700, the last one 600 long
        SumHead head = new SumHead(143, 700, 0, 600);
        assertThat(head.basisLength()).isEqualTo(100_000);
        for (AppendMode mode : new AppendMode[] {AppendMode.APPEND, AppendMode.APPEND_VERIFY}) {
            TestFiles.ByteSink sink = new TestFiles.ByteSink();
            FileSendResult result;
            try (FileSender sender = new FileSender(TransferSettings.of(0, Compression.NONE), sink);
                    FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                result = sender.sendAppend(ch, head, new FileRequest(false, mode, false));
            }
            assertThat(result.literalBytes()).isEqualTo(200_000);
            ByteBuffer in = ByteBuffer.wrap(sink.bytes());
            byte[] echo = new byte[16];
            in.get(echo);
            assertThat(echo).isEqualTo(head.encode());
            ReceiverMirror.Decoded d = ReceiverMirror.decode(sink.bytes(), 0, new byte[0], Compression.NONE);
            assertThat(d.file()).isEqualTo(Arrays.copyOfRange(data, 100_000, data.length));
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] expected = mode == AppendMode.APPEND ? md5.digest(Arrays.copyOfRange(data, 100_000, data.length))
                    : md5.digest(data);
            assertThat(d.fileSum()).as(mode.name()).isEqualTo(expected);
        }
    }

    @Test
    void appendToALongerBasisSendsNothingButTheEnd() throws Exception {
        Path f = dir.resolve("short");
        Files.write(f, random(1000, 6));
        TestFiles.ByteSink sink = new TestFiles.ByteSink();
        try (FileSender sender = new FileSender(TransferSettings.of(0, Compression.NONE), sink);
                FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            sender.sendAppend(ch, new SumHead(2, 700, 0, 0), new FileRequest(false, AppendMode.APPEND, false));
        }
        ReceiverMirror.Decoded d = ReceiverMirror.decode(sink.bytes(), 0, new byte[0], Compression.NONE);
        assertThat(d.file()).isEmpty();
        assertThat(d.fileSum()).isEqualTo(MessageDigest.getInstance("MD5").digest(new byte[0]));
    }
}
