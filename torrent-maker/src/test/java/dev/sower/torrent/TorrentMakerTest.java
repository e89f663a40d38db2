package dev.sower.torrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sower.dataset.RawPaths;
import dev.sower.torrent.meta.Manifest;
import dev.sower.torrent.meta.TorrentFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorrentMakerTest {
  @TempDir Path tmp;

  private final List<String> log = new ArrayList<>();

  private MakeResult make(MakeOptions o) throws IOException {
    return new TorrentMaker(log::add, new Progress()).make(o);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void goldenTorrentOfATinyDataset() throws Exception {
    Path ds = Datasets.tiny(tmp);
    MakeOptions o = new MakeOptions(ds, tmp.resolve("out"), null, 1, 16384,
        List.of("http://127.0.0.1:6969/announce"), List.of("http://127.0.0.1:8080/"), null,
        OptionalLong.empty(), 2);
    make(o);
    byte[] piece = MessageDigest.getInstance("SHA-1").digest(ascii("hello0123456789"));
    ByteArrayOutputStream want = new ByteArrayOutputStream();
    want.writeBytes(ascii("d"));
    want.writeBytes(ascii("8:announce30:http://127.0.0.1:6969/announce"));
    want.writeBytes(ascii("10:created by5:sower"));
    want.writeBytes(ascii("4:infod"));
    want.writeBytes(ascii("5:filesl"));
    // 1001 before 2001: ascending ID, although the scan saw them in another order
    want.writeBytes(ascii("d6:lengthi5e4:pathl8:original4:00018:1001.jpgee"));
    want.writeBytes(ascii("d6:lengthi10e4:pathl8:original4:00018:2001.jpgee"));
    want.writeBytes(ascii("e"));
    want.writeBytes(ascii("4:name4:tiny"));
    want.writeBytes(ascii("12:piece lengthi16384e"));
    want.writeBytes(ascii("6:pieces20:"));
    want.writeBytes(piece);
    want.writeBytes(ascii("e"));
    want.writeBytes(ascii("8:url-listl22:http://127.0.0.1:8080/e"));
    want.writeBytes(ascii("e"));
    assertThat(Files.readAllBytes(tmp.resolve("out/original-0000-0999.torrent")))
        .isEqualTo(want.toByteArray());

    Manifest m = Manifest.read(tmp.resolve("out/manifest.json"));
    assertThat(m.torrents()).extracting(Manifest.Torrent::name)
        .containsExactly("original-0000-0999", "metadata");
    assertThat(m.emptyRanges()).containsExactly("512px-0000-0999");
    TorrentFile meta = TorrentFile.read(tmp.resolve("out/metadata.torrent"));
    assertThat(meta.files()).hasSize(1);
    assertThat(new String(meta.files().get(0).path(), StandardCharsets.UTF_8))
        .isEqualTo("metadata/metadata.json.tar.xz");
    assertThat(xz(tmp.resolve("out/filelist.txt.xz"))).isEqualTo(
        "4\t2023-11-14T22:13:20Z\tmetadata/metadata.json.tar.xz\n"
            + "5\t2023-11-14T22:13:20Z\toriginal/0001/1001.jpg\n"
            + "10\t2023-11-14T22:13:20Z\toriginal/0001/2001.jpg\n");
  }

  @Test
  void sameInputGivesByteIdenticalOutput() throws Exception {
    Path ds = Datasets.sample(tmp, 300, 7);
    make(MakeOptions.of(ds, tmp.resolve("a")));
    make(MakeOptions.of(ds, tmp.resolve("b")).withTorrents(10));
    List<Path> files = list(tmp.resolve("a"));
    assertThat(files).isNotEmpty().contains(Path.of("manifest.json"), Path.of("torrents.tar.xz"),
        Path.of("filelist.txt.xz"), Path.of("state/metadata.state"));
    assertThat(list(tmp.resolve("b"))).isEqualTo(files);
    for (Path f : files) {
      assertThat(Files.readAllBytes(tmp.resolve("b").resolve(f))).as(f.toString())
          .isEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(f)));
    }
  }

  @Test
  void filesAreInAscendingIdOrderWithOtherNamesLast() throws Exception {
    Path ds = Datasets.sample(tmp, 1000, 1);
    MakeResult r = make(MakeOptions.of(ds, tmp.resolve("out")));
    int nonUtf8 = 0;
    for (Manifest.Torrent t : r.manifest().torrents()) {
      TorrentFile tf = TorrentFile.read(tmp.resolve("out").resolve(t.file()));
      long lastId = -1;
      boolean others = false;
      byte[] lastOther = null;
      for (TorrentFile.Entry e : tf.files()) {
        byte[] name = e.path();
        int slash = name.length - 1;
        while (slash >= 0 && name[slash] != '/') {
          slash--;
        }
        long id = dev.sower.dataset.Layout.parseId(
            java.util.Arrays.copyOfRange(name, slash + 1, name.length)).orElse(-1);
        if (!RawPaths.isUtf8(name)) {
          nonUtf8++;
          assertThat(Files.exists(RawPaths.resolve(ds, name))).isTrue();
        }
        if (t.tree().equals("metadata")) {
          continue;
        }
        if (id >= 0 && !others) {
          assertThat(id).as(RawPaths.printable(name)).isGreaterThan(lastId);
          lastId = id;
        } else {
          assertThat(id).as("ID name after other names: " + RawPaths.printable(name)).isLessThan(0);
          if (lastOther != null) {
            assertThat(java.util.Arrays.compareUnsigned(lastOther, name)).isNegative();
          }
          others = true;
          lastOther = name;
        }
      }
    }
    assertThat(nonUtf8).isEqualTo(1);
    assertThat(r.manifest().scan().oddFiles()).extracting(Manifest.Odd::kind)
        .contains("NON_UTF8_NAME", "EMPTY", "NOT_AN_ID_NAME");
  }

  @Test
  void previousReleaseReusesLeadingPiecesAndGivesTheSameTorrents() throws Exception {
    Path ds = Datasets.sample(tmp, 1000, 3);
    make(MakeOptions.of(ds, tmp.resolve("r1")));
    // the next release, updated in place: a new high ID in bucket 0005, one file removed
    Datasets.write(ds, "original/0005/99005.jpg", "new image bytes ".repeat(3000));
    Path victim;
    try (Stream<Path> s = Files.list(ds.resolve("original/0900"))) {
      victim = s.sorted().findFirst().orElseThrow();
    }
    Files.delete(victim);
    MakeResult r2 = make(MakeOptions.of(ds, tmp.resolve("r2")).withPrevious(tmp.resolve("r1")));
    MakeResult fresh = make(MakeOptions.of(ds, tmp.resolve("fresh")));
    assertThat(r2.manifest().totals().reusedPieces()).isGreaterThan(0);
    assertThat(r2.hashedBytes()).isLessThan(fresh.hashedBytes() / 2);
    for (Manifest.Torrent t : fresh.manifest().torrents()) {
      assertThat(Files.readAllBytes(tmp.resolve("r2").resolve(t.file()))).as(t.name())
          .isEqualTo(Files.readAllBytes(tmp.resolve("fresh").resolve(t.file())));
    }
    String rel = ds.relativize(victim).toString();
    assertThat(Files.readString(tmp.resolve("r2/removed.txt"))).isEqualTo(rel + "\n");
    String changes = Files.readString(tmp.resolve("r2/changes.json"));
    assertThat(changes).contains("\"original/0005/99005.jpg\"").contains("\"" + rel + "\"");
    assertThat(r2.manifest().previous().added()).isEqualTo(1);
    assertThat(r2.manifest().previous().removed()).isEqualTo(1);
    assertThat(r2.manifest().previous().modified()).isZero();
    // range 0000-0099 gained one file, the highest ID: every whole piece of the old payload before
    // it is reused. The new file sorts after every old ID file and before any name that is not an
    // ID (the sample may put one of its odd names in this range), so the reusable prefix is the
    // old ID files.
    Manifest.Torrent old0 = Manifest.read(tmp.resolve("r1/manifest.json")).torrents().get(0);
    Manifest.Torrent range0 = r2.manifest().torrents().get(0);
    assertThat(range0.name()).isEqualTo("original-0000-0099");
    long prefix = 0;
    for (TorrentFile.Entry e : TorrentFile.read(tmp.resolve("r1").resolve(old0.file())).files()) {
      byte[] path = e.path();
      int slash = path.length - 1;
      while (slash >= 0 && path[slash] != '/') {
        slash--;
      }
      OptionalLong id = dev.sower.dataset.Layout.parseId(java.util.Arrays.copyOfRange(path, slash + 1, path.length));
      if (id.isEmpty() || id.getAsLong() > 99005) {
        break;
      }
      prefix += e.length();
    }
    assertThat(prefix).isPositive();
    assertThat(range0.reusedPieces()).isEqualTo((int) (prefix / range0.pieceLength()));
  }

  @Test
  void previousMayBeTheOutputItself() throws Exception {
    Path ds = tmp.resolve("ds");
    for (int i = 0; i < 40; i++) {
      Datasets.write(ds, "original/0001/" + (1001 + 1000 * i) + ".jpg", ("x" + i).repeat(10000));
    }
    Path out = tmp.resolve("out");
    MakeResult first = make(MakeOptions.of(ds, out).withTorrents(1));
    byte[] torrent = Files.readAllBytes(out.resolve("original-0000-0999.torrent"));
    MakeResult again = make(MakeOptions.of(ds, out).withTorrents(1).withPrevious(out));
    int pieces = first.manifest().torrents().get(0).pieces();
    assertThat(again.manifest().torrents().get(0).reusedPieces()).isEqualTo(pieces - 1);
    assertThat(Files.readAllBytes(out.resolve("original-0000-0999.torrent"))).isEqualTo(torrent);
    assertThat(Files.readString(out.resolve("removed.txt"))).isEmpty();
    assertThat(again.manifest().previous().added()).isZero();
  }

  @Test
  void emptyTreeIsRefused() throws Exception {
    Path ds = tmp.resolve("ds");
    Files.createDirectories(ds.resolve("original/0000"));
    Datasets.write(ds, "metadata/metadata.json.tar.xz", "x");
    assertThatThrownBy(() -> make(MakeOptions.of(ds, tmp.resolve("out"))))
        .isInstanceOf(MakeException.class)
        .hasMessageContaining("empty tree: " + ds.toRealPath().resolve("original"));
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void datasetWithoutFilesIsRefused() throws Exception {
    Path ds = tmp.resolve("ds");
    Files.createDirectories(ds.resolve("original"));
    assertThatThrownBy(() -> make(MakeOptions.of(ds, tmp.resolve("out"))))
        .hasMessageContaining("holds no files");
  }

  @Test
  void missingLayoutNamesThePath() throws Exception {
    Path ds = tmp.resolve("photos");
    Datasets.write(ds, "a/b.jpg", "x");
    assertThatThrownBy(() -> make(MakeOptions.of(ds, tmp.resolve("out"))))
        .isInstanceOf(MakeException.class)
        .hasMessageContaining(ds.toRealPath().resolve("original") + " is not a directory");
  }

  @Test
  void symlinksAreNotFollowedOutOfTheDataset() throws Exception {
    Path ds = Datasets.tiny(tmp);
    Path outside = Datasets.write(tmp, "secret/passwords.txt", "secret");
    Files.createSymbolicLink(ds.resolve("original/0001/3001.jpg"), outside);
    Files.createSymbolicLink(ds.resolve("original/0002"), outside.getParent());
    MakeResult r = make(MakeOptions.of(ds, tmp.resolve("out")).withTorrents(1));
    assertThat(r.manifest().totals().files()).isEqualTo(3);
    assertThat(r.manifest().scan().oddFiles())
        .extracting(Manifest.Odd::path, Manifest.Odd::kind)
        .contains(org.assertj.core.groups.Tuple.tuple("original/0001/3001.jpg", "SYMLINK"),
            org.assertj.core.groups.Tuple.tuple("original/0002", "SYMLINK"));
    String all = xz(tmp.resolve("out/filelist.txt.xz"));
    assertThat(all).doesNotContain("passwords").doesNotContain("3001");
  }

  @Test
  void fileChangingDuringTheMakeFailsAndPublishesNothing() throws Exception {
    Path ds = Datasets.tiny(tmp);
    make(MakeOptions.of(ds, tmp.resolve("out")).withTorrents(1));
    byte[] before = Files.readAllBytes(tmp.resolve("out/manifest.json"));
    Path victim = ds.resolve("original/0001/2001.jpg");
    TorrentMaker maker = new TorrentMaker(line -> {
      if (line.startsWith("hashing")) {
        try {
          Files.writeString(victim, "more bytes", java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }, new Progress());
    assertThatThrownBy(() -> maker.make(MakeOptions.of(ds, tmp.resolve("out")).withTorrents(1)))
        .isInstanceOf(MakeException.class)
        .hasMessageContaining("original/0001/2001.jpg (size, mtime or inode changed)")
        .hasMessageContaining("nothing published");
    assertThat(Files.readAllBytes(tmp.resolve("out/manifest.json"))).isEqualTo(before);
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("sower-tmp"));
    }
  }

  @Test
  void fileShrinkingWhileHashedFailsWithItsName() throws Exception {
    Path ds = Datasets.tiny(tmp);
    Path victim = ds.resolve("original/0001/2001.jpg");
    TorrentMaker maker = new TorrentMaker(line -> {
      if (line.startsWith("hashing")) {
        try {
          Files.writeString(victim, "012");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }, new Progress());
    assertThatThrownBy(() -> maker.make(MakeOptions.of(ds, tmp.resolve("out")).withTorrents(1)))
        .isInstanceOf(MakeException.class)
        .hasMessageContaining("original/0001/2001.jpg has fewer bytes than the scan found (10)");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void unreadableFileFailsWithItsName() throws Exception {
    Path ds = Datasets.tiny(tmp);
    Path victim = ds.resolve("original/0001/2001.jpg");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      // root reads every mode; a directory opened as a file fails the same read path (EISDIR)
      TorrentMaker maker = new TorrentMaker(line -> {
        if (line.startsWith("hashing")) {
          try {
            Files.delete(victim);
            Files.createDirectory(victim);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }, new Progress());
      assertThatThrownBy(() -> maker.make(MakeOptions.of(ds, tmp.resolve("out")).withTorrents(1)))
          .isInstanceOf(MakeException.class)
          .hasMessageContaining("original/0001/2001.jpg cannot be read");
    } else {
      Files.setPosixFilePermissions(victim, java.util.Set.of());
      assertThatThrownBy(() -> make(MakeOptions.of(ds, tmp.resolve("out")).withTorrents(1)))
          .isInstanceOf(MakeException.class)
          .hasMessageContaining("original/0001/2001.jpg cannot be read");
    }
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void mismatchedPreviousIsRefused() throws Exception {
    Path ds = Datasets.tiny(tmp);
    make(MakeOptions.of(ds, tmp.resolve("r1")).withTorrents(1));
    Files.createDirectories(tmp.resolve("junk"));
    assertThatThrownBy(() -> make(MakeOptions.of(ds, tmp.resolve("o1")).withTorrents(1)
        .withPrevious(tmp.resolve("junk"))))
        .hasMessageContaining("is not the output of sower make");
    assertThatThrownBy(() -> make(MakeOptions.of(ds, tmp.resolve("o2")).withTorrents(2)
        .withPrevious(tmp.resolve("r1"))))
        .hasMessageContaining("was made with --torrents 1");
    Path other = tmp.resolve("x");
    Files.createDirectories(other);
    Path ds2 = Files.move(ds, other.resolve("renamed"));
    assertThatThrownBy(() -> make(MakeOptions.of(ds2, tmp.resolve("o3")).withTorrents(1)
        .withPrevious(tmp.resolve("r1"))))
        .hasMessageContaining("is a release of \"tiny\", not of \"renamed\"");
    // a state file that does not belong to its torrent
    Files.copy(tmp.resolve("r1/state/metadata.state"),
        tmp.resolve("r1/state/original-0000-0999.state"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> make(MakeOptions.of(ds2, tmp.resolve("o4")).withTorrents(1)
        .withPrevious(tmp.resolve("r1"))))
        .hasMessageContaining("does not match its manifest entry or state file");
    for (String o : List.of("o1", "o2", "o3", "o4")) {
      assertThat(tmp.resolve(o)).doesNotExist();
    }
  }

  @Test
  void refusesToReplaceADirectoryThatIsNotAnOutput() throws Exception {
    Path ds = Datasets.tiny(tmp);
    Datasets.write(tmp, "home/important.txt", "keep me");
    assertThatThrownBy(() -> make(MakeOptions.of(ds, tmp.resolve("home"))))
        .hasMessageContaining("refusing to replace it");
    assertThat(tmp.resolve("home/important.txt")).exists();
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(dir::relativize).sorted()
          .collect(Collectors.toList());
    }
  }

  static String xz(Path file) throws IOException {
    try (var in = new org.apache.commons.compress.compressors.xz.XZCompressorInputStream(
        Files.newInputStream(file), true)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
