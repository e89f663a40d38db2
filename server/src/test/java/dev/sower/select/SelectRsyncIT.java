package dev.sower.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.cli.SowerCli;
import dev.sower.dataset.Layout;
import dev.sower.dataset.RawPaths;
import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a sample release, a selection from its metadata, and the real {@code rsync
 * --files-from} against a native {@code rsync --daemon} serving the same tree. Exactly the selected
 * files must arrive, byte for byte.
 */
class SelectRsyncIT {
  @TempDir static Path tmp;
  static Path release;
  static Process daemon;
  static int port;

  @BeforeAll
  static void serve() throws Exception {
    release = tmp.resolve("release");
    new SampleGenerator(line -> { }).generate(new SampleOptions(release, 600, 11, 2021, 3));
    port = ExternalProcess.freePort();
    Path conf = tmp.resolve("rsyncd.conf");
    boolean root = "root".equals(System.getProperty("user.name"));
    Files.writeString(conf, String.join("\n",
        "use chroot = no",
        root ? "uid = root" : "",
        root ? "gid = root" : "",
        "pid file = " + tmp.resolve("rsyncd.pid"),
        "log file = " + tmp.resolve("rsyncd.log"),
        "[data]",
        "path = " + release,
        "read only = yes",
        ""));
    Path log = tmp.resolve("daemon.out");
    daemon = ExternalProcess.start(List.of("rsync", "--daemon", "--no-detach", "--port=" + port,
        "--address=127.0.0.1", "--config=" + conf), log);
    ExternalProcess.awaitPort(port, daemon, log);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    ExternalProcess.stop(daemon);
  }

  private static List<String> select(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 3];
    full[0] = "select";
    full[1] = "--metadata";
    full[2] = release.resolve(Layout.METADATA).resolve(Layout.METADATA_ARCHIVE).toString();
    System.arraycopy(args, 0, full, 3, args.length);
    int code = SowerCli.run(new PrintWriter(out), new PrintWriter(err), full);
    assertThat(code).as(err.toString()).isZero();
    return Arrays.asList(out.toString().split("\n"));
  }

  private static TreeSet<String> fetch(List<String> list, String name) throws Exception {
    Path listFile = tmp.resolve(name + ".list");
    Files.write(listFile, list);
    Path dest = tmp.resolve(name);
    Files.createDirectories(dest);
    Path log = tmp.resolve(name + ".rsync.log");
    int code = ExternalProcess.run(List.of("rsync", "-a", "--files-from=" + listFile,
        "rsync://127.0.0.1:" + port + "/data/", dest + "/"), log, Duration.ofSeconds(60));
    assertThat(code).as(ExternalProcess.read(log)).isZero();
    TreeSet<String> got = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(dest)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String rel = RawPaths.printable(dest.relativize(p));
        got.add(rel);
        assertThat(Files.mismatch(p, release.resolve(rel))).as(rel).isEqualTo(-1L);
      }
    }
    return got;
  }

  @Test
  void rsyncFetchesExactlyTheSelectedOriginals() throws Exception {
    List<String> list = select("--tag", "1girl", "--any-tag", "solo", "--any-tag", "smile",
        "--not-tag", "monochrome", "--min-score", "2");
    assertThat(list).hasSizeBetween(10, 300);
    assertThat(fetch(list, "originals")).isEqualTo(new TreeSet<>(list));
  }

  @Test
  void rsyncFetchesExactlyTheSelectedSubsetImages() throws Exception {
    List<String> list = select("--tree", "512px", "--ext", "png", "--ext", "gif");
    assertThat(list).hasSizeGreaterThan(10).allMatch(p -> p.startsWith("512px/") && p.endsWith(".jpg"));
    assertThat(fetch(list, "subset")).isEqualTo(new TreeSet<>(list));
  }
}
