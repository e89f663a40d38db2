package dev.sower.select;

import dev.sower.dataset.Layout;
import java.util.Locale;

/** The image tree a selection names files in. */
public enum Tree {
  /** Full-size images, each with its own extension: {@code original/0991/58991.png}. */
  ORIGINAL(Layout.ORIGINAL),
  /** The downscaled subset of safe, not deleted images, always JPEG: {@code 512px/0991/58991.jpg}. */
  SUBSET_512(Layout.SUBSET_512);

  private final String dirName;

  Tree(String dirName) {
    this.dirName = dirName;
  }

  /** The tree's top directory in the dataset. */
  public String dirName() {
    return dirName;
  }

  /** Dataset-relative path of image {@code id} whose original has extension {@code fileExt}. */
  public String path(long id, String fileExt) {
    return Layout.imagePath(dirName, id, this == SUBSET_512 ? "jpg" : fileExt);
  }

  /** Parses {@code original} or {@code 512px}. */
  public static Tree parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Tree tree : values()) {
      if (tree.dirName.equals(t)) {
        return tree;
      }
    }
    throw new IllegalArgumentException("unknown tree '" + text + "' (expected original or 512px)");
  }

  @Override
  public String toString() {
    return dirName;
  }
}
