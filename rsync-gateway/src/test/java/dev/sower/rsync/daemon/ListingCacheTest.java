package dev.sower.rsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.rsync.filter.FilterList;
import dev.sower.rsync.flist.EncodedList;
import dev.sower.rsync.flist.FileEntry;
import dev.sower.rsync.flist.FileListBuilder;
import dev.sower.rsync.flist.IdNames;
import dev.sower.rsync.flist.ListDiagnostics;
import dev.sower.rsync.flist.ListFormat;
import dev.sower.rsync.flist.ListRequest;
import dev.sower.rsync.flist.ModuleRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encoded listing is reused until a directory in it changes or it gets too old. */
class ListingCacheTest {
  @TempDir
  Path dir;

  private EncodedList build(ModuleRoot root) throws Exception {
    ListFormat f = new ListFormat(false, false, false, false, false, true);
    ListRequest req = new ListRequest("m", true, false, false, f, dev.sower.rsync.filter.ClientFilter.none(),
        FilterList.empty());
    FileListBuilder b = new FileListBuilder(root, req, new ListDiagnostics() {
      @Override
      public void transferError(String text) {
        throw new AssertionError(text);
      }

      @Override
      public void info(String text) {
        throw new AssertionError(text);
      }
    });
    b.addArgument(".".getBytes());
    List<FileEntry> e = b.finish();
    return EncodedList.encode(e, f, true, 0, new IdNames(Map.of(), Map.of()));
  }

  @Test
  void reusedUntilADirectoryChangesOrTooOld() throws Exception {
    Files.createDirectories(dir.resolve("a/b"));
    Files.writeString(dir.resolve("a/b/f"), "x");
    FileTime old = FileTime.fromMillis(1_600_000_000_000L);
    Files.setLastModifiedTime(dir.resolve("a/b"), old);
    ModuleRoot root = new ModuleRoot(dir);
    AtomicLong now = new AtomicLong(1_000);
    ListingCache cache = new ListingCache(4, 1 << 20, 500, 60_000, now::get);
    EncodedList list = build(root);
    assertThat(list.files().size()).isEqualTo(4);
    cache.put("k", list, root);
    assertThat(cache.get("k", root)).containsSame(list);
    assertThat(cache.get("other", root)).isEmpty();

    // a new file changes a/b's mtime: noticed at the next revalidation, not before
    Files.writeString(dir.resolve("a/b/g"), "y");
    now.addAndGet(100);
    assertThat(cache.get("k", root)).containsSame(list);
    now.addAndGet(1000);
    assertThat(cache.get("k", root)).isEmpty();

    // rebuilt and cached again; then expired by age even without changes
    EncodedList again = build(root);
    assertThat(again.files().size()).isEqualTo(5);
    cache.put("k", again, root);
    now.addAndGet(400);
    assertThat(cache.get("k", root)).containsSame(again);
    now.addAndGet(61_000);
    assertThat(cache.get("k", root)).isEmpty();
    assertThat(cache.hits()).isEqualTo(3);
  }

  @Test
  void evictsLeastRecentlyUsedBeyondItsBounds() throws Exception {
    Files.createDirectories(dir.resolve("d"));
    ModuleRoot root = new ModuleRoot(dir);
    ListingCache cache = new ListingCache(2, 1 << 20, 500, 60_000, () -> 0L);
    EncodedList l = build(root);
    cache.put("a", l, root);
    cache.put("b", l, root);
    assertThat(cache.get("a", root)).isPresent();
    cache.put("c", l, root);
    assertThat(cache.get("b", root)).isEmpty();
    assertThat(cache.get("a", root)).isPresent();
    assertThat(cache.get("c", root)).isPresent();
  }
}
