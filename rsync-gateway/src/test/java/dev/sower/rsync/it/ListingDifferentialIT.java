package dev.sower.rsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.rsync.daemon.DaemonConfig;
import dev.sower.rsync.daemon.ModuleConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same requests from the real rsync client to a native {@code rsync --daemon} and to the
 * gateway, over the same tree: stdout and exit code must be identical.
 */
class ListingDifferentialIT {
  @TempDir
  static Path dir;
  static Path tree;
  static NativeDaemon nativeDaemon;
  static SowerGateway sower;
  static Path filesFrom;
  static Path filesFrom0;
  static Path filesFromSub;
  static Path rules;
  static Path filesFromBig;

  @BeforeAll
  static void start() throws Exception {
    tree = TestTree.create(dir);
    Path motd = dir.resolve("motd.txt");
    Files.writeString(motd, "Welcome to the test dataset\nsecond line\n");
    filesFrom = dir.resolve("files.txt");
    Files.writeString(filesFrom, "README.txt\nextra/x1.jpg\n\ndeep/l1/l2\noriginal/0001\n"
        + "nonexistent/file\nsp ace/f 1.jpg\n");
    filesFrom0 = dir.resolve("files0.txt");
    Files.writeString(filesFrom0, "extra/x[1].jpg\0deep/l1/a.o\0caf\u00e9/x.jpg\0");
    filesFromSub = dir.resolve("files-sub.txt");
    Files.writeString(filesFromSub, "l1/l2/b.png\nl1/a.o\n");
    filesFromBig = dir.resolve("files-big.txt");
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      big.append(i % 2 == 0 ? "original/" : "512px/").append(String.format("%04d", i % 1000))
          .append('\n');
    }
    Files.writeString(filesFromBig, big);
    rules = dir.resolve("rules.txt");
    Files.writeString(rules, "# comment\n- *.o\n+ */\n+ *.png\n- *\n");
    String modules = """
        [mod]
        path = %1$s
        comment = Sower test module
        read only = yes
        [strict]
        path = %1$s
        comment = refuses -c, hides deep/ and *.o
        refuse options = checksum
        exclude = /deep/ *.o
        [hidden]
        path = %1$s
        list = no
        [timed]
        path = %1$s
        comment = with an I/O timeout
        timeout = 600
        [closed]
        path = %1$s
        comment = nobody from loopback
        hosts deny = 127.0.0.1 ::1
        """.formatted(tree);
    Path nd = Files.createDirectories(dir.resolve("native"));
    nativeDaemon = NativeDaemon.start(nd, "motd file = " + motd, modules);
    ModuleConfig mod = ModuleConfig.of("mod", tree, "Sower test module");
    ModuleConfig strict = ModuleConfig.of("strict", tree, "refuses -c, hides deep/ and *.o")
        .withRefuseOptions("checksum").withExclude("/deep/ *.o");
    ModuleConfig hidden = ModuleConfig.of("hidden", tree, "").withList(false);
    ModuleConfig timed = ModuleConfig.of("timed", tree, "with an I/O timeout").withTimeout(600);
    ModuleConfig closed = ModuleConfig.of("closed", tree, "nobody from loopback")
        .withHosts(List.of(), List.of("127.0.0.1 ::1"));
    sower = new SowerGateway(DaemonConfig.of(List.of(mod, strict, hidden, timed, closed))
        .withMotd(Files.readAllBytes(motd)));
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

  private static Arguments c(String name, String path, String... opts) {
    return Arguments.of(name, path, List.of(opts));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        c("module list", ""),
        c("recursive listing of the module", "mod/", "-r", "--list-only"),
        c("module without trailing slash", "mod", "--list-only"),
        c("directory without slash: the entry only", "mod/original", "--list-only"),
        c("directory with slash: one level", "mod/original/", "--list-only"),
        c("-d on a directory", "mod/deep/", "-d", "--list-only"),
        c("recursive subdirectory without slash", "mod/deep", "-r", "--list-only"),
        c("exclude *.jpg", "mod/", "-r", "--list-only", "--exclude=*.jpg"),
        c("include dirs and png, exclude the rest", "mod/", "-r", "--list-only",
            "--include=*/", "--include=*.png", "--exclude=*"),
        c("anchored exclude", "mod/", "-r", "--list-only", "--exclude=/original"),
        c("directory-only exclude", "mod/", "-r", "--list-only", "--exclude=l2/"),
        c("leading ** exclude", "mod/", "-r", "--list-only", "--exclude=**/l2"),
        c("*** exclude", "mod/", "-r", "--list-only", "--exclude=deep/***"),
        c("character class range", "mod/original/", "-r", "--list-only",
            "--exclude=00[0-4]?"),
        c("? wildcard", "mod/deep/", "-r", "--list-only", "--exclude=?.o"),
        c("POSIX class", "mod/extra/", "-r", "--list-only", "--exclude=*[[:digit:]]*"),
        c("negated rule", "mod/deep/", "-r", "--list-only", "-f", "-! */"),
        c("filter - form", "mod/deep/", "-r", "--list-only", "--filter=- *.o"),
        c("hide rule", "mod/deep/", "-r", "--list-only", "--filter=H *.png"),
        c("abs-path modifier", "mod/", "-r", "--list-only", "--filter=-/ /deep"),
        c("include before exclude", "mod/", "-r", "--list-only", "--filter=+ l1/",
            "--filter=- deep/*", "--exclude=original", "--exclude=512px"),
        c("infix slash exclude", "mod/", "-r", "--list-only", "--exclude=l1/l2"),
        c("only directories", "mod/", "-r", "--list-only", "--include=**/", "--exclude=*"),
        c("exclude-from file", "mod/", "-r", "--list-only", "--exclude-from=" + rules),
        c("include-from file", "mod/deep/", "-r", "--list-only", "--include-from=" + rules),
        c("hidden files", "mod/extra/", "-r", "--list-only", "--exclude=.*"),
        c("symlinks with -l", "mod/extra/", "-rl", "--list-only"),
        c("archive flags", "mod/", "-rlptgoD", "--list-only"),
        c("numeric ids", "mod/deep/", "-rlptgoD", "--numeric-ids", "--list-only"),
        c("checksums", "mod/", "-rc", "--list-only"),
        c("wildcard in the last component", "mod/original/000*", "-r", "--list-only"),
        c("wildcard in a middle component", "mod/*/0001", "-r", "--list-only"),
        c("bracket name matches as a class", "mod/extra/x[1].jpg", "--list-only"),
        c("wildcard matching nothing", "mod/extra/*.none", "--list-only"),
        c("path with a space", "mod/sp ace/", "-r", "--list-only"),
        c("UTF-8 path", "mod/caf\u00e9/", "-r", "--list-only"),
        c("missing path", "mod/nonexistent", "-r", "--list-only"),
        c("-R with implied dirs", "mod/deep/l1/l2", "-rR", "--list-only"),
        c("-R --no-implied-dirs", "mod/deep/l1/l2", "-rR", "--no-implied-dirs",
            "--list-only"),
        c("-R single file", "mod/deep/l1/a.o", "-R", "--list-only"),
        c("dot-dot is confined", "mod/../../etc", "-r", "--list-only"),
        c("absolute path is confined", "mod//etc/passwd", "-r", "--list-only"),
        c("dot-dot wildcard is confined", "mod/../*", "--list-only"),
        c("symlink out of the module, listed as a link", "mod/extra/out-link", "-l",
            "--list-only"),
        c("symlink out of the module without -l", "mod/extra/out-link", "--list-only"),
        c("files-from", "mod/", "-r", "--list-only", "--files-from=" + filesFrom),
        c("files-from without -R", "mod/", "--list-only", "--files-from=" + filesFrom,
            "--no-relative"),
        c("files-from --from0", "mod/", "--list-only", "--from0",
            "--files-from=" + filesFrom0),
        c("files-from with 200k names", "mod/", "--list-only",
            "--files-from=" + filesFromBig),
        c("files-from relative to a subdirectory", "mod/deep/", "--list-only",
            "--files-from=" + filesFromSub),
        c("unknown module", "nomod/", "-r", "--list-only"),
        c("module exclude", "strict/", "-r", "--list-only", "--exclude=original",
            "--exclude=512px"),
        c("module exclude on an argument", "strict/deep/l1", "-r", "--list-only"),
        c("unlisted module still serves", "hidden/deep/", "-r", "--list-only"),
        c("hosts deny", "closed/", "-r", "--list-only"),
        c("module timeout announced", "timed/deep/", "-r", "--list-only"),
        c("protocol 30 client", "mod/deep/", "-r", "--protocol=30", "--list-only"),
        c("protocol 30 with a missing path", "mod/nonexistent", "-r", "--protocol=30",
            "--list-only"),
        c("protocol 30 files-from (unframed names)", "mod/", "--protocol=30", "--list-only",
            "--files-from=" + filesFrom),
        c("empty directories", "mod/emptydir", "-r", "--list-only"),
        c("-F reads .rsync-filter files", "mod/", "-rF", "--list-only"),
        c("-FF also hides them", "mod/deep/", "-rFF", "--list-only"),
        c("-F below the module root scans parents", "mod/deep/l1/l2/", "-rF",
            "--list-only"),
        c("dir-merge without parent scan", "mod/deep/", "-r", "--list-only",
            "--filter=: .rsync-filter"),
        c("dir-merge with exclude-self", "mod/", "-r", "--list-only",
            "--filter=:e .rsync-filter", "--exclude=original", "--exclude=512px"),
        c("dir-merge of bare patterns", "mod/", "-r", "--list-only",
            "--filter=dir-merge,- .exclude-me", "--exclude=original", "--exclude=512px"),
        c("dir-merge no-inherit", "mod/deep/", "-r", "--list-only",
            "--filter=:n- .exclude-me"),
        c("-R with -F", "mod/deep/l1/l2", "-rRF", "--list-only"),
        c("cvs-exclude", "mod/extra/", "-rC", "--list-only"),
        c("cvs-exclude recursive", "mod/", "-rC", "--list-only", "--exclude=original",
            "--exclude=512px"),
        c("hard links with -H", "mod/deep/", "-rH", "--list-only"),
        c("access times with -U", "mod/extra/", "-rU", "--list-only"),
        c("hard links with -aH", "mod/deep/", "-aH", "--list-only"),
        c("hard links with -H and -c", "mod/deep/", "-rcH", "--list-only"),
        c("special files with -D", "mod/extra/", "-rD", "--list-only"),
        c("special files without -D", "mod/extra/", "-r", "--list-only"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameAsNativeDaemon(String name, String path, List<String> opts) throws Exception {
    RsyncClient.Result want = RsyncClient.run(dir, args(opts, nativeDaemon.port(), path));
    RsyncClient.Result got = RsyncClient.run(dir, args(opts, sower.port(), path));
    assertThat(got.out()).as("stdout of %s (stderr: %s)", name, got.stderr())
        .isEqualTo(want.out());
    assertThat(got.exitCode()).as("exit code of %s (native stderr: %s, sower stderr: %s)",
        name, want.stderr(), got.stderr()).isEqualTo(want.exitCode());
  }

  /**
   * A refused option: same message and stdout. The exit code is the one deviation: rsync
   * 3.5.0's daemon exits without reading the client's pending bytes, so the client sees a
   * connection reset (code 10) after the refusal; the gateway ends the protocol-31 way, with
   * MSG_ERROR_EXIT carrying RERR_UNSUPPORTED (4), as 3.1/3.2 daemons do.
   */
  @org.junit.jupiter.api.Test
  void refusedOptionSameMessage() throws Exception {
    List<String> opts = List.of("-rc", "--list-only");
    RsyncClient.Result want = RsyncClient.run(dir, args(opts, nativeDaemon.port(), "strict/"));
    RsyncClient.Result got = RsyncClient.run(dir, args(opts, sower.port(), "strict/"));
    String refusal = "rsync: The server is configured to refuse --checksum (-c)\n";
    assertThat(want.stderr()).startsWith(refusal);
    assertThat(got.stderr()).startsWith(refusal);
    assertThat(got.out()).isEqualTo(want.out()).doesNotContain("README");
    assertThat(want.exitCode()).isIn(4, 10);
    assertThat(got.exitCode()).isEqualTo(4);
  }

  private static List<String> args(List<String> opts, int port, String path) {
    List<String> a = new ArrayList<>(opts);
    a.add("rsync://127.0.0.1:" + port + "/" + path);
    return a;
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
