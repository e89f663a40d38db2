package dev.sower.rsync.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The files a {@link SenderWarmUp} serves to itself, written into a scratch directory (never
 * under a module), the same bytes on every run, deleted by {@link #close}. Laid out like the
 * dataset: bucket directories {@code 0000..0007}, each with a file the client updates (delta),
 * 40 new files of 32 to 512 KiB, 150 small {@code .jpg} files (a skip-compress suffix) and one
 * file of compressible JSON text, updated in the last two buckets. The new files are sparse:
 * 4 KiB of data at each end around a hole (what the sender does with them does not depend on
 * their bytes), so the tree takes about 20 MB of disk for 100 MB of file data.
 */
final class WarmUpTree implements AutoCloseable {
  /** What the warm-up client asks of a file. */
  enum Kind {
    /** Random bytes; the client holds an edited copy and sends its block sums. */
    DELTA,
    /** A sparse file the client does not have. */
    NEW,
    /** A few KiB the client does not have. */
    SMALL,
    /** Compressible text the client does not have. */
    TEXT,
    /** Compressible text; the client holds an edited copy. */
    TEXT_DELTA
  }

  /**
   * One file of the tree.
   *
   * @param ndx   its index in the file list
   * @param basis the client's old copy for the delta kinds, else null
   */
  record Entry(int ndx, String name, Kind kind, byte[] basis) {}

  /** The name of every scratch tree starts with this. */
  static final String PREFIX = "sower-rsync-warm-up-";
  static final int BUCKETS = 8;
  static final int NEW_PER_BUCKET = 40;
  static final int SMALL_PER_BUCKET = 150;
  /** Buckets from this one on hold a {@link Kind#TEXT_DELTA} file, the others a TEXT file. */
  static final int FIRST_TEXT_DELTA = 6;
  private static final int NEW_MIN = 32 << 10;
  private static final int NEW_SPREAD = 480 << 10;
  private static final int NEW_ENDS = 4 << 10;
  private static final int DELTA_SIZE = 1 << 20;
  private static final int TEXT_SIZE = 512 << 10;

  private final Path root;
  private final List<Entry> entries;

  private WarmUpTree(Path root, List<Entry> entries) {
    this.root = root;
    this.entries = entries;
  }

  /**
   * Writes the tree into a new directory under {@code parent}. File-list order (rsync's, for
   * a tree of directories holding only files): "." first, then each directory followed by its
   * files, names compared bytewise.
   */
  static WarmUpTree write(Path parent) throws IOException {
    Path root = Files.createTempDirectory(parent, PREFIX);
    List<Entry> entries = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(0x50E7L);
    int ndx = 0;
    try {
      for (int b = 0; b < BUCKETS; b++) {
        String dir = String.format("%04d", b);
        Files.createDirectory(root.resolve(dir));
        ndx++;   // the directory's own entry
        byte[] delta = random(rnd, DELTA_SIZE);
        entries.add(put(root, ++ndx, dir + "/d.bin", Kind.DELTA, delta, edited(delta, b)));
        for (int i = 0; i < NEW_PER_BUCKET; i++) {
          String name = String.format("%s/m%02d.bin", dir, i);
          long size = NEW_MIN + (long) (b * NEW_PER_BUCKET + i) * 97_331 % NEW_SPREAD;
          writeSparse(root.resolve(name), size, random(rnd, NEW_ENDS), random(rnd, NEW_ENDS));
          entries.add(new Entry(++ndx, name, Kind.NEW, null));
        }
        for (int i = 0; i < SMALL_PER_BUCKET; i++) {
          int size = 200 + ((b * SMALL_PER_BUCKET + i) * 37) % 6000;
          entries.add(put(root, ++ndx, String.format("%s/s%03d.jpg", dir, i), Kind.SMALL,
              random(rnd, size), null));
        }
        byte[] text = text(rnd, TEXT_SIZE);
        boolean updated = b >= FIRST_TEXT_DELTA;
        entries.add(put(root, ++ndx, dir + "/t.json", updated ? Kind.TEXT_DELTA : Kind.TEXT,
            text, updated ? edited(text, b) : null));
      }
    } catch (IOException | RuntimeException e) {
      delete(root);
      throw e;
    }
    return new WarmUpTree(root, List.copyOf(entries));
  }

  private static Entry put(Path root, int ndx, String name, Kind kind, byte[] data,
      byte[] basis) throws IOException {
    Files.write(root.resolve(name), data);
    return new Entry(ndx, name, kind, basis);
  }

  private static void writeSparse(Path file, long size, byte[] head, byte[] tail)
      throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(head), 0);
      ch.write(ByteBuffer.wrap(tail), size - tail.length);
    }
  }

  private static byte[] random(SplittableRandom rnd, int size) {
    byte[] b = new byte[size];
    rnd.nextBytes(b);
    return b;
  }

  private static byte[] text(SplittableRandom rnd, int size) {
    String[] words = {"sower", "rsync", "dataset", "image", "tag", "rating", "width", "md5"};
    StringBuilder sb = new StringBuilder(size + 64);
    while (sb.length() < size) {
      sb.append("{\"id\": ").append(rnd.nextInt(10_000_000)).append(", \"")
          .append(words[rnd.nextInt(words.length)]).append("\": \"")
          .append(words[rnd.nextInt(words.length)]).append("\"}\n");
    }
    return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), size);
  }

  /**
   * The client's old copy: 1 KiB overwritten in the middle and 100 bytes cut early on, so the
   * matcher finds blocks off their basis alignment and literal runs between them.
   */
  private static byte[] edited(byte[] data, int salt) {
    byte[] old = data.clone();
    int mid = old.length / 2;
    for (int i = 0; i < 1024; i++) {
      old[mid + i] ^= (byte) (0x5A + salt);
    }
    int cut = old.length / 4 + salt * 100;
    byte[] shorter = new byte[old.length - 100];
    System.arraycopy(old, 0, shorter, 0, cut);
    System.arraycopy(old, cut + 100, shorter, cut, old.length - cut - 100);
    return shorter;
  }

  Path root() {
    return root;
  }

  /** The files (not the directories) in file-list order. */
  List<Entry> entries() {
    return entries;
  }

  /** Entries in the file list: ".", the directories and the files. */
  int listSize() {
    return 1 + BUCKETS + entries.size();
  }

  /**
   * Deletes the tree, as much of it as can be: every entry is tried; the first failure is
   * thrown after.
   */
  @Override
  public void close() throws IOException {
    delete(root);
  }

  /**
   * Deletes trees a warm-up left under {@code parent} (the JVM was killed during one) that were
   * last changed before {@code olderThan}: a live warm-up of another daemon sharing the
   * directory is younger. Best effort: what cannot be deleted stays.
   */
  static void deleteStale(Path parent, Instant olderThan) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, PREFIX + "*")) {
      for (Path d : dirs) {
        BasicFileAttributes a = Files.readAttributes(d, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        if (a.isDirectory() && a.lastModifiedTime().toInstant().isBefore(olderThan)) {
          delete(d);
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort: a tree that stays costs disk space, nothing else
    }
  }

  /** Deletes what {@link #write} made: two levels, no links followed, every entry tried. */
  private static void delete(Path root) throws IOException {
    IOException first = null;
    List<Path> all;
    try (var s = Files.walk(root, 2)) {
      all = s.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
