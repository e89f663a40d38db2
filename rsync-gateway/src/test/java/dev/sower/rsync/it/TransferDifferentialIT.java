package dev.sower.rsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.dataset.RawPaths;
import dev.sower.rsync.daemon.DaemonConfig;
import dev.sower.rsync.daemon.ModuleConfig;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from a native {@code rsync --daemon} and from the gateway with the same client,
 * options and tree, into separate destinations: the destination trees must be equal byte for
 * byte, and the itemized lines, the {@code --stats} file counts and literal/matched byte
 * counts, stderr and the exit code must be the same.
 *
 * <p>Dialect: the installed client is rsync 3.5.0 (protocol 32). Against a native 3.5 daemon it
 * would negotiate xxh128 and zstd; every run passes {@code --checksum-choice=md5} (and with
 * {@code -z} {@code --compress-choice=zlib}) so both servers speak MD5/zlib, and
 * {@code --no-inc-recursive}, since the gateway sends the whole list up front (the itemized
 * order differs with incremental recursion).
 */
class TransferDifferentialIT {
  private static final List<String> DIALECT = List.of("--checksum-choice=md5",
      "--no-inc-recursive");
  private static final int BLOCKY = 256 * 1024;

  @TempDir
  static Path dir;
  static Path tree;
  static Path bigTree;
  static NativeDaemon nativeDaemon;
  static SowerGateway sower;

  @BeforeAll
  static void start() throws Exception {
    tree = TestTree.create(dir);
    Path delta = Files.createDirectories(tree.resolve("delta"));
    Random r = new Random(42);
    for (String n : new String[] {"appended.bin", "truncated.bin", "middle.bin",
        "reordered.bin", "same-size.bin"}) {
      byte[] b = new byte[BLOCKY];
      r.nextBytes(b);
      Files.write(delta.resolve(n), b);
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("line ").append(i).append(" of a compressible text file\n");
    }
    Files.writeString(delta.resolve("text.txt"), text);
    Files.write(delta.resolve("zero.bin"), new byte[0]);
    Files.write(RawPaths.resolve(delta, "non-utf8-\u00e9.bin".getBytes(StandardCharsets.ISO_8859_1)),
        new byte[] {9, 8, 7});
    Path vanish = Files.createDirectories(dir.resolve("vanish"));
    byte[] big = new byte[3 << 20];
    r.nextBytes(big);
    Files.write(vanish.resolve("a-slow.bin"), big);
    Files.writeString(vanish.resolve("b-gone.txt"), "here at listing time");
    bigTree = Files.createDirectories(dir.resolve("big"));
    writeLarge(bigTree.resolve("large.bin"), 160L << 20);
    FileTime t = FileTime.fromMillis(1_700_000_000_000L);
    for (Path p : new Path[] {delta, vanish, bigTree}) {
      Files.setLastModifiedTime(p, t);
    }
    String modules = """
        [mod]
        path = %s
        read only = yes
        [vanish]
        path = %s
        read only = yes
        [big]
        path = %s
        read only = yes
        """.formatted(tree, vanish, bigTree);
    nativeDaemon = NativeDaemon.start(Files.createDirectories(dir.resolve("native")), "",
        modules);
    sower = SowerGateway.serving(DaemonConfig.of(List.of(ModuleConfig.of("mod", tree, ""),
        ModuleConfig.of("vanish", vanish, ""), ModuleConfig.of("big", bigTree, ""))));
  }

  /** Pseudo-random data, written fast: a 1 MiB random block with a counter per MiB. */
  private static void writeLarge(Path p, long size) throws IOException {
    byte[] block = new byte[1 << 20];
    new Random(7).nextBytes(block);
    try (var out = Files.newOutputStream(p)) {
      for (long off = 0; off < size; off += block.length) {
        block[0] = (byte) (off >>> 20);
        block[1] = (byte) (off >>> 28);
        out.write(block, 0, (int) Math.min(block.length, size - off));
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (sower != null) {
      sower.close();
    }
    if (nativeDaemon != null) {
      nativeDaemon.close();
    }
  }

  /** One client run against each server into its own destination. */
  private record Pair(RsyncClient.Result want, RsyncClient.Result got, Path nativeDest,
      Path sowerDest) {
  }

  private static Pair both(String name, String source, List<String> opts) throws Exception {
    Path nd = dir.resolve("dest-native-" + name);
    Path sd = dir.resolve("dest-sower-" + name);
    RsyncClient.Result want = RsyncClient.run(dir, args(opts, nativeDaemon.port(), source, nd));
    RsyncClient.Result got = RsyncClient.run(dir, args(opts, sower.port(), source, sd));
    return new Pair(want, got, nd, sd);
  }

  private static List<String> args(List<String> opts, int port, String source, Path dest) {
    List<String> a = new ArrayList<>(DIALECT);
    a.addAll(opts);
    if (opts.contains("-z") || opts.stream().anyMatch(o -> o.startsWith("-") && !o.startsWith("--")
        && o.contains("z"))) {
      a.add("--compress-choice=zlib");
    }
    a.add("rsync://127.0.0.1:" + port + "/" + source);
    a.add(dest.toString() + "/");
    return a;
  }

  /** Itemized lines and the --stats lines that both servers must agree on. */
  static String comparable(String stdout) {
    return Arrays.stream(stdout.split("\n"))
        .filter(l -> l.matches("^([<>ch.*][fdLDS] .*|[<>ch.*][fdLDS][^ ]{9} .*|\\*deleting .*)")
            || l.startsWith("Number of files:") || l.startsWith("Number of created files:")
            || l.startsWith("Number of regular files transferred:")
            || l.startsWith("Total file size:") || l.startsWith("Total transferred file size:")
            || l.startsWith("Literal data:") || l.startsWith("Matched data:"))
        .collect(Collectors.joining("\n"));
  }

  private static void assertSame(String what, Pair p) throws IOException {
    assertThat(comparable(p.got().out())).as("%s: itemized and stats lines (sower stderr: %s)",
        what, p.got().stderr()).isEqualTo(comparable(p.want().out()));
    assertThat(p.got().stderr()).as("%s: stderr", what).isEqualTo(p.want().stderr());
    assertThat(p.got().exitCode()).as("%s: exit code (stderr %s)", what, p.got().stderr())
        .isEqualTo(p.want().exitCode());
    assertThat(TreeSnapshot.of(p.sowerDest())).as("%s: destination tree", what)
        .isEqualTo(TreeSnapshot.of(p.nativeDest()));
  }

  private static void editBoth(Pair p, Edit edit) throws IOException {
    edit.apply(p.nativeDest());
    edit.apply(p.sowerDest());
  }

  private interface Edit {
    void apply(Path dest) throws IOException;
  }

  /** The client's copies changed: appended, truncated, middle edit, reordered blocks. */
  private static void modifyClientCopies(Path d) throws IOException {
    Files.write(d.resolve("appended.bin"), new byte[5000], java.nio.file.StandardOpenOption.APPEND);
    try (RandomAccessFile f = new RandomAccessFile(d.resolve("truncated.bin").toFile(), "rw")) {
      f.setLength(BLOCKY - 70_000);
    }
    try (RandomAccessFile f = new RandomAccessFile(d.resolve("middle.bin").toFile(), "rw")) {
      f.seek(BLOCKY / 2);
      f.write(new byte[1000]);
    }
    byte[] b = Files.readAllBytes(d.resolve("reordered.bin"));
    byte[] swapped = new byte[b.length];
    System.arraycopy(b, b.length / 2, swapped, 0, b.length - b.length / 2);
    System.arraycopy(b, 0, swapped, b.length - b.length / 2, b.length / 2);
    Files.write(d.resolve("reordered.bin"), swapped);
  }

  @Test
  void archiveThenUnchangedThenDelta() throws Exception {
    List<String> opts = List.of("-a", "-i", "--stats");
    Pair p = both("a", "mod/", opts);
    assertSame("-a new", p);
    assertThat(p.got().exitCode()).isZero();
    assertThat(TreeSnapshot.of(p.sowerDest()).get("delta/middle.bin"))
        .isEqualTo(TreeSnapshot.of(tree).get("delta/middle.bin"));
    Pair again = both("a", "mod/", opts);
    assertSame("-a unchanged re-run", again);
    editBoth(p, d -> modifyClientCopies(d.resolve("delta")));
    Pair delta = both("a", "mod/", opts);
    assertSame("-a after the client's copies changed", delta);
    assertThat(comparable(delta.got().out())).contains("Matched data: ")
        .doesNotContain("Matched data: 0 bytes");
    assertThat(TreeSnapshot.of(delta.sowerDest()).get("delta/reordered.bin"))
        .isEqualTo(TreeSnapshot.of(tree).get("delta/reordered.bin"));
  }

  @Test
  void compressedThenDelta() throws Exception {
    List<String> opts = List.of("-avz", "-i", "--stats");
    Pair p = both("z", "mod/", opts);
    assertSame("-avz new", p);
    editBoth(p, d -> modifyClientCopies(d.resolve("delta")));
    assertSame("-avz delta", both("z", "mod/", opts));
  }

  @Test
  void checksumRerunFindsSameSizeSameTimeChange() throws Exception {
    Pair p = both("c", "mod/delta/", List.of("-a", "-i", "--stats"));
    assertSame("-a", p);
    editBoth(p, d -> {
      Path f = d.resolve("same-size.bin");
      FileTime t = Files.getLastModifiedTime(f);
      try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
        raf.seek(1000);
        raf.write(new byte[] {1, 2, 3, 4});
      }
      Files.setLastModifiedTime(f, t);
    });
    Pair c = both("c", "mod/delta/", List.of("-avc", "-i", "--stats"));
    assertSame("-avc", c);
    assertThat(c.got().out()).contains("same-size.bin");
  }

  @Test
  void filesFromSubset() throws Exception {
    Path list = dir.resolve("subset.txt");
    Files.writeString(list, "README.txt\ndelta/text.txt\ndelta/zero.bin\nextra/x1.jpg\n"
        + "original/0001\nnonexistent/file\n");
    assertSame("--files-from", both("ff", "mod/", List.of("-a", "-i", "--stats",
        "--files-from=" + list)));
  }

  @Test
  void dryRunItemizes() throws Exception {
    Pair p = both("n", "mod/delta/", List.of("-a", "-n", "-i", "--stats"));
    assertSame("-n -i fresh", p);
    assertThat(p.got().out()).contains(">f+++++++++ middle.bin");
    Pair real = both("n", "mod/delta/", List.of("-a"));
    assertSame("-a", real);
    editBoth(real, TransferDifferentialIT::modifyClientCopies);
    assertSame("-n -i after edits", both("n", "mod/delta/", List.of("-a", "-n", "-i",
        "--stats")));
  }

  @Test
  void appendInplaceAndBwlimit() throws Exception {
    Pair p = both("ap", "mod/delta/", List.of("-a"));
    assertSame("-a", p);
    editBoth(p, d -> {
      try (RandomAccessFile f = new RandomAccessFile(d.resolve("appended.bin").toFile(), "rw")) {
        f.setLength(100_000);
      }
      try (RandomAccessFile f = new RandomAccessFile(d.resolve("middle.bin").toFile(), "rw")) {
        f.seek(BLOCKY / 2);
        f.write(new byte[1000]);
      }
    });
    assertSame("--append", both("ap", "mod/delta/", List.of("-a", "-i", "--stats",
        "--append", "--include=appended.bin", "--exclude=*")));
    assertSame("--inplace", both("ap", "mod/delta/", List.of("-a", "-i", "--stats",
        "--inplace", "--bwlimit=20000")));
  }

  @Test
  void vanishedFileGives24() throws Exception {
    Path gone = dir.resolve("vanish/b-gone.txt");
    List<RsyncClient.Result> results = new ArrayList<>();
    for (int port : new int[] {nativeDaemon.port(), sower.port()}) {
      Files.writeString(gone, "here at listing time");
      Path dest = dir.resolve("dest-vanish-" + port);
      Thread remover = new Thread(() -> {
        try {
          Thread.sleep(700);
          Files.deleteIfExists(gone);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      remover.start();
      results.add(RsyncClient.run(dir, args(List.of("-a", "-i", "--stats", "--bwlimit=2048"),
          port, "vanish/", dest)));
      remover.join();
    }
    RsyncClient.Result want = results.get(0);
    RsyncClient.Result got = results.get(1);
    assertThat(want.exitCode()).as(want.stderr()).isEqualTo(24);
    assertThat(got.exitCode()).as(got.stderr()).isEqualTo(24);
    assertThat(got.stderr()).isEqualTo(want.stderr()).contains("file has vanished");
    assertThat(comparable(got.out())).isEqualTo(comparable(want.out()));
  }

  @Test
  void largeFileNewThenMiddleEdit() throws Exception {
    Pair p = both("big", "big/", List.of("-a", "-i", "--stats"));
    assertSame("large new", p);
    editBoth(p, d -> {
      try (RandomAccessFile f = new RandomAccessFile(d.resolve("large.bin").toFile(), "rw")) {
        f.seek(80L << 20);
        f.write(new byte[4096]);
      }
    });
    assertSame("large delta", both("big", "big/", List.of("-a", "-i", "--stats")));
  }

  /**
   * A client killed in the middle of a file frees its session (the slot, the sending thread
   * blocked on the dead connection); with --partial the resumed download uses the partial
   * file as its basis and ends with the source's bytes.
   */
  @Test
  void interruptedThenResumedWithPartial() throws Exception {
    Path dest = dir.resolve("dest-sower-partial");
    List<String> cmd = new ArrayList<>(List.of("rsync"));
    cmd.addAll(args(List.of("-a", "--partial", "--bwlimit=20000"), sower.port(), "big/", dest));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("partial.out").toFile()).start();
    try {
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (sower.daemon().activeConnections("big") == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(1500);
      assertThat(p.isAlive()).as("the throttled download is still running").isTrue();
    } finally {
      p.destroy();
      p.waitFor();
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (sower.daemon().activeConnections("big") > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(sower.daemon().activeConnections("big")).isZero();
    Path partial = dest.resolve("large.bin");
    assertThat(Files.size(partial)).as("the partial file kept").isPositive()
        .isLessThan(Files.size(bigTree.resolve("large.bin")));
    RsyncClient.Result resumed = RsyncClient.run(dir, args(List.of("-a", "--partial", "--stats"),
        sower.port(), "big/", dest));
    assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
    assertThat(resumed.out()).doesNotContain("Matched data: 0 bytes");
    assertThat(TreeSnapshot.of(dest)).isEqualTo(TreeSnapshot.of(bigTree));
  }

  /** Protocol 30 (rsync 3.0's): no goodbye round, the same data. */
  @Test
  void protocol30NewAndDelta() throws Exception {
    List<String> opts = List.of("-a", "-i", "--stats", "--protocol=30");
    Pair p = both("p30", "mod/delta/", opts);
    assertSame("--protocol=30 new", p);
    editBoth(p, TransferDifferentialIT::modifyClientCopies);
    assertSame("--protocol=30 delta", both("p30", "mod/delta/", opts));
  }

  /**
   * A file replaced by a symlink after the listing is not followed (the open refuses it) and
   * one deleted is reported as vanished: exit 23, the same messages.
   */
  @Test
  void fileSwappedForSymlinkGives23() throws Exception {
    swappedAndVanished(List.of("-a", "-i", "--stats", "--bwlimit=2048"));
  }

  /**
   * The same with {@code -z}: the small files after the slow one are compressed ahead while it
   * is sent, then deleted, swapped for a symlink or appended to before their turn. The gateway
   * reports them as native does and sends the grown file's new bytes.
   */
  @Test
  void compressedAheadFilesChangedBeforeTheirTurnMatchNative() throws Exception {
    swappedAndVanished(List.of("-a", "-i", "--stats", "-z", "--bwlimit=2048"));
  }

  private void swappedAndVanished(List<String> opts) throws Exception {
    Path gone = dir.resolve("vanish/b-gone.txt");
    Path swapped = dir.resolve("vanish/c-swapped.txt");
    Path grows = dir.resolve("vanish/d-grows.txt");
    List<RsyncClient.Result> results = new ArrayList<>();
    List<Path> dests = new ArrayList<>();
    for (int port : new int[] {nativeDaemon.port(), sower.port()}) {
      Files.writeString(gone, "here at listing time");
      Files.deleteIfExists(swapped);
      Files.writeString(swapped, "a file at listing time");
      Files.writeString(grows, "short at listing time\n".repeat(40));
      Path dest = dir.resolve("dest-swap-" + port + "-" + opts.size());
      dests.add(dest);
      Thread swapper = new Thread(() -> {
        try {
          Thread.sleep(700);
          Files.deleteIfExists(gone);
          Files.delete(swapped);
          Files.createSymbolicLink(swapped, Path.of("/etc/passwd"));
          Files.writeString(grows, "longer at sending time\n".repeat(400),
              java.nio.file.StandardOpenOption.APPEND);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      swapper.start();
      results.add(RsyncClient.run(dir, args(opts, port, "vanish/", dest)));
      swapper.join();
    }
    Files.deleteIfExists(swapped);
    Files.deleteIfExists(grows);
    RsyncClient.Result want = results.get(0);
    RsyncClient.Result got = results.get(1);
    assertThat(want.exitCode()).as(want.stderr()).isEqualTo(23);
    assertThat(got.exitCode()).as(got.stderr()).isEqualTo(23);
    assertThat(got.stderr()).isEqualTo(want.stderr()).contains("send_files failed to open");
    assertThat(comparable(got.out())).isEqualTo(comparable(want.out()));
    assertThat(Files.readString(dests.get(1).resolve("d-grows.txt")))
        .isEqualTo(Files.readString(dests.get(0).resolve("d-grows.txt")))
        .contains("longer at sending time");
  }
}
