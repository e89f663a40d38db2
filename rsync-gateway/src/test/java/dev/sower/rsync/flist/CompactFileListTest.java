package dev.sower.rsync.flist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The cached list form: wire bytes plus checkpoints decode back to the very same entries. */
class CompactFileListTest {
  private static String show(FileEntry e) {
    return new String(e.name(), StandardCharsets.ISO_8859_1) + "|"
        + new String(e.rootInModule(), StandardCharsets.ISO_8859_1) + "|"
        + Integer.toOctalString(e.mode()) + "|" + e.size() + "|" + e.mtime() + "|"
        + e.mtimeNsec() + "|" + e.uid() + "|" + e.gid() + "|" + e.rdevMajor() + "|"
        + e.rdevMinor() + "|" + Arrays.toString(e.linkTarget()) + "|"
        + Arrays.toString(e.md5()) + "|" + e.flags();
  }

  @Test
  void decodesEveryEntryByIndexAndInOrder() {
    SplittableRandom r = new SplittableRandom(5);
    byte[] rootA = "original".getBytes();
    byte[] rootB = "512px/0001".getBytes();
    List<FileEntry> list = new ArrayList<>();
    list.add(new FileEntry(".".getBytes(), rootA, 040755, 4096, 1_700_000_000L, 0, 0, 0, 0, 0,
        null, null, FileEntry.TOP_DIR | FileEntry.CONTENT_DIR));
    for (int i = 0; i < 500; i++) {
      int kind = r.nextInt(5);
      String name = "d" + (i / 50) + "/" + "n".repeat(r.nextInt(1, 300)) + i;
      int mode = switch (kind) {
        case 0 -> 040700;
        case 1 -> 0120777;
        case 2 -> 0020644;
        default -> 0100644 | r.nextInt(8);
      };
      byte[] md5 = kind >= 3 ? new byte[16] : null;
      if (md5 != null) {
        md5[0] = (byte) i;
      }
      int flags = kind == 0 ? (i % 3 == 0 ? FileEntry.IMPLIED_DIR : FileEntry.CONTENT_DIR) : 0;
      list.add(new FileEntry(name.getBytes(), i % 7 == 0 ? rootB : rootA, mode,
          r.nextLong(0, 1L << 40), 1_700_000_000L + r.nextInt(3), r.nextInt(3) == 0
          ? r.nextInt(1_000_000_000) : 0, 1000 + r.nextInt(2), 100 + r.nextInt(2),
          kind == 2 ? r.nextInt(300) : 0, kind == 2 ? r.nextInt(70000) : 0,
          kind == 1 ? ("target" + i).getBytes() : null, md5, flags));
    }
    ListFormat f = new ListFormat(true, true, true, true, true, true);
    EncodedList enc = EncodedList.encode(list, f, true, 0, new IdNames(Map.of(), Map.of()));
    FileList files = enc.files();
    assertThat(files.size()).isEqualTo(list.size());
    for (int i = list.size() - 1; i >= 0; i--) {
      assertThat(show(files.get(i))).as("entry %d", i).isEqualTo(show(list.get(i)));
    }
    List<String> seq = new ArrayList<>();
    files.forEach(e -> seq.add(show(e)));
    assertThat(seq).containsExactlyElementsOf(list.stream().map(CompactFileListTest::show)
        .toList());
  }
}
