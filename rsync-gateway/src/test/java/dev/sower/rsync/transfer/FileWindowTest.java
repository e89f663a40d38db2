package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWindowTest {
    @TempDir
    Path dir;

    @Test
    void mapsRangesAndKeepsReleasedDataWhenSliding() throws Exception {
        byte[] data = new byte[1000];
        new Random(1).nextBytes(data);
        Path f = Files.write(dir.resolve("f"), data);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            FileWindow w = new FileWindow(ch, data.length, new byte[100]);
            int p = w.map(0, 10);
            assertThat(Arrays.copyOfRange(w.array(), p, p + 10)).isEqualTo(Arrays.copyOf(data, 10));
            long readBefore = w.bytesRead();
            assertThat(readBefore).isEqualTo(100);
            w.release(50);
            p = w.map(120, 20); // slides, keeping 50..100
            assertThat(Arrays.copyOfRange(w.array(), p, p + 20)).isEqualTo(Arrays.copyOfRange(data, 120, 140));
            p = w.map(60, 10); // still there: no read
            long readAfter = w.bytesRead();
            assertThat(Arrays.copyOfRange(w.array(), p, p + 10)).isEqualTo(Arrays.copyOfRange(data, 60, 70));
            p = w.map(990, 10);
            assertThat(Arrays.copyOfRange(w.array(), p, p + 10)).isEqualTo(Arrays.copyOfRange(data, 990, 1000));
            assertThat(readAfter - readBefore).as("only the missing part was read").isEqualTo(50);
            assertThat(w.readError()).isNull();
            assertThatThrownBy(() -> w.map(995, 10)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> w.map(0, 101)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void offsetsBeyondFourGibibytesInASparseFile() throws Exception {
        Path f = dir.resolve("sparse");
        long size = (5L << 30) + 123;
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(size);
            raf.seek((9L << 29) + 7);
            raf.write(new byte[] {1, 2, 3});
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            FileWindow w = new FileWindow(ch, ch.size(), new byte[1 << 16]);
            int p = w.map((9L << 29) + 6, 5);
            assertThat(Arrays.copyOfRange(w.array(), p, p + 5)).containsExactly(0, 1, 2, 3, 0);
            p = w.map(size - 3, 3);
            assertThat(Arrays.copyOfRange(w.array(), p, p + 3)).containsOnly(0);
            assertThat(w.readError()).isNull();
        }
    }

    @Test
    void shortFileReadsAsZerosAndRemembersTheError() throws Exception {
        Path f = Files.write(dir.resolve("short"), new byte[] {9, 9, 9});
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            FileWindow w = new FileWindow(ch, 10, new byte[16]);
            int p = w.map(0, 10);
            assertThat(Arrays.copyOfRange(w.array(), p, p + 10)).containsExactly(9, 9, 9, 0, 0, 0, 0, 0, 0, 0);
            assertThat(w.readError()).isInstanceOf(Errno.ShortReadException.class);
            assertThat(Errno.of(w.readError())).isEqualTo(Errno.ENODATA);
        }
    }
}
