package dev.sower.rsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.rsync.transfer.BlockDigest;
import dev.sower.rsync.transfer.RollingChecksum;
import dev.sower.rsync.transfer.SeedOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The redo phase (sender.c's second pass), made deterministic: the client fixes the checksum
 * seed with {@code --checksum-seed}, which a native daemon honours, and its copy of the file
 * holds a first block that differs from the source's first block but has the same weak sum and
 * the same first two bytes of the seeded MD5 (the strong-sum length the client's generator
 * picks for a small file). In the first pass the sender takes that block for a match, the
 * receiver rebuilds the wrong data and the whole-file MD5 fails ("failed verification ...
 * (will try again)"); in the redo the generator sends full 16-byte sums, the block is sent as
 * literal data and the file ends up right. Native daemon and gateway must agree on all of it:
 * the messages, the itemized and {@code --stats} lines (literal and matched bytes of both
 * passes), the exit code and the destination.
 */
class RedoPhaseIT {
  /** Fixed by the client; both servers must use it for the crafted collision to work. */
  private static final int SEED = 0x2468ACE;
  /** rsync's BLOCK_SIZE: the block length the client picks for a file of up to 490000 bytes. */
  private static final int BLOCK = 700;
  /** generator.c sum_sizes_sqroot: 2 bytes of strong sum for a file this small. */
  private static final int SHORT_SUM = 2;
  private static final String PLAIN = "an ordinary file beside it\n";

  @TempDir
  static Path dir;
  static Path src;
  static byte[] source;
  static ServerPair servers;

  @BeforeAll
  static void start() throws Exception {
    src = Files.createDirectories(dir.resolve("src"));
    source = new byte[10 * BLOCK + 123];
    new Random(3).nextBytes(source);
    Files.write(src.resolve("collide.bin"), source);
    Files.writeString(src.resolve("plain.txt"), PLAIN);
    FileTime t = FileTime.fromMillis(1_700_000_000_000L);
    for (Path p : new Path[] {src.resolve("collide.bin"), src.resolve("plain.txt"), src}) {
      Files.setLastModifiedTime(p, t);
    }
    servers = ServerPair.serving(dir, "redo", src);
  }

  @AfterAll
  static void stop() throws Exception {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void falselyMatchedBlockIsSentAgainInTheRedoPhase() throws Exception {
    byte[] basis = source.clone();
    byte[] first = collidingBlock(Arrays.copyOf(source, BLOCK));
    System.arraycopy(first, 0, basis, 0, BLOCK);
    assertThat(basis).isNotEqualTo(source);

    List<Path> dests = List.of(Files.createDirectories(dir.resolve("dest-native")),
        Files.createDirectories(dir.resolve("dest-sower")));
    for (Path dest : dests) {
      Files.write(dest.resolve("collide.bin"), basis);   // newer mtime: the quick check differs
    }
    ServerPair.Results r = servers.run(dir, dests, 60, "-a", "-i", "--stats",
        "--checksum-seed=" + SEED);
    RsyncClient.Result want = r.want();
    RsyncClient.Result got = r.got();
    assertThat(want.stderr()).as("the native daemon's first pass fails verification")
        .contains("collide.bin failed verification -- update discarded (will try again).");
    assertThat(got.stderr()).isEqualTo(want.stderr());
    assertThat(got.exitCode()).as(got.stderr()).isEqualTo(want.exitCode());
    assertThat(TransferDifferentialIT.comparable(got.out()))
        .isEqualTo(TransferDifferentialIT.comparable(want.out()))
        .contains("Literal data: " + (BLOCK + PLAIN.length()) + " bytes")
        .contains(String.format(Locale.ROOT, "Matched data: %,d bytes",
            source.length + source.length - BLOCK));
    assertThat(Files.readAllBytes(dests.get(1).resolve("collide.bin"))).isEqualTo(source);
    assertThat(TreeSnapshot.of(dests.get(1))).isEqualTo(TreeSnapshot.of(dests.get(0)))
        .isEqualTo(TreeSnapshot.of(src));
  }

  /**
   * A block with {@code block}'s weak sum and the first {@link #SHORT_SUM} bytes of its seeded
   * MD5 but other bytes: +1, -1 at positions a, a+1 and -1, +1 at c, c+1 leave both halves of
   * the rolling checksum unchanged (the sum and the position-weighted sum); the MD5 prefix is
   * searched for over (a, c).
   */
  private static byte[] collidingBlock(byte[] block) {
    BlockDigest md5 = new BlockDigest(SEED, SeedOrder.SEED_FIRST);
    byte[] want = Arrays.copyOf(md5.digest(block, 0, block.length), SHORT_SUM);
    int weak = RollingChecksum.of(block, 0, block.length);
    for (int a = 0; a + 1 < block.length; a++) {
      for (int c = a + 2; c + 1 < block.length; c++) {
        if (!fits(block[a], 1) || !fits(block[a + 1], -1) || !fits(block[c], -1)
            || !fits(block[c + 1], 1)) {
          continue;
        }
        byte[] b = block.clone();
        b[a]++;
        b[a + 1]--;
        b[c]--;
        b[c + 1]++;
        if (Arrays.equals(Arrays.copyOf(md5.digest(b, 0, b.length), SHORT_SUM), want)) {
          assertThat(RollingChecksum.of(b, 0, b.length)).isEqualTo(weak);
          return b;
        }
      }
    }
    throw new AssertionError("no colliding block found");
  }

  /** Whether the signed byte {@code v} can move by {@code d} without wrapping. */
  private static boolean fits(byte v, int d) {
    int w = v + d;
    return w >= Byte.MIN_VALUE && w <= Byte.MAX_VALUE;
  }
}
