package dev.sower.torrent.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.dataset.Layout;
import dev.sower.torrent.scan.OddFile;
import dev.sower.torrent.scan.ScannedFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeSplitterTest {
  private static ScannedFile f(String path) {
    byte[] p = path.getBytes(StandardCharsets.UTF_8);
    String name = path.substring(path.lastIndexOf('/') + 1);
    return new ScannedFile(p, 10, 0, 0, Layout.parseId(name).orElse(-1));
  }

  private static List<String> paths(TorrentPlan p) {
    return p.files().stream().map(x -> new String(x.path(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void rangesCoverAllBucketsEvenWhenTheCountDoesNotDivide() {
    RangeSplitter s = new RangeSplitter(3);
    assertThat(s.rangeName("original", 0)).isEqualTo("original-0000-0332");
    assertThat(s.rangeName("original", 1)).isEqualTo("original-0333-0665");
    assertThat(s.rangeName("original", 2)).isEqualTo("original-0666-0999");
    assertThat(new RangeSplitter(10).rangeName("512px", 9)).isEqualTo("512px-0900-0999");
  }

  @Test
  void splitsByBucketRangeAndOrdersByIdThenOtherNames() {
    RangeSplitter s = new RangeSplitter(10);
    RangeSplitter.Split split = s.split(List.of(
        f("512px/0001/1001.jpg"),
        f("README.txt"),
        f("metadata/metadata.json.tar.xz"),
        f("original/0001/1001.png"),
        f("original/0001/10001.jpg"),
        f("original/0002/2.jpg"),
        f("original/0003/a note.txt"),
        f("original/0099/99.jpg"),
        f("original/0100/100.jpg"),
        f("original/0100/1.jpg"),
        f("original/stray.txt"),
        f("original/0100/sub/5100.jpg")));
    List<TorrentPlan> plans = split.plans();
    assertThat(plans).extracting(TorrentPlan::name)
        .containsExactly("original-0000-0099", "original-0100-0199", "512px-0000-0099", "metadata");
    assertThat(paths(plans.get(0))).containsExactly("original/0002/2.jpg", "original/0099/99.jpg",
        "original/0001/1001.png", "original/0001/10001.jpg", "original/0003/a note.txt");
    // 1.jpg sits in the wrong bucket but keeps its place in ID order; sub/ is not an ID path
    assertThat(paths(plans.get(1))).containsExactly("original/0100/1.jpg",
        "original/0100/100.jpg", "original/0100/sub/5100.jpg");
    assertThat(paths(plans.get(3))).containsExactly("README.txt", "metadata/metadata.json.tar.xz",
        "original/stray.txt");
    assertThat(plans.get(1).bucketFrom()).isEqualTo(100);
    assertThat(plans.get(1).bucketTo()).isEqualTo(199);
    assertThat(split.emptyRanges()).hasSize(17).contains("original-0200-0299", "512px-0900-0999");
    assertThat(split.odd()).extracting(o -> new String(o.path(), StandardCharsets.UTF_8), OddFile::kind)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("original/0003/a note.txt", OddFile.Kind.NOT_AN_ID_NAME),
            org.assertj.core.groups.Tuple.tuple("original/0100/1.jpg", OddFile.Kind.WRONG_BUCKET),
            org.assertj.core.groups.Tuple.tuple("original/0100/sub/5100.jpg", OddFile.Kind.NOT_AN_ID_NAME),
            org.assertj.core.groups.Tuple.tuple("original/stray.txt", OddFile.Kind.OUTSIDE_BUCKETS));
  }
}
