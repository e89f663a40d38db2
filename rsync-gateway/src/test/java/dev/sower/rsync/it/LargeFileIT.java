package dev.sower.rsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file larger than 4 GiB, downloaded from a native daemon and from the gateway: every
 * offset, length and count past 32 bits (the file list's size, the sum head, the token stream,
 * the stats) must come out as rsync's. The file is sparse on the server (data around the
 * 2 GiB and 4 GiB boundaries and at the end, holes elsewhere) and the client writes it with
 * {@code --sparse}, so the test needs little disk; it still reads and hashes 4 GiB per run.
 */
class LargeFileIT {
  /** Past 4 GiB and not a multiple of any block length. */
  static final long SIZE = (4L << 30) + (3L << 20) + 12_345;
  /** Both ends hash 4 GiB with MD5: ~10 s on an idle 2-core machine, far more under load. */
  private static final int CLIENT_TIMEOUT_SECONDS = 240;
  private static final String SMALL = "beside the large one\n";

  @TempDir
  static Path dir;
  static Path src;
  static ServerPair servers;

  @BeforeAll
  static void start() throws Exception {
    src = Files.createDirectories(dir.resolve("src"));
    Path huge = src.resolve("huge.bin");
    Random r = new Random(11);
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(SIZE);
      for (long at : new long[] {0, (2L << 30) - 300_000, (4L << 30) - 700_000, SIZE - 50_000}) {
        byte[] b = new byte[(int) Math.min(1 << 20, SIZE - at)];
        r.nextBytes(b);
        f.seek(at);
        f.write(b);
      }
    }
    Files.writeString(src.resolve("small.txt"), SMALL);
    FileTime t = FileTime.fromMillis(1_700_000_000_000L);
    for (Path p : new Path[] {huge, src.resolve("small.txt"), src}) {
      Files.setLastModifiedTime(p, t);
    }
    servers = ServerPair.serving(dir, "large", src);
  }

  @AfterAll
  static void stop() throws Exception {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void fileLargerThan4GiBNewThenAppended() throws Exception {
    List<Path> dests = List.of(dir.resolve("dest-native"), dir.resolve("dest-sower"));
    ServerPair.Results fresh = servers.run(dir, dests, CLIENT_TIMEOUT_SECONDS, "-a", "-i",
        "--stats", "--sparse");
    assertThat(fresh.want().exitCode()).as(fresh.want().stderr()).isZero();
    assertSame(fresh);
    assertThat(TransferDifferentialIT.comparable(fresh.got().out()))
        .contains(String.format(Locale.ROOT, "Total transferred file size: %,d bytes",
            SIZE + SMALL.length()));
    Path source = src.resolve("huge.bin");
    for (Path dest : dests) {
      Path copy = dest.resolve("huge.bin");
      assertThat(Files.size(copy)).isEqualTo(SIZE);
      assertThat(Files.getLastModifiedTime(copy)).isEqualTo(Files.getLastModifiedTime(source));
    }
    assertThat(firstDifference(dests.get(1).resolve("huge.bin"), source, 0)).isEqualTo(-1);
    assertThat(Files.readString(dests.get(1).resolve("small.txt"))).isEqualTo(SMALL);

    // the client's copies lose their last 1,000,000 bytes; --append sends only those, from an
    // offset past 4 GiB (the sum head describes a basis longer than 32 bits)
    long cut = SIZE - 1_000_000;
    for (Path dest : dests) {
      try (RandomAccessFile f = new RandomAccessFile(dest.resolve("huge.bin").toFile(), "rw")) {
        f.setLength(cut);
      }
    }
    ServerPair.Results appended = servers.run(dir, dests, CLIENT_TIMEOUT_SECONDS, "-a", "-i",
        "--stats", "--append");
    assertThat(appended.want().exitCode()).as(appended.want().stderr()).isZero();
    assertSame(appended);
    assertThat(TransferDifferentialIT.comparable(appended.got().out()))
        .contains("Literal data: 1,000,000 bytes");
    assertThat(Files.size(dests.get(1).resolve("huge.bin"))).isEqualTo(SIZE);
    assertThat(firstDifference(dests.get(1).resolve("huge.bin"), source, cut - 4096))
        .isEqualTo(-1);
  }

  private static void assertSame(ServerPair.Results p) {
    assertThat(p.got().stderr()).isEqualTo(p.want().stderr());
    assertThat(p.got().exitCode()).as(p.got().stderr()).isEqualTo(p.want().exitCode());
    assertThat(TransferDifferentialIT.comparable(p.got().out()))
        .isEqualTo(TransferDifferentialIT.comparable(p.want().out()));
  }

  /**
   * The offset of the first differing byte from {@code from} on, -1 when equal
   * (TreeSnapshot's MD5 of 4 GiB would take longer than the transfer).
   */
  private static long firstDifference(Path a, Path b, long from) throws IOException {
    ByteBuffer x = ByteBuffer.allocateDirect(4 << 20);
    ByteBuffer y = ByteBuffer.allocateDirect(4 << 20);
    try (FileChannel ca = FileChannel.open(a, StandardOpenOption.READ);
        FileChannel cb = FileChannel.open(b, StandardOpenOption.READ)) {
      long pos = from;
      while (true) {
        x.clear();
        y.clear();
        int na = fill(ca, x, pos);
        int nb = fill(cb, y, pos);
        x.flip();
        y.flip();
        int m = x.mismatch(y);
        if (m >= 0) {
          return pos + m;
        }
        if (na == 0 && nb == 0) {
          return -1;
        }
        pos += na;
      }
    }
  }

  private static int fill(FileChannel c, ByteBuffer buf, long pos) throws IOException {
    int total = 0;
    while (buf.hasRemaining()) {
      int n = c.read(buf, pos + total);
      if (n <= 0) {
        break;
      }
      total += n;
    }
    return total;
  }
}
