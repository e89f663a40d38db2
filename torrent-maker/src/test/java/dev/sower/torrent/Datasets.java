package dev.sower.torrent;

import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** Small datasets for tests. */
final class Datasets {
  private Datasets() {}

  /** Writes {@code text} at {@code root/rel} with a fixed mtime. */
  static Path write(Path root, String rel, String text) throws IOException {
    return write(root, rel, text.getBytes(StandardCharsets.UTF_8));
  }

  static Path write(Path root, String rel, byte[] bytes) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    Files.setLastModifiedTime(p, FileTime.fromMillis(1_700_000_000_000L));
    return p;
  }

  /** The tiny dataset of the golden test: two originals (IDs out of path order) and metadata. */
  static Path tiny(Path dir) throws IOException {
    Path root = dir.resolve("tiny");
    write(root, "original/0001/2001.jpg", "0123456789");
    write(root, "original/0001/1001.jpg", "hello");
    write(root, "metadata/metadata.json.tar.xz", "meta");
    return root;
  }

  /** A generated sample release of {@code images} images. */
  static Path sample(Path dir, int images, long seed) throws IOException {
    Path root = dir.resolve("ds");
    new SampleGenerator(line -> { }).generate(new SampleOptions(root, images, seed, 2025, 8));
    return root;
  }
}
