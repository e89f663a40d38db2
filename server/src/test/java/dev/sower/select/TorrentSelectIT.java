package dev.sower.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.cli.SowerCli;
import dev.sower.dataset.Layout;
import dev.sower.dataset.RawPaths;
import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import dev.sower.server.it.Proc;
import dev.sower.server.it.SeedServer;
import dev.sower.server.it.Trees;
import dev.sower.torrent.meta.TorrentFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --torrent-select} against the real clients: the indexes printed for aria2c and for
 * transmission-remote must name exactly the selected files in those clients' own numbering (for a
 * torrent made by mktorrent of the dataset directory), and aria2c {@code --select-file} must fetch
 * exactly them from Sower's seeder (torrents made by {@code sower make}).
 */
class TorrentSelectIT {
  private static final String[] QUERY = {"--tag", "1girl", "--rating", "s", "--min-score", "3"};

  @TempDir static Path tmp;
  static Path release;
  static Path torrent;

  @BeforeAll
  static void makeTorrent() throws Exception {
    release = tmp.resolve("release");
    new SampleGenerator(line -> { }).generate(new SampleOptions(release, 300, 5, 2022, 12));
    torrent = tmp.resolve("release.torrent");
    int code = ExternalProcess.run(List.of("mktorrent", "-l", "15", "-a", "http://127.0.0.1:9/announce",
        "-o", torrent.toString(), release.toString()), tmp.resolve("mktorrent.log"), Duration.ofSeconds(60));
    assertThat(code).as(ExternalProcess.read(tmp.resolve("mktorrent.log"))).isZero();
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

  /**
   * The whole path: {@code sower make} torrents seeded by Sower's own seeder (embedded tracker on
   * loopback), and aria2c {@code --select-file} with the indexes {@code sower select} printed for
   * one of them. Exactly the selected files arrive whole; the only other files aria2c writes are
   * unselected neighbours sharing a boundary piece with a selected file, holding the original
   * bytes of those shared pieces and nothing beyond them.
   */
  @Test
  void aria2cFetchesTheSelectedFilesFromSowersSeeder() throws Exception {
    Path made = tmp.resolve("made");
    try (SeedServer server = SeedServer.http(made)) {
      StringWriter makeOut = new StringWriter();
      int code = SowerCli.run(new PrintWriter(makeOut), "make", "--dataset", release.toString(),
          "--out", made.toString(), "--torrents", "2", "--piece-size", "16K", "--announce",
          server.announceUrl(), "--threads", "2");
      assertThat(code).as(makeOut.toString()).isZero();
      Path seeded = made.resolve("original-0500-0999.torrent");
      server.seed(release, made, tmp.resolve("seed-state"));
      server.awaitSeederAnnounced(Duration.ofSeconds(20));

      String list = sower("--torrent-select", seeded.toString()).trim();
      TorrentFile meta = TorrentFile.read(seeded);
      String prefix = new String(meta.name(), StandardCharsets.UTF_8) + "/";
      List<Integer> picked = expand(list);
      Set<String> selected = new TreeSet<>();
      for (int i : picked) {
        selected.add(RawPaths.printable(meta.files().get(i - 1).path()));
      }
      TreeSet<String> want = new TreeSet<>();
      for (String p : selectedPaths()) {
        if (Integer.parseInt(p.split("/")[1]) >= 500) {
          want.add(p);
        }
      }
      assertThat(want).hasSizeGreaterThan(5);
      assertThat(selected).isEqualTo(want);

      Path dest = Files.createDirectories(tmp.resolve("aria2-dl"));
      Proc.run(tmp.resolve("aria2-select.log"), tmp, Duration.ofSeconds(60), List.of("aria2c",
          "--dir=" + dest, "--select-file=" + list, "--seed-time=0", "--bt-stop-timeout=60",
          "--listen-port=" + SeedServer.freePort(), "--enable-dht=false", "--enable-dht6=false",
          "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--file-allocation=none",
          "--console-log-level=warn", "--summary-interval=0", seeded.toString()));

      Map<String, Path> got = Trees.files(dest);
      Set<Long> sharedPieces = piecesOf(meta, selected);
      Map<String, TorrentFile.Entry> neighbours = neighbours(meta, selected, sharedPieces);
      assertThat(neighbours).as("the selection shares pieces with unselected files").isNotEmpty();
      Set<String> extra = new TreeSet<>();
      // aria2c keeps its control file: the torrent as a whole stays incomplete.
      assertThat(got.keySet().stream().filter(k -> !k.startsWith(prefix)))
          .containsExactly(prefix.substring(0, prefix.length() - 1) + ".aria2");
      for (Map.Entry<String, Path> e : got.entrySet()) {
        if (!e.getKey().startsWith(prefix)) {
          continue;
        }
        String rel = e.getKey().substring(prefix.length());
        Path original = RawPaths.resolve(release, rel.getBytes(StandardCharsets.UTF_8));
        if (selected.contains(rel)) {
          assertThat(Files.mismatch(e.getValue(), original)).as(rel).isEqualTo(-1L);
          continue;
        }
        extra.add(rel);
        TorrentFile.Entry entry = neighbours.get(rel);
        assertThat(entry).as("aria2c wrote %s, which shares no piece with the selection", rel)
            .isNotNull();
        if (entry.length() == 0) {
          assertThat(e.getValue()).as(rel).isEmptyFile();
          continue;
        }
        byte[] whole = Files.readAllBytes(original);
        byte[] have = Files.readAllBytes(e.getValue());
        assertThat((long) have.length).as(rel).isLessThanOrEqualTo(whole.length);
        for (int i = 0; i < have.length; i++) {
          if (sharedPieces.contains((entry.offset() + i) / meta.pieceLength())) {
            assertThat(have[i]).as("%s byte %d (in a shared piece)", rel, i).isEqualTo(whole[i]);
          } else if (have[i] != 0) {
            throw new AssertionError(rel + " byte " + i + " lies outside the shared pieces but was written");
          }
        }
      }
      for (String s : selected) {
        assertThat(got).as("selected file arrived").containsKey(prefix + s);
      }
      // aria2c writes each piece it fetched into every file the piece covers.
      for (Map.Entry<String, TorrentFile.Entry> n : neighbours.entrySet()) {
        if (n.getValue().length() > 0) {
          assertThat(extra).as("neighbour sharing a piece").contains(n.getKey());
        }
      }
      System.out.printf("aria2c --select-file: %d selected of %d files arrived; %d unselected"
          + " neighbours written (%d share a piece)%n", selected.size(), meta.files().size(),
          extra.size(), neighbours.size());
      assertThat(server.seeding.corruptPieces()).isZero();
    }
  }

  /** Indexes of the pieces holding bytes of the selected files. */
  private static Set<Long> piecesOf(TorrentFile t, Set<String> selected) {
    Set<Long> pieces = new java.util.HashSet<>();
    for (TorrentFile.Entry f : t.files()) {
      if (f.length() > 0 && selected.contains(RawPaths.printable(f.path()))) {
        for (long p = f.offset() / t.pieceLength(); p <= (f.offset() + f.length() - 1) / t.pieceLength(); p++) {
          pieces.add(p);
        }
      }
    }
    return pieces;
  }

  /**
   * Unselected files with bytes in one of {@code pieces}, by path; also empty files placed inside
   * or at the edge of one of them (aria2c creates those, empty).
   */
  private static Map<String, TorrentFile.Entry> neighbours(TorrentFile t, Set<String> selected,
      Set<Long> pieces) {
    Map<String, TorrentFile.Entry> out = new TreeMap<>();
    for (TorrentFile.Entry f : t.files()) {
      String name = RawPaths.printable(f.path());
      if (selected.contains(name)) {
        continue;
      }
      if (f.length() == 0) {
        if (pieces.contains(f.offset() / t.pieceLength())
            || f.offset() > 0 && pieces.contains((f.offset() - 1) / t.pieceLength())) {
          out.put(name, f);
        }
        continue;
      }
      for (long p = f.offset() / t.pieceLength(); p <= (f.offset() + f.length() - 1) / t.pieceLength(); p++) {
        if (pieces.contains(p)) {
          out.put(name, f);
          break;
        }
      }
    }
    return out;
  }
}
