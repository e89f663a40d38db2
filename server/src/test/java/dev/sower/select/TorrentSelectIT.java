package dev.sower.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.cli.SowerCli;
import dev.sower.dataset.Layout;
import dev.sower.dataset.RawPaths;
import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --torrent-select} against the real clients: the indexes printed for aria2c and for
 * transmission-remote must name exactly the selected files in those clients' own numbering, and
 * aria2c {@code --select-file} must fetch them from a seeder.
 */
class TorrentSelectIT {
  private static final String[] QUERY = {"--tag", "1girl", "--rating", "s", "--min-score", "3"};

  @TempDir static Path tmp;
  static Path release;
  static Path torrent;
  static LoopbackTracker tracker;

  @BeforeAll
  static void makeTorrent() throws Exception {
    release = tmp.resolve("release");
    new SampleGenerator(line -> { }).generate(new SampleOptions(release, 300, 5, 2022, 2));
    // aria2c 1.36 cannot seed a file whose name is not UTF-8 (it mangles the name and never
    // verifies those pieces), so the seeded copy leaves out the sample's non-UTF-8 name.
    try (java.util.stream.Stream<Path> walk = Files.walk(release)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        if (!RawPaths.isUtf8(RawPaths.nameBytes(p))) {
          Files.delete(p);
        }
      }
    }
    tracker = new LoopbackTracker();
    torrent = tmp.resolve("release.torrent");
    int code = ExternalProcess.run(List.of("mktorrent", "-l", "15", "-a", tracker.announceUrl(),
        "-o", torrent.toString(), release.toString()), tmp.resolve("mktorrent.log"), Duration.ofSeconds(60));
    assertThat(code).as(ExternalProcess.read(tmp.resolve("mktorrent.log"))).isZero();
  }

  @AfterAll
  static void stopTracker() {
    tracker.close();
  }

  private static String sower(String... args) {
    List<String> full = new ArrayList<>(List.of("select", "--metadata",
        release.resolve(Layout.METADATA).resolve(Layout.METADATA_ARCHIVE).toString()));
    full.addAll(Arrays.asList(QUERY));
    full.addAll(Arrays.asList(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SowerCli.run(new PrintWriter(out), new PrintWriter(err), full.toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }

  private static TreeSet<String> selectedPaths() {
    return new TreeSet<>(Arrays.asList(sower().split("\n")));
  }

  /** Expands {@code 1-3,7} into its numbers. */
  private static List<Integer> expand(String list) {
    List<Integer> out = new ArrayList<>();
    for (String part : list.trim().split(",")) {
      String[] ab = part.split("-");
      int a = Integer.parseInt(ab[0]);
      int b = ab.length > 1 ? Integer.parseInt(ab[1]) : a;
      for (int i = a; i <= b; i++) {
        out.add(i);
      }
    }
    return out;
  }

  /** aria2c's own numbering of the torrent's files: index to dataset-relative path. */
  private static Map<Integer, String> aria2cIndexes() throws Exception {
    Path log = tmp.resolve("show-files.log");
    assertThat(ExternalProcess.run(List.of("aria2c", "--show-files", torrent.toString()), log,
        Duration.ofSeconds(30))).isZero();
    Map<Integer, String> out = new TreeMap<>();
    Matcher m = Pattern.compile("(?m)^\\s*(\\d+)\\|\\./release/(.*)$").matcher(ExternalProcess.read(log));
    while (m.find()) {
      out.put(Integer.parseInt(m.group(1)), m.group(2));
    }
    return out;
  }

  @Test
  void aria2cIndexesNameExactlyTheSelectedFiles() throws Exception {
    TreeSet<String> want = selectedPaths();
    assertThat(want).hasSizeGreaterThan(10);
    Map<Integer, String> byIndex = aria2cIndexes();
    assertThat(byIndex).hasSizeGreaterThan(want.size());
    TreeSet<String> named = new TreeSet<>();
    for (int i : expand(sower("--torrent-select", torrent.toString()))) {
      named.add(byIndex.get(i));
    }
    assertThat(named).isEqualTo(want);
  }

  @Test
  void transmissionIndexesNameExactlyTheSelectedFiles() throws Exception {
    TreeSet<String> want = selectedPaths();
    String list = sower("--torrent-select", torrent.toString(), "--torrent-client", "transmission").trim();
    int rpc = ExternalProcess.freePort();
    int peer = ExternalProcess.freePort();
    Path cfg = tmp.resolve("transmission");
    Files.createDirectories(cfg);
    Process daemon = ExternalProcess.start(List.of("transmission-daemon", "-f", "-g", cfg.toString(),
        "-p", String.valueOf(rpc), "-r", "127.0.0.1", "-P", String.valueOf(peer), "-T",
        "--no-auth", "--no-dht", "--no-lpd", "--no-portmap", "-w", tmp.resolve("tdl").toString()),
        tmp.resolve("transmission.log"));
    try {
      ExternalProcess.awaitPort(rpc, daemon, tmp.resolve("transmission.log"));
      String host = "127.0.0.1:" + rpc;
      Path log = tmp.resolve("remote.log");
      assertThat(ExternalProcess.run(List.of("transmission-remote", host, "--start-paused", "-a",
          torrent.toString()), log, Duration.ofSeconds(30))).as(ExternalProcess.read(log)).isZero();
      assertThat(ExternalProcess.run(List.of("transmission-remote", host, "-t", "1", "-G", "all",
          "-g", list), log, Duration.ofSeconds(30))).as(ExternalProcess.read(log)).isZero();
      assertThat(ExternalProcess.run(List.of("transmission-remote", host, "-t", "1", "-f"), log,
          Duration.ofSeconds(30))).isZero();
      TreeSet<String> wanted = new TreeSet<>();
      Matcher m = Pattern.compile("(?m)^\\s*\\d+:\\s+\\S+\\s+\\S+\\s+(Yes|No)\\s+.*?\\s+release/(\\S.*)$")
          .matcher(ExternalProcess.read(log));
      int rows = 0;
      while (m.find()) {
        rows++;
        if (m.group(1).equals("Yes")) {
          wanted.add(m.group(2));
        }
      }
      assertThat(rows).isGreaterThan(want.size());
      assertThat(wanted).isEqualTo(want);
    } finally {
      ExternalProcess.stop(daemon);
    }
  }

  @Test
  void aria2cFetchesTheSelectedFilesFromASeeder() throws Exception {
    TreeSet<String> want = selectedPaths();
    String list = sower("--torrent-select", torrent.toString()).trim();
    int seedPort = ExternalProcess.freePort();
    List<String> quiet = List.of("--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
        "--enable-peer-exchange=false", "--file-allocation=none", "--console-log-level=warn",
        "--summary-interval=0");
    List<String> seedCmd = new ArrayList<>(List.of("aria2c", "--dir=" + tmp, "--check-integrity=true",
        "--seed-ratio=0.0", "--seed-time=30", "--listen-port=" + seedPort));
    seedCmd.addAll(quiet);
    seedCmd.add(torrent.toString());
    Path seedLog = tmp.resolve("seeder.log");
    Process seeder = ExternalProcess.start(seedCmd, seedLog);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      while (!tracker.hasPeer(seedPort) && System.nanoTime() < deadline) {
        assertThat(seeder.isAlive()).as(ExternalProcess.read(seedLog)).isTrue();
        Thread.sleep(100);
      }
      assertThat(tracker.hasPeer(seedPort)).as("seeder announced; " + ExternalProcess.read(seedLog)).isTrue();
      Path dest = tmp.resolve("aria2-dl");
      List<String> getCmd = new ArrayList<>(List.of("aria2c", "--dir=" + dest, "--select-file=" + list,
          "--seed-time=0", "--bt-stop-timeout=60", "--listen-port=" + ExternalProcess.freePort()));
      getCmd.addAll(quiet);
      getCmd.add(torrent.toString());
      Path log = tmp.resolve("download.log");
      assertThat(ExternalProcess.run(getCmd, log, Duration.ofSeconds(90)))
          .as(ExternalProcess.read(log)).isZero();
      for (String p : want) {
        Path got = dest.resolve("release").resolve(p);
        assertThat(got).as(p).exists();
        assertThat(Files.mismatch(got, release.resolve(p))).as(p).isEqualTo(-1L);
      }
    } finally {
      ExternalProcess.stop(seeder);
    }
  }
}
