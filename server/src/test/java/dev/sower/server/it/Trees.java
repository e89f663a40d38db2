package dev.sower.server.it;

import dev.sower.dataset.RawPaths;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compares directory trees by raw name bytes and content. */
public final class Trees {
  private Trees() {}

  /** Regular files under {@code root}, keyed by their printable relative path. */
  public static Map<String, Path> files(Path root) throws IOException {
    Map<String, Path> files = new TreeMap<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          files.put(RawPaths.printable(RawPaths.bytes(root.relativize(file))), file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return files;
  }

  /** Relative paths whose content differs between the trees, or that only one tree has. */
  public static List<String> differences(Path expected, Path actual) throws IOException {
    return differences(expected, actual, UnaryOperator.identity());
  }

  /**
   * Like {@link #differences(Path, Path)}, with the downloaded names first passed through
   * {@code clientNames} (clients that rewrite names they cannot store as UTF-8).
   */
  public static List<String> differences(Path expected, Path actual,
      UnaryOperator<String> clientNames) throws IOException {
    Map<String, Path> a = files(expected);
    Map<String, Path> b = new TreeMap<>();
    for (var e : files(actual).entrySet()) {
      b.put(clientNames.apply(e.getKey()), e.getValue());
    }
    List<String> diffs = new ArrayList<>();
    for (var e : a.entrySet()) {
      Path other = b.get(e.getKey());
      if (other == null) {
        diffs.add("missing: " + e.getKey());
      } else if (!Arrays.equals(Files.readAllBytes(e.getValue()), Files.readAllBytes(other))) {
        diffs.add("content differs: " + e.getKey());
      }
    }
    for (String k : b.keySet()) {
      if (!a.containsKey(k)) {
        diffs.add("unexpected: " + k);
      }
    }
    return diffs;
  }

  /** aria2c stores a name byte that is not UTF-8 as {@code %XX}; map it back to {@code \\xhh}. */
  public static String aria2Names(String name) {
    return ARIA2_ESCAPE.matcher(name).replaceAll(m -> {
      int b = Integer.parseInt(m.group(1), 16);
      return b >= 0x80 ? Matcher.quoteReplacement(String.format("\\x%02x", b)) : m.group();
    });
  }

  private static final Pattern ARIA2_ESCAPE = Pattern.compile("%([0-9A-F]{2})");
}
