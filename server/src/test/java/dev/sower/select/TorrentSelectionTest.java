package dev.sower.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sower.torrent.meta.TorrentFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorrentSelectionTest {
  @TempDir Path tmp;

  private Path torrent(String name, String... paths) throws Exception {
    List<TorrentFile.Entry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < paths.length; i++) {
      entries.add(new TorrentFile.Entry(paths[i].getBytes(StandardCharsets.UTF_8), 10, 10L * i));
    }
    int pieces = (paths.length * 10 + 15) / 16;
    TorrentFile t = new TorrentFile(name.getBytes(StandardCharsets.UTF_8), 16, new byte[20 * pieces],
        entries, List.of(), List.of(), OptionalLong.empty(), new byte[20]);
    Path file = tmp.resolve(name + ".torrent");
    Files.write(file, t.encode());
    return file;
  }

  @Test
  void rangesCollapseRunsAndApplyTheBase() {
    BitSet b = new BitSet();
    for (int i : new int[] {0, 1, 2, 4, 6, 7, 10}) {
      b.set(i);
    }
    assertThat(TorrentSelection.ranges(b, 1)).isEqualTo("1-3,5,7-8,11");
    assertThat(TorrentSelection.ranges(b, 0)).isEqualTo("0-2,4,6-7,10");
    assertThat(TorrentSelection.ranges(new BitSet(), 1)).isEmpty();
  }

  @Test
  void matchesPathsRelativeToTheTorrentNameAndCountsTheRest() throws Exception {
    Path t = torrent("danbooru", "metadata/metadata.json.tar.xz", "original/0001/1001.jpg",
        "original/0001/2001.png", "original/0002/1002.png", "512px/0001/1001.jpg");
    TorrentSelection s = TorrentSelection.read(t);
    s.matched(1001, "original/0001/1001.jpg");
    s.matched(1002, "original/0002/1002.png");
    s.matched(3003, "original/0003/3003.png");
    assertThat(s.indexes(TorrentSelection.Client.ARIA2C)).isEqualTo("2,4");
    assertThat(s.indexes(TorrentSelection.Client.TRANSMISSION)).isEqualTo("1,3");
    assertThat(s.selectedFiles()).isEqualTo(2);
    assertThat(s.files()).isEqualTo(5);
    assertThat(s.notInTorrent()).isEqualTo(1);
  }

  @Test
  void aTorrentOfOneTreeMatchesToo() throws Exception {
    Path t = torrent("original", "0001/1001.jpg", "0001/2001.png");
    TorrentSelection s = TorrentSelection.read(t);
    s.matched(2001, "original/0001/2001.png");
    assertThat(s.indexes(TorrentSelection.Client.ARIA2C)).isEqualTo("2");
  }

  @Test
  void notATorrentIsAClearError() throws Exception {
    Path bad = tmp.resolve("bad.torrent");
    Files.writeString(bad, "d4:infoi3ee");
    assertThatThrownBy(() -> TorrentSelection.read(bad)).isInstanceOf(SelectException.class)
        .hasMessageContaining("is not a v1 torrent");
    assertThatThrownBy(() -> TorrentSelection.read(tmp.resolve("none.torrent")))
        .hasMessageContaining("no such torrent");
  }
}
