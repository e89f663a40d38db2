package dev.sower.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MakeCommandTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run sower(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SowerCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  static Path tiny(Path dir) throws Exception {
    Path ds = dir.resolve("tiny");
    for (int i = 1; i <= 30; i++) {
      int id = 33 * i + 1; // buckets 34 to 991: both halves of the bucket range
      Path p = ds.resolve("original/" + String.format("%04d", id % 1000) + "/" + id + ".jpg");
      Files.createDirectories(p.getParent());
      Files.write(p, ("image " + id + " ").repeat(1000 + i).getBytes());
      Files.setLastModifiedTime(p, FileTime.fromMillis(1_600_000_000_000L));
    }
    Path meta = ds.resolve("metadata/metadata.json.tar.xz");
    Files.createDirectories(meta.getParent());
    Files.writeString(meta, "metadata");
    return ds;
  }

  @Test
  void makesTorrentsAndPrintsASummary() throws Exception {
    Path ds = tiny(tmp);
    Run r = sower("make", "--dataset", ds.toString(), "--out", tmp.resolve("out").toString(),
        "--torrents", "2", "--piece-size", "16K", "--announce", "http://127.0.0.1:9/announce");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("original-0000-0499").contains("original-0500-0999")
        .contains("metadata").contains("3 torrents, 31 files");
    assertThat(tmp.resolve("out/original-0000-0499.torrent")).exists();
    assertThat(tmp.resolve("out/manifest.json")).exists();
    assertThat(tmp.resolve("out/torrents.tar.xz")).exists();
    assertThat(tmp.resolve("out/filelist.txt.xz")).exists();

    Run again = sower("make", "--dataset", ds.toString(), "--out", tmp.resolve("out2").toString(),
        "--torrents", "2", "--piece-size", "16K", "--previous", tmp.resolve("out").toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("since the previous release: 0 added, 0 removed, 0 modified");
  }

  @Test
  void announcesToTheEmbeddedTrackerByDefault() throws Exception {
    Path ds = tiny(tmp);
    Run r = sower("make", "--dataset", ds.toString(), "--out", tmp.resolve("d").toString(),
        "--torrents", "1");
    assertThat(r.code()).as(r.err()).isZero();
    String url = DefaultAnnounce.url();
    assertThat(url).matches("http://[^/:]+:8080/announce");
    assertThat(r.out()).contains("announce URL: " + url);
    assertThat(dev.sower.torrent.meta.TorrentFile.read(tmp.resolve("d/metadata.torrent"))
        .announce()).containsExactly(url);
    Run none = sower("make", "--dataset", ds.toString(), "--out", tmp.resolve("n").toString(),
        "--torrents", "1", "--no-announce");
    assertThat(none.code()).as(none.err()).isZero();
    assertThat(dev.sower.torrent.meta.TorrentFile.read(tmp.resolve("n/metadata.torrent"))
        .announce()).isEmpty();
    assertThat(sower("make", "--dataset", ds.toString(), "--out", tmp.resolve("x").toString(),
        "--no-announce", "--announce", "http://a/announce").code()).isEqualTo(2);
  }

  @Test
  void badPieceSizeIsAUsageError() throws Exception {
    Run r = sower("make", "--dataset", tmp.toString(), "--out", tmp.resolve("o").toString(),
        "--piece-size", "3000");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("--piece-size must be a power of two");
  }

  @Test
  void missingLayoutFailsNamingThePath() throws Exception {
    Files.createDirectories(tmp.resolve("photos/x"));
    Run r = sower("make", "--dataset", tmp.resolve("photos").toString(), "--out",
        tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(ExitCode.FAILURE.code());
    assertThat(r.err()).contains("sower make: dataset").contains("photos/original is not a directory");
    assertThat(tmp.resolve("o")).doesNotExist();
  }
}
