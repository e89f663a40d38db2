package dev.sower.rsync.it;

import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * The tree both daemons serve: a small sample dataset (1000 bucket directories per tree, odd
 * files) plus names with spaces, UTF-8, non-UTF-8 bytes and wildcard characters, empty
 * directories, a deep chain, and symlinks pointing inside and outside the module.
 */
final class TestTree {
  private TestTree() {}

  static Path create(Path parent) throws IOException {
    Path root = parent.resolve("tree");
    new SampleGenerator(line -> { }).generate(new SampleOptions(root, 40, 7, 2026, 2));
    Path extra = Files.createDirectories(root.resolve("extra"));
    Files.writeString(extra.resolve("x1.jpg"), "one");
    Files.writeString(extra.resolve("x[1].jpg"), "bracket");
    Files.writeString(extra.resolve(".hidden"), "h");
    Files.writeString(extra.resolve("notes.tmp"), "t");
    Files.createDirectories(root.resolve("sp ace"));
    Files.writeString(root.resolve("sp ace/f 1.jpg"), "space");
    Path cafe = Files.createDirectories(root.resolve("caf\u00e9"));
    Files.writeString(cafe.resolve("x.jpg"), "utf8");
    Files.write(dev.sower.dataset.RawPaths.resolve(extra,
        "bad\u00e9".getBytes(StandardCharsets.ISO_8859_1)), new byte[] {1, 2, 3});
    Path deep = Files.createDirectories(root.resolve("deep/l1/l2/l3"));
    Files.writeString(deep.resolve("leaf.txt"), "leaf");
    Files.writeString(root.resolve("deep/l1/a.o"), "object");
    Files.writeString(root.resolve("deep/l1/l2/b.png"), "png");
    Files.createDirectories(root.resolve("emptydir/inner"));
    // per-directory merge files (-F, dir-merge, -C)
    Files.writeString(root.resolve(".rsync-filter"), "- *.tmp\n");
    Files.writeString(root.resolve("deep/l1/.rsync-filter"),
        "# deeper rules win\n- l3/\n+ b.png\n- b*\n- /a.o\n");
    Files.writeString(root.resolve("deep/.exclude-me"), "*.txt\nl1/a.o\n");
    Files.writeString(extra.resolve(".cvsignore"), "x1.jpg\n in-link");
    Files.writeString(extra.resolve("core"), "c");
    Files.writeString(extra.resolve("prog.o"), "o");
    Files.writeString(extra.resolve("keep.bak~"), "b");
    try {
      Process p = new ProcessBuilder("mkfifo", root.resolve("extra/pipe").toString()).start();
      if (p.waitFor() != 0) {
        throw new IOException("mkfifo failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    Files.createSymbolicLink(extra.resolve("in-link"), Path.of("x1.jpg"));
    Files.writeString(root.resolve("deep/hard-a.bin"), "same inode");
    Files.createLink(root.resolve("deep/l1/hard-b.bin"), root.resolve("deep/hard-a.bin"));
    Files.createLink(root.resolve("deep/l1/l2/hard-c.bin"), root.resolve("deep/hard-a.bin"));
    Files.createSymbolicLink(extra.resolve("out-link"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(extra.resolve("out-dir"), Path.of("/etc"));
    Files.createSymbolicLink(extra.resolve("up-link"), Path.of("../../outside.txt"));
    Files.writeString(parent.resolve("outside.txt"), "must never be listed");
    FileTime t = FileTime.fromMillis(1_700_000_000_000L);
    for (String d : new String[] {"extra", "sp ace", "caf\u00e9", "deep", "deep/l1",
        "deep/l1/l2", "deep/l1/l2/l3", "emptydir", "emptydir/inner", ""}) {
      Files.setLastModifiedTime(root.resolve(d), t);
    }
    return root;
  }
}
