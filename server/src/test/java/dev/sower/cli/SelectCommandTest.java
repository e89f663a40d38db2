package dev.sower.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.dataset.Layout;
import dev.sower.dataset.RawPaths;
import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sower select} in-process, on a generated sample release. */
class SelectCommandTest {
  @TempDir static Path tmp;
  static Path release;
  static Path archive;

  record Result(int code, List<String> out, String err) {}

  @BeforeAll
  static void sample() throws IOException {
    release = tmp.resolve("release");
    new SampleGenerator(line -> { }).generate(new SampleOptions(release, 300, 7, 2020, 2));
    archive = release.resolve(Layout.METADATA).resolve(Layout.METADATA_ARCHIVE);
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 1];
    full[0] = "select";
    System.arraycopy(args, 0, full, 1, args.length);
    int code = SowerCli.run(new PrintWriter(out), new PrintWriter(err), full);
    String o = out.toString();
    return new Result(code, o.isEmpty() ? List.of() : Arrays.asList(o.split("\n")), err.toString());
  }

  /** Dataset-relative paths of the image files (named ID.ext) under {@code tree}. */
  static TreeSet<String> imageFiles(String tree) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(release.resolve(tree))) {
      walk.filter(Files::isRegularFile)
          .filter(p -> Layout.parseId(RawPaths.nameBytes(p)).isPresent())
          .forEach(p -> out.add(RawPaths.printable(release.relativize(p))));
    }
    return out;
  }

  @Test
  void everyImageOfTheMetadataIsAFileOfTheOriginalTree() throws IOException {
    Result r = run("--metadata", archive.toString(), "--include-deleted");
    assertThat(r.code()).isZero();
    assertThat(new TreeSet<>(r.out())).isEqualTo(imageFiles(Layout.ORIGINAL)).hasSize(300);
    assertThat(r.err()).contains("sower select: 300 records read, 300 selected, 300 written");
  }

  @Test
  void subsetTreeSelectsExactlyTheFilesOfThe512pxTree() throws IOException {
    Result r = run("--metadata", archive.toString(), "--tree", "512px");
    assertThat(r.code()).isZero();
    assertThat(new TreeSet<>(r.out())).isEqualTo(imageFiles(Layout.SUBSET_512));
    assertThat(r.out()).allMatch(p -> p.startsWith("512px/") && p.endsWith(".jpg"));
  }

  @Test
  void verifyRootDropsAndReportsMissingFiles() throws IOException {
    Path root = tmp.resolve("partial");
    List<String> all = run("--metadata", archive.toString(), "--rating", "s").out();
    for (String p : all.subList(1, all.size())) {
      Path f = root.resolve(p);
      Files.createDirectories(f.getParent());
      Files.writeString(f, "x");
    }
    Result r = run("--metadata", archive.toString(), "--rating", "s", "--verify-root", root.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(all.subList(1, all.size()));
    assertThat(r.err()).contains("not under " + root + ": " + all.get(0))
        .contains("1 dropped: file not under " + root + " (--verify-root)");
  }

  @Test
  void idsAndJsonlFormatsAndStdinPath() throws IOException {
    Result ids = run("--metadata", archive.toString(), "--format", "ids", "--id-range", "1000-1100");
    assertThat(ids.code()).isZero();
    assertThat(ids.out()).isNotEmpty().allMatch(s -> Long.parseLong(s) >= 1000 && Long.parseLong(s) <= 1100);
    Result jsonl = run("--metadata", archive.toString(), "--format", "jsonl", "--id-range", "1000-1100");
    assertThat(jsonl.out()).hasSameSizeAs(ids.out()).allMatch(s -> s.startsWith("{\"id\":"));
  }

  @Test
  void malformedInputExitsOneWithTheLine() throws IOException {
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"id\":\"1\",\"is_deleted\":false}\n{\"id\":\n");
    Result r = run("--metadata", bad.toString());
    assertThat(r.code()).isEqualTo(ExitCode.FAILURE.code());
    assertThat(r.err()).contains("sower select: bad.jsonl line 2: malformed JSON");
    Result skipped = run("--metadata", bad.toString(), "--skip-bad", "--format", "ids");
    assertThat(skipped.code()).isZero();
    assertThat(skipped.out()).containsExactly("1");
    assertThat(skipped.err()).contains("skipped bad.jsonl line 2").contains("1 bad lines skipped");
  }

  @Test
  void missingFileExitsOne() {
    Result r = run("--metadata", tmp.resolve("nope.tar.xz").toString());
    assertThat(r.code()).isEqualTo(ExitCode.FAILURE.code());
    assertThat(r.err()).contains("no such file");
  }

  @Test
  void torrentSelectRefusesAnEmptySelection() throws IOException {
    dev.sower.torrent.meta.TorrentFile t = new dev.sower.torrent.meta.TorrentFile(
        "x".getBytes(java.nio.charset.StandardCharsets.UTF_8), 16, new byte[20],
        List.of(new dev.sower.torrent.meta.TorrentFile.Entry(
            "README.txt".getBytes(java.nio.charset.StandardCharsets.UTF_8), 5, 0)),
        List.of(), List.of(), java.util.OptionalLong.empty(), new byte[20]);
    Path file = tmp.resolve("other.torrent");
    Files.write(file, t.encode());
    Result r = run("--metadata", archive.toString(), "--torrent-select", file.toString());
    assertThat(r.code()).isEqualTo(ExitCode.FAILURE.code());
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("0 of the 1 files of other.torrent selected")
        .contains("no file of other.torrent holds a selected image");
  }

  @Test
  void badOptionValuesAreUsageErrors() {
    for (String[] args : List.of(
        new String[] {"--id-range", "9-1"},
        new String[] {"--id-range", "x"},
        new String[] {"--tree", "256px"},
        new String[] {"--since", "yesterday"},
        new String[] {"--since", "2020-02-30"},
        new String[] {"--since", "2020-01-02", "--until", "2020-01-01"},
        new String[] {"--rating", "x"},
        new String[] {"--format", "csv"},
        new String[] {"--torrent-client", "qbittorrent"},
        new String[] {"--xz-decoder", "pixz"},
        new String[] {"--verify-root", "/no/such/dir"})) {
      String[] full = new String[args.length + 2];
      full[0] = "--metadata";
      full[1] = archive.toString();
      System.arraycopy(args, 0, full, 2, args.length);
      Result r = run(full);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE.code());
      assertThat(r.out()).isEmpty();
    }
  }
}
