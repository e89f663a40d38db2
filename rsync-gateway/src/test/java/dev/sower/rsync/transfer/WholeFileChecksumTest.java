package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WholeFileChecksumTest {
    @TempDir
    Path dir;

    @Test
    void md5OfTheListedLengthAcrossManyReads() throws Exception {
        byte[] data = new byte[100_000];
        new Random(3).nextBytes(data);
        Path f = Files.write(dir.resolve("f"), data);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            assertThat(new WholeFileChecksum(4096).of(ch, data.length))
                    .isEqualTo(MessageDigest.getInstance("MD5").digest(data));
        }
    }

    @Test
    void knownVectorAndAShrunkFileReadsAsZeros() throws Exception {
        Path f = Files.write(dir.resolve("abc"), "abc".getBytes(StandardCharsets.US_ASCII));
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            WholeFileChecksum sum = new WholeFileChecksum(2);
            assertThat(TestFiles.hex(sum.of(ch, 3))).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
            // listed at 5 bytes, now 3: "abc\0\0"
            assertThat(sum.of(ch, 5)).isEqualTo(MessageDigest.getInstance("MD5").digest(new byte[] {'a', 'b', 'c', 0, 0}));
        }
        assertThat(WholeFileChecksum.unreadable()).hasSize(16).containsOnly(0);
    }
}
