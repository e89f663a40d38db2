package dev.sower.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A dataset of many small files in the reference layout: original/NNNN/ID.jpg. */
public final class ManyFiles {
  private ManyFiles() {}

  /** Writes {@code count} files of 200-1200 random bytes; returns their paths in ID order. */
  public static List<String> create(Path root, int count, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> paths = new ArrayList<>(count);
    byte[] buf = new byte[1200];
    for (int id = 0; id < count; id++) {
      String rel = String.format("original/%04d/%d.jpg", id % 1000, id);
      Path p = root.resolve(rel);
      if (id < 1000) {
        Files.createDirectories(p.getParent());
      }
      int n = 200 + random.nextInt(1000);
      for (int i = 0; i < n; i++) {
        buf[i] = (byte) random.nextInt(256);
      }
      Files.write(p, java.util.Arrays.copyOf(buf, n));
      paths.add(rel);
    }
    return paths;
  }
}
