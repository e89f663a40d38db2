package dev.sower.torrent.scan;

import dev.sower.dataset.Layout;
import dev.sower.dataset.RawPaths;
import dev.sower.torrent.MakeException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/**
 * Walks a dataset directory in parallel (one fork-join task per directory), never following
 * symbolic links, keeping names as bytes. Each entry costs one {@code lstat}; there is no per-file
 * work that grows with the number of files.
 */
public final class DatasetScanner {
  private static final Comparator<ScannedFile> BY_PATH =
      (a, b) -> Arrays.compareUnsigned(a.path(), b.path());

  private final int parallelism;

  /** A scanner using {@code parallelism} threads (directory reads block, so more than cores helps). */
  public DatasetScanner(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1");
    }
    this.parallelism = parallelism;
  }

  /** A scanner with twice as many threads as cores, at least four. */
  public DatasetScanner() {
    this(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
  }

  /** Scans {@code root}; throws {@link MakeException} naming the path on any I/O error. */
  public DatasetScan scan(Path root) {
    Path real;
    try {
      real = root.toRealPath();
    } catch (IOException e) {
      throw new MakeException("dataset directory " + root + " cannot be read: " + e);
    }
    if (!Files.isDirectory(real)) {
      throw new MakeException("dataset " + root + " is not a directory");
    }
    ForkJoinPool pool = new ForkJoinPool(parallelism);
    Acc acc;
    try {
      acc = pool.invoke(new DirTask(real, new byte[0]));
    } finally {
      pool.shutdownNow();
    }
    ScannedFile[] files = acc.files.toArray(new ScannedFile[0]);
    Arrays.parallelSort(files, BY_PATH);
    acc.odd.sort(Comparator.<OddFile, byte[]>comparing(OddFile::path, Arrays::compareUnsigned)
        .thenComparing(OddFile::kind));
    return new DatasetScan(real, Arrays.asList(files), acc.odd, acc.dirs);
  }

  /** Size, mtime and inode of a file now, without following links; null when it is gone. */
  public static long[] facts(Path file) throws IOException {
    FileFactsReader.Facts f;
    try {
      f = FileFactsReader.read(file);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
    return new long[] {f.size(), f.mtimeNanos(), f.inode()};
  }

  private static final class Acc {
    final List<ScannedFile> files = new ArrayList<>();
    final List<OddFile> odd = new ArrayList<>();
    long dirs = 1;

    void add(Acc other) {
      files.addAll(other.files);
      odd.addAll(other.odd);
      dirs += other.dirs;
    }
  }

  private static final class DirTask extends RecursiveTask<Acc> {
    private static final long serialVersionUID = 1L;
    private final transient Path dir;
    private final byte[] rel;

    DirTask(Path dir, byte[] rel) {
      this.dir = dir;
      this.rel = rel;
    }

    @Override
    protected Acc compute() {
      Acc acc = new Acc();
      List<DirTask> subdirs = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          byte[] name = RawPaths.nameBytes(entry);
          byte[] path = join(rel, name);
          if (!ascii(name) && !RawPaths.isUtf8(name)) {
            acc.odd.add(new OddFile(path, OddFile.Kind.NON_UTF8_NAME));
          }
          FileFactsReader.Facts a;
          try {
            a = FileFactsReader.read(entry);
          } catch (java.nio.file.NoSuchFileException gone) {
            continue; // vanished between listing and stat: it is not part of this release
          }
          if (a.symlink()) {
            acc.odd.add(new OddFile(path, OddFile.Kind.SYMLINK));
          } else if (a.directory()) {
            DirTask t = new DirTask(entry, path);
            t.fork();
            subdirs.add(t);
          } else if (a.regular()) {
            long size = a.size();
            if (size == 0) {
              acc.odd.add(new OddFile(path, OddFile.Kind.EMPTY));
            }
            acc.files.add(new ScannedFile(path, size, a.mtimeNanos(), a.inode(),
                Layout.parseId(name).orElse(-1)));
          } else {
            acc.odd.add(new OddFile(path, OddFile.Kind.SPECIAL));
          }
        }
      } catch (IOException | SecurityException e) {
        for (DirTask t : subdirs) {
          t.cancel(true);
        }
        throw new MakeException("cannot read directory " + RawPaths.printable(dir) + ": " + e, e);
      }
      for (DirTask t : subdirs) {
        acc.add(t.join());
      }
      return acc;
    }

    private static boolean ascii(byte[] name) {
      for (byte b : name) {
        if (b < 0) {
          return false;
        }
      }
      return true;
    }

    private static byte[] join(byte[] rel, byte[] name) {
      if (rel.length == 0) {
        return name;
      }
      byte[] p = Arrays.copyOf(rel, rel.length + 1 + name.length);
      p[rel.length] = '/';
      System.arraycopy(name, 0, p, rel.length + 1, name.length);
      return p;
    }
  }
}
