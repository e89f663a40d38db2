package dev.sower.rsync.flist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** f_name_cmp order, as rsync 3.x prints a recursive listing. */
class FileNameOrderTest {
  private static FileEntry e(String name, boolean dir) {
    return new FileEntry(name.getBytes(StandardCharsets.ISO_8859_1), new byte[0],
        dir ? 040755 : 0100644, 0, 0, 0, 0, 0, 0, 0, null, null, 0);
  }

  @Test
  void matchesRsyncListingOrder() {
    // the order `rsync -r --list-only` printed for this tree (checked with rsync 3.5.0)
    List<FileEntry> want = List.of(e(".", true), e("z", false), e("a", true), e("a/f", false),
        e("a/x", true), e("a/x/g", false), e("b", true), e("b/h", false));
    List<FileEntry> got = new ArrayList<>(want);
    Collections.shuffle(got, new java.util.Random(1));
    got.sort(FileNameOrder.INSTANCE);
    assertThat(got).extracting(f -> new String(f.name(), StandardCharsets.ISO_8859_1))
        .containsExactly(".", "z", "a", "a/f", "a/x", "a/x/g", "b", "b/h");
  }

  @Test
  void directoriesCompareWithImpliedSlash() {
    // "a-b/" < "a/" because '-' (0x2d) < '/' (0x2f); files compare plainly: "a" < "a-b"
    assertThat(FileNameOrder.compare("a-b".getBytes(), true, "a".getBytes(), true)).isNegative();
    assertThat(FileNameOrder.compare("a".getBytes(), false, "a-b".getBytes(), false))
        .isNegative();
    // bytes are unsigned: 0xe9 sorts after 'z'
    assertThat(FileNameOrder.compare(new byte[] {(byte) 0xe9}, false, "z".getBytes(), false))
        .isPositive();
    // a file sorts before a directory of the same parent regardless of names
    assertThat(FileNameOrder.compare("zz".getBytes(), false, "aa".getBytes(), true))
        .isNegative();
    // a directory sorts before its contents
    assertThat(FileNameOrder.compare("d".getBytes(), true, "d/0".getBytes(), false))
        .isNegative();
  }
}
