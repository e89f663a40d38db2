package dev.sower.rsync.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/** Helpers shared by the transfer tests. */
final class TestFiles {
    private TestFiles() {
    }

    /** A sink that keeps everything, for small test files. */
    static final class ByteSink implements TransferSink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int flushes;

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes++;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Sends {@code source} against {@code sums} and returns the whole data stream. */
    static byte[] send(Path dir, byte[] source, BlockSums sums, TransferSettings settings, FileRequest request)
            throws IOException {
        Path file = Files.createTempFile(dir, "src", ".bin");
        Files.write(file, source);
        ByteSink sink = new ByteSink();
        try (FileSender sender = new FileSender(settings, sink);
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            sender.send(ch, sums, request);
        }
        return sink.bytes();
    }
}
