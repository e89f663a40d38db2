package dev.sower.rsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.rsync.daemon.DaemonConfig;
import dev.sower.rsync.daemon.ModuleConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile input and confinement, with the real client where it can express the attack. */
class SecurityIT {
  @TempDir
  static Path dir;
  static Path tree;
  static SowerGateway sower;

  @BeforeAll
  static void start() throws Exception {
    tree = TestTree.create(dir);
    ModuleConfig mod = ModuleConfig.of("mod", tree, "test");
    ModuleConfig one = ModuleConfig.of("one", tree, "one at a time").withMaxConnections(1);
    sower = new SowerGateway(DaemonConfig.of(List.of(mod, one)).withHandshakeTimeout(2));
  }

  @AfterAll
  static void stop() {
    if (sower != null) {
      sower.close();
    }
  }

  private static RsyncClient.Result rsync(String path, String... opts) throws Exception {
    List<String> a = new ArrayList<>(List.of(opts));
    a.add("rsync://127.0.0.1:" + sower.port() + "/" + path);
    return RsyncClient.run(dir, a);
  }

  @Test
  void symlinksLeavingTheModuleAreListedButNeverFollowed() throws Exception {
    RsyncClient.Result links = rsync("mod/extra/", "-rl", "--list-only");
    assertThat(links.out()).contains("out-dir -> /etc", "up-link -> ../../outside.txt")
        .doesNotContain(" passwd\n", "hostname");
    for (String p : new String[] {"mod/extra/out-dir/", "mod/extra/out-dir/passwd",
        "mod/extra/up-link/", "mod/extra/out-dir/*"}) {
      RsyncClient.Result r = rsync(p, "-r", "--list-only");
      assertThat(r.out()).as(p).doesNotContain("passwd", "hostname", "outside");
      assertThat(r.exitCode()).as(p).isEqualTo(23);
    }
    assertThat(rsync("mod/extra/", "-rL", "--list-only").stderr())
        .contains("The server is configured to refuse --copy-links (-L)");
  }

  @Test
  void dotDotAbsoluteAndWildcardPathsStayInside() throws Exception {
    for (String p : new String[] {"mod/../outside.txt", "mod/../../", "mod//etc/passwd",
        "mod/../*", "mod/extra/../../*", "mod/..%2F", "mod/./../extra/../.."}) {
      RsyncClient.Result r = rsync(p, "-r", "--list-only");
      assertThat(r.out()).as(p).doesNotContain("outside.txt", "passwd", "must never");
    }
    RsyncClient.Result rel = rsync("mod/deep/../../../etc", "-rR", "--list-only");
    assertThat(rel.out()).doesNotContain("passwd");
  }

  @Test
  void mergeFilesAreNeverReadThroughSymlinksOrOutsideTheModule() throws Exception {
    java.nio.file.Files.createSymbolicLink(tree.resolve("sp ace/.rsync-filter"),
        Path.of("/etc/passwd"));
    RsyncClient.Result r = rsync("mod/sp ace/", "-rF", "--list-only");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stderr()).doesNotContain("root:");
    assertThat(r.out()).contains("f 1.jpg");
    RsyncClient.Result up = rsync("mod/deep/", "-r", "--list-only",
        "--filter=: ../../outside.txt");
    assertThat(up.exitCode()).isNotZero();
    assertThat(up.stderr()).contains("invalid per-directory merge file name")
        .doesNotContain("must never");
    RsyncClient.Result merge = rsync("mod/deep/", "-r", "--list-only",
        "--filter=. /etc/passwd");
    assertThat(merge.stderr()).doesNotContain("root:");
  }

  @Test
  void overlongGreetingLineIsRefused() throws Exception {
    try (RawClient c = new RawClient(sower.port())) {
      c.readLine();
      c.send("@RSYNCD: 31.0\n" + "m".repeat(100_000));
      c.readUntilClosed(5000);
    }
  }

  @Test
  void tooManyAndOverlongArgumentsAreRefused() throws Exception {
    try (RawClient c = new RawClient(sower.port())) {
      assertThat(c.open("mod")).isEqualTo("@RSYNCD: OK");
      c.send("-r\0".repeat(5000));
      c.readUntilClosed(5000);
    }
    try (RawClient c = new RawClient(sower.port())) {
      assertThat(c.open("mod")).isEqualTo("@RSYNCD: OK");
      c.send("x".repeat(100_000));
      c.readUntilClosed(5000);
    }
  }

  @Test
  void oversizedFrameEndsTheSessionWithAnError() throws Exception {
    try (RawClient c = new RawClient(sower.port())) {
      assertThat(c.open("mod")).isEqualTo("@RSYNCD: OK");
      c.send("--server\0--sender\0-re.iLsfxCIvu\0.\0mod/\0\0");
      c.readExactly(1 + 4);   // compat flags (1-byte varint) and checksum seed
      c.send(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07});   // DATA, 16 MiB
      String rest = new String(c.readUntilClosed(5000), StandardCharsets.ISO_8859_1);
      assertThat(rest).contains("exceeds the limit");
    }
  }

  @Test
  void aStalledOrTricklingClientLosesItsSlot() throws Exception {
    long t0 = System.nanoTime();
    try (RawClient c = new RawClient(sower.port())) {
      c.readLine();
      c.readUntilClosed(6000);
    }
    assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(1500L, 6000L);
    t0 = System.nanoTime();
    try (RawClient c = new RawClient(sower.port())) {
      assertThat(c.open("one")).isEqualTo("@RSYNCD: OK");
      boolean closed = false;
      for (int i = 0; i < 40 && !closed; i++) {
        try {
          c.send("-");   // one byte every 200 ms: never idle, never finished
          Thread.sleep(200);
        } catch (java.io.IOException e) {
          closed = true;
        }
      }
      if (!closed) {
        c.readUntilClosed(3000);
      }
    }
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(8000L);
    waitForSlots("one", 0);
  }

  @Test
  void disconnectsAtEveryStepReleaseTheSlot() throws Exception {
    String args = "--server\0--sender\0-re.iLsfxCIvu\0--files-from=-\0--from0\0.\0one/\0\0";
    byte[] rules = {4, 0, 0, 7, 0, 0, 0, 0};   // DATA frame: end of the filter list
    byte[] names = {8, 0, 0, 7, 'd', 'e', 'e', 'p', 0, 'e', 'x', 't'};   // one name, half
    for (int step = 0; step < 6; step++) {
      try (RawClient c = new RawClient(sower.port())) {
        c.readLine();
        if (step >= 1) {
          c.send("@RSYNCD: 31.0\none\n");
          assertThat(c.readLine()).isEqualTo("@RSYNCD: OK");
        }
        if (step >= 2) {
          c.send(args.substring(0, args.length() / 2));
        }
        if (step >= 3) {
          c.send(args.substring(args.length() / 2));
          c.readExactly(5);
        }
        if (step >= 4) {
          c.send(java.util.Arrays.copyOf(rules, 6));
        }
        if (step >= 5) {
          c.send(java.util.Arrays.copyOfRange(rules, 6, 8));
          c.send(names);
        }
      }
      waitForSlots("one", 0);
    }
    // and the daemon still serves
    assertThat(rsync("one/deep/", "-r", "--list-only").exitCode()).isZero();
  }

  @Test
  void maxConnections() throws Exception {
    try (RawClient holder = new RawClient(sower.port())) {
      assertThat(holder.open("one")).isEqualTo("@RSYNCD: OK");
      RsyncClient.Result refused = rsync("one/deep/", "-r", "--list-only");
      assertThat(refused.exitCode()).isEqualTo(5);
      assertThat(refused.stderr())
          .contains("@ERROR: max connections (1) reached -- try again later");
    }
    waitForSlots("one", 0);
    RsyncClient.Result ok = rsync("one/deep/", "-r", "--list-only");
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.out()).contains("l1/l2/l3/leaf.txt");
  }

  private static void waitForSlots(String module, int n) throws InterruptedException {
    for (int i = 0; i < 100 && sower.daemon().activeConnections(module) != n; i++) {
      Thread.sleep(50);
    }
    assertThat(sower.daemon().activeConnections(module)).isEqualTo(n);
  }
}
