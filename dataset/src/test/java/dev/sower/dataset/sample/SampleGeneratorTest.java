package dev.sower.dataset.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sower.dataset.Layout;
import dev.sower.dataset.RawPaths;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGeneratorTest {
  private static final int IMAGES = 400;
  @TempDir static Path shared;
  static Path release1;
  static SampleSummary summary1;

  @BeforeAll
  static void generateOnce() throws IOException {
    release1 = shared.resolve("r1");
    summary1 = new SampleGenerator(s -> { }).generate(new SampleOptions(release1, IMAGES, 7, 2026, 8));
  }

  @Test
  void sameSeedGivesSameBytesNamesAndTimes(@TempDir Path tmp) throws IOException {
    Path again = tmp.resolve("again");
    new SampleGenerator(s -> { }).generate(new SampleOptions(again, IMAGES, 7, 2026, 8));
    assertThat(snapshot(again)).isEqualTo(snapshot(release1));

    Path other = tmp.resolve("other");
    new SampleGenerator(s -> { }).generate(new SampleOptions(other, IMAGES, 8, 2026, 8));
    assertThat(snapshot(other)).isNotEqualTo(snapshot(release1));
  }

  @Test
  void layoutAndMetadataAgreeWithTheFiles() throws Exception {
    List<ImageRecord> records = MetadataArchive.read(release1.resolve("metadata/metadata.json.tar.xz"));
    assertThat(records).hasSize(IMAGES);
    assertThat(records).extracting(ImageRecord::id).isSorted().doesNotHaveDuplicates();
    long gaps = 0;
    for (int i = 1; i < records.size(); i++) {
      gaps += records.get(i).id() - records.get(i - 1).id() - 1;
    }
    assertThat(gaps).as("IDs are sparse").isGreaterThan(IMAGES / 10);
    Set<Character> ratings = new TreeSet<>();
    Set<String> exts = new TreeSet<>();
    int plain = 0;
    for (ImageRecord r : records) {
      ratings.add(r.rating());
      exts.add(r.fileExt());
      Path original = release1.resolve(r.originalPath());
      assertThat(original).isRegularFile();
      assertThat(Files.exists(release1.resolve(r.subsetPath()))).isEqualTo(r.inSubset());
      byte[] bytes = Files.readAllBytes(original);
      if (bytes.length == r.fileSize()) {
        assertThat(md5(bytes)).isEqualTo(r.md5());
        plain++;
      }
    }
    assertThat(plain).isGreaterThanOrEqualTo(IMAGES - 3);
    assertThat(ratings).contains('s', 'q', 'e');
    assertThat(exts).contains("jpg", "png");
    // Every bucket directory exists in both image trees, as in the real dataset.
    try (var b = Files.list(release1.resolve(Layout.ORIGINAL))) {
      assertThat(b.count()).isEqualTo(1000);
    }
    try (var b = Files.list(release1.resolve(Layout.SUBSET_512))) {
      assertThat(b.count()).isEqualTo(1000);
    }
  }

  @Test
  void containsTheOddFilesOnPurpose() throws IOException {
    Map<String, String> odd = summary1.oddFiles().stream()
        .collect(Collectors.toMap(s -> s.substring(0, s.indexOf(' ')), s -> s.substring(s.indexOf(' ') + 1), (a, b) -> a));
    assertThat(odd).containsKeys("png-named-jpg", "truncated", "zero-byte", "space-in-name", "utf8-name", "non-utf8-name");
    byte[] pngAsJpg = Files.readAllBytes(release1.resolve(odd.get("png-named-jpg")));
    assertThat(odd.get("png-named-jpg")).endsWith(".jpg");
    assertThat(pngAsJpg[0] & 0xff).isEqualTo(0x89);
    assertThat(release1.resolve(odd.get("zero-byte"))).isEmptyFile();
    assertThat(release1.resolve(odd.get("space-in-name"))).isRegularFile();
    assertThat(release1.resolve(odd.get("utf8-name"))).isRegularFile();
    long nonUtf8 = snapshot(release1).keySet().stream().filter(k -> k.contains("\\xe9")).count();
    assertThat(nonUtf8).isEqualTo(1);
  }

  @Test
  void refusesToWriteIntoANonEmptyDirectory(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("keep.txt"), "precious");
    assertThatThrownBy(() -> new SampleGenerator(s -> { }).generate(new SampleOptions(tmp, 10, 1, 2026, 8)))
        .isInstanceOf(IOException.class).hasMessageContaining("not empty");
    assertThat(tmp.resolve("keep.txt")).hasContent("precious");
    try (var s = Files.list(tmp)) {
      assertThat(s.count()).as("no temporary directory left behind").isEqualTo(1);
    }
  }

  @Test
  void updateSummaryMatchesWhatIsOnDisk(@TempDir Path tmp) throws Exception {
    Path release2 = tmp.resolve("r2");
    UpdateSummary s = new SampleGenerator(x -> { }).update(release1, release2, 7);
    assertThat(s.oldYear()).isEqualTo(2026);
    assertThat(s.newYear()).isEqualTo(2027);
    assertThat(s.addedImages()).isEqualTo(IMAGES / 10);
    assertThat(s.removedImages()).isEqualTo(2); // 0.5% of 400
    assertThat(s.reencodedImages()).isEqualTo(2);

    Map<String, String> before = snapshot(release1);
    Map<String, String> after = snapshot(release2);
    Set<String> onlyNew = new TreeSet<>(after.keySet());
    onlyNew.removeAll(before.keySet());
    Set<String> onlyOld = new TreeSet<>(before.keySet());
    onlyOld.removeAll(after.keySet());
    Set<String> changed = new TreeSet<>();
    for (String k : after.keySet()) {
      if (before.containsKey(k) && !before.get(k).equals(after.get(k))) {
        changed.add(k);
      }
    }
    // Directories are not files: compare only file entries (their snapshot value starts with "f").
    assertThat(files(onlyNew, after)).containsExactlyElementsOf(s.added());
    assertThat(files(onlyOld, before)).containsExactlyElementsOf(s.removed());
    assertThat(filesChanged(changed, before, after)).containsExactlyElementsOf(s.modified());

    List<ImageRecord> oldRecords = MetadataArchive.read(release1.resolve("metadata/metadata.json.tar.xz"));
    List<ImageRecord> newRecords = MetadataArchive.read(release2.resolve("metadata/metadata.json.tar.xz"));
    long maxOld = oldRecords.get(oldRecords.size() - 1).id();
    assertThat(newRecords).hasSize(IMAGES - 2 + IMAGES / 10);
    assertThat(newRecords.stream().filter(r -> r.id() > maxOld).count()).isEqualTo(IMAGES / 10);
    Set<Integer> newBuckets = newRecords.stream().filter(r -> r.id() > maxOld)
        .map(r -> Layout.bucket(r.id()) / 100).collect(Collectors.toSet());
    assertThat(newBuckets).as("new IDs fall in every range of buckets").hasSize(10);
    assertThat(MetadataArchive.year(release2.resolve("metadata/2026/metadata.json.tar.xz"))).isEqualTo(2026);
    assertThat(MetadataArchive.year(release2.resolve("metadata/metadata.json.tar.xz"))).isEqualTo(2027);
  }

  @Test
  void updateIsDeterministic(@TempDir Path tmp) throws IOException {
    new SampleGenerator(x -> { }).update(release1, tmp.resolve("a"), 3);
    new SampleGenerator(x -> { }).update(release1, tmp.resolve("b"), 3);
    assertThat(snapshot(tmp.resolve("a"))).isEqualTo(snapshot(tmp.resolve("b")));
  }

  @Test
  void updateRefusesADirectoryThatIsNotARelease(@TempDir Path tmp) {
    assertThatThrownBy(() -> new SampleGenerator(x -> { }).update(tmp, tmp.resolve("out"), 1))
        .isInstanceOf(IOException.class).hasMessageContaining("not a sample release");
  }

  private static List<String> files(Set<String> keys, Map<String, String> snap) {
    return keys.stream().filter(k -> snap.get(k).startsWith("f")).sorted().toList();
  }

  private static List<String> filesChanged(Set<String> keys, Map<String, String> before, Map<String, String> after) {
    return keys.stream().filter(k -> after.get(k).startsWith("f") && !sameContent(before.get(k), after.get(k)))
        .sorted().toList();
  }

  private static boolean sameContent(String a, String b) {
    return a.substring(0, a.lastIndexOf(' ')).equals(b.substring(0, b.lastIndexOf(' ')));
  }

  /** Printable relative path -> "f <md5> <size> <mtime>" or "d <mtime>". */
  static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (!dir.equals(root)) {
          out.put(RawPaths.printable(root.relativize(dir)), "d " + attrs.lastModifiedTime().toMillis());
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        assertThat(Files.isSymbolicLink(file)).isFalse();
        out.put(RawPaths.printable(root.relativize(file)),
            "f " + md5(Files.readAllBytes(file)) + " " + attrs.size() + " " + attrs.lastModifiedTime().toMillis());
        return FileVisitResult.CONTINUE;
      }
    });
    return out;
  }

  static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
