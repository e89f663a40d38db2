package dev.sower.rsync.flist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sower.dataset.RawPaths;
import dev.sower.rsync.transfer.Errno;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files opened through held directory handles: the same files, and the same failures, as
 * {@link ModuleRoot#openForReading}; symlinks never followed, and a held directory no longer
 * named by its path (moved out, replaced by another directory, a symlink or a file) never read
 * from.
 */
class ModuleFileOpenerTest {
  @TempDir
  Path tmp;
  private Path module;
  private Path outside;
  private ModuleRoot root;
  private ModuleFileOpener opener;

  @BeforeEach
  void tree() throws IOException {
    module = Files.createDirectory(tmp.resolve("module"));
    outside = Files.createDirectory(tmp.resolve("outside"));
    Files.writeString(outside.resolve("f"), "outside");
    write("top");
    write("a/f1");
    write("a/f2");
    write("a/b/c/deep");
    write("a/b/g");
    write("z/f");
    root = new ModuleRoot(module);
    opener = new ModuleFileOpener(root);
  }

  @AfterEach
  void close() {
    opener.close();
  }

  private void write(String rel) throws IOException {
    Path p = module.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "content of " + rel);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String read(FileChannel ch) throws IOException {
    try (ch) {
      ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // until full
      }
      return new String(buf.array(), StandardCharsets.UTF_8);
    }
  }

  /** What the per-path way reports for {@code rel}: the exception's class and rsync's errno text. */
  private String pathWay(byte[] rel) {
    try (FileChannel ch = root.openForReading(rel)) {
      return "opened " + ch.size();
    } catch (IOException e) {
      return e.getClass().getSimpleName() + ": " + Errno.of(e).describe();
    }
  }

  private String heldWay(byte[] rel) {
    try (FileChannel ch = opener.open(rel)) {
      return "opened " + ch.size();
    } catch (IOException e) {
      return e.getClass().getSimpleName() + ": " + Errno.of(e).describe();
    }
  }

  @Test
  void opensFilesInListOrderHoldingOnlyTheCurrentDirectories() throws IOException {
    List<String> got = new ArrayList<>();
    for (String rel : List.of("top", "a/f1", "a/f2", "a/b/c/deep", "a/b/g", "z/f", "./a//f1")) {
      got.add(read(opener.open(b(rel))));
    }
    assertThat(got).containsExactly("content of top", "content of a/f1", "content of a/f2",
        "content of a/b/c/deep", "content of a/b/g", "content of z/f", "content of a/f1");
    assertThat(opener.held()).isEqualTo(2); // the root and a
    read(opener.open(b("a/b/c/deep")));
    assertThat(opener.held()).isEqualTo(4); // the root, a, b, c
    read(opener.open(b("a/b/g")));
    assertThat(opener.held()).isEqualTo(3); // c closed on the way up
  }

  @Test
  void holdsNoMoreThanItsDepthOfDirectories() throws IOException {
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i <= ModuleFileOpener.MAX_HELD_DEPTH; i++) {
      deep.append("d").append(i).append('/');
    }
    write(deep + "too-deep");
    write(deep.substring(0, deep.indexOf("d" + ModuleFileOpener.MAX_HELD_DEPTH)) + "deepest-held");
    read(opener.open(b("a/b/g")));
    assertThat(read(opener.open(b(deep + "too-deep")))).isEqualTo("content of " + deep + "too-deep");
    assertThat(opener.held()).as("still a/b from before: the deep file went by path").isEqualTo(3);
    read(opener.open(b(deep.substring(0, deep.indexOf("d" + ModuleFileOpener.MAX_HELD_DEPTH))
        + "deepest-held")));
    assertThat(opener.held()).isEqualTo(1 + ModuleFileOpener.MAX_HELD_DEPTH);
  }

  @Test
  void namesThatAreNotUtf8() throws IOException {
    byte[] dir = {'d', (byte) 0xff, 'x'};
    byte[] file = {'f', (byte) 0xe9, '.', 'j', 'p', 'g'};
    Path d = Files.createDirectory(RawPaths.resolve(module, dir));
    Files.writeString(RawPaths.resolve(d, file), "latin-1 name");
    byte[] rel = new byte[dir.length + 1 + file.length];
    System.arraycopy(dir, 0, rel, 0, dir.length);
    rel[dir.length] = '/';
    System.arraycopy(file, 0, rel, dir.length + 1, file.length);
    assertThat(read(opener.open(rel))).isEqualTo("latin-1 name");
    assertThat(opener.held()).isEqualTo(2);
  }

  @Test
  void failuresAreTheSameAsOpeningByPath() throws Exception {
    Files.createSymbolicLink(module.resolve("leaf-link"), outside.resolve("f"));
    Files.createSymbolicLink(module.resolve("dir-link"), outside);
    Files.createSymbolicLink(module.resolve("a/inner-link"), module.resolve("z"));
    Files.createDirectory(module.resolve("empty"));
    Process fifo = new ProcessBuilder("mkfifo", module.resolve("fifo").toString()).start();
    assertThat(fifo.waitFor()).isZero();
    List<String> cases = List.of("leaf-link", "dir-link/f", "a/inner-link/f", "missing",
        "missing-dir/f", "a/missing", "top/f", "fifo/f", "a/b/c/deep/x", "empty", "",
        ".", "../module/top", "/etc/passwd", "a/\0/f", "a/f1", "a/b/g");
    for (String rel : cases) {
      // one opener for the whole list, as a session uses it
      assertThat(heldWay(b(rel))).as(rel).isEqualTo(pathWay(b(rel)));
    }
    assertThat(heldWay(b("dir-link/f"))).isEqualTo(
        "EscapeException: Too many levels of symbolic links (40)");
    assertThat(heldWay(b("leaf-link"))).isEqualTo(
        "IOException: Too many levels of symbolic links (40)");
    assertThat(heldWay(b("missing-dir/f"))).isEqualTo(
        "NoSuchFileException: No such file or directory (2)");
  }

  @Test
  void aFifoFoundInPlaceOfADirectoryIsNotOpened() throws Exception {
    Process fifo = new ProcessBuilder("mkfifo", module.resolve("pipe").toString()).start();
    assertThat(fifo.waitFor()).isZero();
    // opening the FIFO itself would wait for a writer: the fstatat before entering prevents it
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
        assertThat(heldWay(b("pipe/f"))).isEqualTo("NotDirectoryException: Not a directory (20)"));
  }

  @Test
  void aHeldDirectorySwappedForASymlinkIsNotFollowed() throws Exception {
    assertThat(read(opener.open(b("z/f")))).isEqualTo("content of z/f");
    Files.move(module.resolve("z"), module.resolve("z.old"));
    Files.createSymbolicLink(module.resolve("z"), outside);
    // the held z is no longer what "z" names: dropped, and the link refused as by path
    assertThat(heldWay(b("z/f"))).isEqualTo(
        "EscapeException: Too many levels of symbolic links (40)").isEqualTo(pathWay(b("z/f")));
    assertThat(opener.held()).isEqualTo(1);
  }

  /** The reviewer's probe: a held directory moved out of the module is never read from. */
  @Test
  void aHeldDirectoryMovedOutOfTheModuleIsNotReadFrom() throws Exception {
    write("a/b/f1");
    assertThat(read(opener.open(b("a/b/f1")))).isEqualTo("content of a/b/f1");
    Files.move(module.resolve("a"), outside.resolve("a"));
    Files.writeString(outside.resolve("a/b/f2"), "outside f2");
    for (String rel : List.of("a/b/f2", "a/b/f1", "a/f1", "a/b/c/deep")) {
      assertThat(heldWay(b(rel))).as(rel).isEqualTo(pathWay(b(rel)))
          .isEqualTo("NoSuchFileException: No such file or directory (2)");
    }
    assertThat(opener.held()).isEqualTo(1);
    // moved back in: found again, and held again
    Files.move(outside.resolve("a"), module.resolve("a"));
    assertThat(read(opener.open(b("a/b/f2")))).isEqualTo("outside f2");
    assertThat(opener.held()).isEqualTo(3);
  }

  @Test
  void aHeldDirectoryBelowTheTopReplacedByASymlinkToOutsideIsNotFollowed() throws Exception {
    Files.writeString(outside.resolve("g"), "outside g");
    read(opener.open(b("a/b/g")));
    Files.move(module.resolve("a/b"), outside.resolve("b"));
    Files.createSymbolicLink(module.resolve("a/b"), outside);
    assertThat(heldWay(b("a/b/g"))).isEqualTo(pathWay(b("a/b/g")))
        .isEqualTo("EscapeException: Too many levels of symbolic links (40)");
    // the level above still matches and stays held
    assertThat(opener.held()).isEqualTo(2);
    assertThat(read(opener.open(b("a/f1")))).isEqualTo("content of a/f1");
  }

  @Test
  void aHeldDirectoryReplacedByAnotherIsReadFromTheNewOne() throws Exception {
    read(opener.open(b("a/b/g")));
    Files.move(module.resolve("a"), outside.resolve("a"));
    Files.writeString(outside.resolve("a/b/only-outside"), "outside");
    write("a/b/g");
    Files.writeString(module.resolve("a/b/g"), "new g");
    assertThat(read(opener.open(b("a/b/g")))).isEqualTo("new g");
    assertThat(opener.held()).isEqualTo(3);
    assertThat(heldWay(b("a/b/only-outside"))).isEqualTo(pathWay(b("a/b/only-outside")))
        .isEqualTo("NoSuchFileException: No such file or directory (2)");
    assertThat(heldWay(b("a/b/c/deep"))).isEqualTo(pathWay(b("a/b/c/deep")));
  }

  @Test
  void aHeldDirectoryReplacedByAFileFailsAsByPath() throws Exception {
    read(opener.open(b("a/b/g")));
    Files.move(module.resolve("a/b"), outside.resolve("b"));
    Files.writeString(module.resolve("a/b"), "now a file");
    assertThat(heldWay(b("a/b/g"))).isEqualTo(pathWay(b("a/b/g")))
        .isEqualTo("NotDirectoryException: Not a directory (20)");
  }

  @Test
  void aHeldDirectoryRemovedAndMadeAgainIsReadByPath() throws Exception {
    read(opener.open(b("a/b/g")));
    Files.delete(module.resolve("a/b/g"));
    Files.delete(module.resolve("a/b/c/deep"));
    Files.delete(module.resolve("a/b/c"));
    Files.delete(module.resolve("a/b"));
    Files.createDirectory(module.resolve("a/b"));
    Files.writeString(module.resolve("a/b/g"), "new g");
    // the held b is gone: its openat fails, the path way finds the new one
    assertThat(read(opener.open(b("a/b/g")))).isEqualTo("new g");
  }

  @Test
  void closedOpenerHoldsNothingAndOpensNothing() throws IOException {
    read(opener.open(b("a/b/g")));
    assertThat(opener.held()).isEqualTo(3);
    opener.close();
    assertThat(opener.held()).isZero();
    assertThatThrownBy(() -> opener.open(b("top")))
        .isInstanceOf(ModuleFileOpener.ClosedException.class);
    assertThat(opener.held()).isZero();
  }
}
