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
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

  /** What a client is known to do to names and files, independent of the seeder. */
  public enum Quirk {
    /** Stores a name that is not valid UTF-8 under another name (same directory, same bytes). */
    RENAMES_NON_UTF8,
    /** Does not create zero-length files. */
    SKIPS_EMPTY_FILES
  }

  /** Relative paths whose content differs between the trees, or that only one tree has. */
  public static List<String> differences(Path expected, Path actual, Quirk... quirks)
      throws IOException {
    Set<Quirk> allowed = quirks.length == 0 ? EnumSet.noneOf(Quirk.class)
        : EnumSet.copyOf(Arrays.asList(quirks));
    Map<String, Path> a = files(expected);
    Map<String, Path> b = files(actual);
    List<String> diffs = new ArrayList<>();
    List<String> renamedCandidates = new ArrayList<>();
    for (var e : a.entrySet()) {
      Path other = b.get(e.getKey());
      if (other == null) {
        boolean nonUtf8 = !RawPaths.isUtf8(RawPaths.bytes(e.getValue()));
        if (allowed.contains(Quirk.SKIPS_EMPTY_FILES) && Files.size(e.getValue()) == 0) {
          continue;
        }
        if (allowed.contains(Quirk.RENAMES_NON_UTF8) && nonUtf8) {
          renamedCandidates.add(e.getKey());
          continue;
        }
        diffs.add("missing: " + e.getKey());
      } else if (!Arrays.equals(Files.readAllBytes(e.getValue()), Files.readAllBytes(other))) {
        diffs.add("content differs: " + e.getKey());
      }
    }
    List<String> extra = new ArrayList<>();
    for (String k : b.keySet()) {
      if (!a.containsKey(k)) {
        extra.add(k);
      }
    }
    for (String missing : renamedCandidates) {
      byte[] content = Files.readAllBytes(a.get(missing));
      String dir = missing.substring(0, missing.lastIndexOf('/') + 1);
      String match = null;
      for (String k : extra) {
        if (k.startsWith(dir) && k.indexOf('/', dir.length()) < 0
            && Arrays.equals(content, Files.readAllBytes(b.get(k)))) {
          match = k;
          break;
        }
      }
      if (match == null) {
        diffs.add("missing: " + missing);
      } else {
        extra.remove(match);
      }
    }
    for (String k : extra) {
      diffs.add("unexpected: " + k);
    }
    return diffs;
  }

}
