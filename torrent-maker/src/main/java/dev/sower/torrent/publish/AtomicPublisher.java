package dev.sower.torrent.publish;

import dev.sower.dataset.Trees;
import dev.sower.torrent.MakeException;
import dev.sower.torrent.meta.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Makes an output directory appear whole or not at all. Everything is written into a hidden sibling
 * {@code .OUT.sower-tmp-*}; publishing renames the old {@code OUT} aside, renames the new one into
 * place and deletes the old one. A run killed before publishing leaves {@code OUT} untouched (and a
 * temporary directory, which the next successful run into the same {@code OUT} deletes); the two
 * renames take microseconds. Two makes into the same {@code OUT} at once are not supported.
 *
 * <p>{@code OUT} must be absent, empty, or a previous output (holding {@code manifest.json}): any
 * other directory is refused rather than replaced.
 */
public final class AtomicPublisher implements AutoCloseable {
  private final Path out;
  private final Path staging;
  private boolean published;

  /** Checks {@code out} and creates the staging directory next to it. */
  public AtomicPublisher(Path out) {
    this.out = out.toAbsolutePath().normalize();
    Path parent = this.out.getParent();
    if (parent == null) {
      throw new MakeException("output directory " + out + " has no parent directory");
    }
    checkReplaceable(this.out);
    try {
      Files.createDirectories(parent);
      this.staging = Files.createDirectory(parent.resolve(
          "." + this.out.getFileName() + ".sower-tmp-" + UUID.randomUUID()));
    } catch (IOException e) {
      throw new MakeException("cannot create a directory next to " + out + ": " + e, e);
    }
  }

  /** Where to write the files before publishing. */
  public Path staging() {
    return staging;
  }

  /** Replaces {@code out} with the staging directory. */
  public void publish() throws IOException {
    checkReplaceable(out);
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      Path old = out.resolveSibling("." + out.getFileName() + ".sower-old-" + UUID.randomUUID());
      Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
      published = true;
      Trees.delete(old);
    } else {
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
      published = true;
    }
    removeLeftovers();
  }

  /** Deletes what killed runs into the same output left behind (one make per OUT at a time). */
  private void removeLeftovers() throws IOException {
    String prefix = "." + out.getFileName() + ".sower-";
    try (Stream<Path> s = Files.list(out.getParent())) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith(prefix + "tmp-") || n.startsWith(prefix + "old-")) {
          Trees.delete(p);
        }
      }
    }
  }

  /** Deletes the staging directory unless it was published. */
  @Override
  public void close() {
    if (!published) {
      try {
        Trees.delete(staging);
      } catch (IOException ignored) {
        // best effort: a leftover hidden temp directory is harmless and named for what it is
      }
    }
  }

  private static void checkReplaceable(Path out) {
    if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
      throw new MakeException("output " + out + " exists and is not a directory");
    }
    if (Files.isRegularFile(out.resolve(Manifest.FILE))) {
      return;
    }
    try (Stream<Path> s = Files.list(out)) {
      if (s.findAny().isPresent()) {
        throw new MakeException("output directory " + out
            + " is not empty and holds no " + Manifest.FILE + " of an earlier make; refusing to"
            + " replace it");
      }
    } catch (IOException e) {
      throw new MakeException("cannot list output directory " + out + ": " + e, e);
    }
  }
}
